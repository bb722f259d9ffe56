#!/bin/sh
# What was asked is what was observed: resident bytes, THP share and VMA count
# read back from /proc match each heap kind, and are written in every row.
. "$FB_SRC/tests/lib.sh"
out=$FB_TMP/spawn.csv
"$FB_BIN/forkbench-spawn" --sizes 64M --heap all --fragments 100 --methods fork --child exit \
	--reps 1 --warmup 0 --events none -o "$out" 2>"$FB_TMP/err" ||
	fail "driver failed: $(cat "$FB_TMP/err")"
same_width "$out" || fail "rows differ in width"
awk -F, -v h="$(col "$out" heap)" -v rss="$(col "$out" heap_rss_bytes)" \
	-v thp="$(col "$out" heap_thp_bytes)" -v v="$(col "$out" heap_vmas)" \
	-v pv="$(col "$out" vmas)" -v st="$(col "$out" status)" -v err="$(col "$out" error)" '
	function near(x, want) { return x >= want * 0.99 && x <= want * 1.01 + 8192 }
	NR == 1 { next }
	{ M = 64 * 1048576; k = $h
	  printf "%-10s status=%s rss=%s thp=%s heap_vmas=%s process_vmas=%s %s\n", k, $st, $rss, $thp, $v, $pv, $err
	  if ($st == "skipped") { if (k != "thp") bad = bad " " k ":skipped"; else thpskip = 1; next }
	  if ($pv + 0 <= $v + 0) bad = bad " " k ":process-vmas"
	  if (k == "untouched" && ($rss > 0 || $v != 1)) bad = bad " untouched"
	  if (k == "touched" && (!near($rss, M) || $thp != 0 || $v != 1)) bad = bad " touched"
	  if (k == "shared" && (!near($rss, M) || $v != 1)) bad = bad " shared"
	  if (k == "thp" && (!near($rss, M) || $thp < M * 0.9)) bad = bad " thp"
	  if (k == "fragmented" && (!near($rss, M) || $v < 99 || $v > 101)) bad = bad " fragmented"
	}
	END { if (bad) { print "mismatch:" bad; exit 1 } }' "$out" || fail "observed state does not match the request"
ok "observed rss/thp/vmas match every heap kind"
done_tests
