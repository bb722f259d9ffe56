#!/bin/sh
# Ctrl-C mid-run: no child left behind, exit 128+SIGINT, the rows measured so
# far written as a valid CSV with its summary.
. "$FB_SRC/tests/lib.sh"
out=$FB_TMP/interrupt-$$.csv
"$FB_BIN/forkbench-footprint" --sizes 0,64M --heap touched --alloc 64M --reps 100000 --warmup 0 \
	--events none -o "$out" 2>"$FB_TMP/err" &
pid=$!
i=0
while [ "$(awk 'END{print NR}' "$out" 2>/dev/null || echo 0)" -lt 21 ] && [ $i -lt 100 ]; do
	sleep 0.1; i=$((i + 1))
done
kill -INT "$pid"
set +e
wait "$pid"
rc=$?
set -e
[ "$rc" -eq 130 ] || fail "exit status $rc after SIGINT, expected 130: $(cat "$FB_TMP/err")"
ok "SIGINT -> exit 130"
sleep 0.2
left=$(pgrep -f "interrupt-$$" || true)
[ -z "$left" ] || fail "children left behind: $left"
ok "no child left behind"
rows=$(awk 'END{print NR-1}' "$out")
[ "$rows" -ge 20 ] || fail "only $rows rows kept"
same_width "$out" || fail "CSV not rectangular after interrupt"
tail -c 1 "$out" | od -An -c | grep -q '\\n' || fail "last row cut short"
st=$(col "$out" status)
bad=$(awk -F, -v s="$st" 'NR>1 && $s!="ok"{print NR": "$0; exit}' "$out")
[ -z "$bad" ] || fail "an interrupted call was recorded: $bad"
[ -s "${out%.csv}.summary.csv" ] || fail "no summary written"
ok "$rows rows kept, all ok, rectangular, summary written"
done_tests
