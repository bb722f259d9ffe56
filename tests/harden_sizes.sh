#!/bin/sh
# A heap size that is not a multiple of 4 KiB is mapped rounded up to a page,
# observed over its whole VMA and measured — not skipped with a false reason
# ("only 0 of 4097 bytes resident", "THP not obtained") — and the rows record
# both the size asked for and the size mapped.
. "$FB_SRC/tests/lib.sh"
csv=$FB_TMP/sizes.csv
"$FB_BIN/forkbench-spawn" --sizes 4097,2097153 --heap touched,thp --methods fork --child exit \
	--reps 1 --runs 1 --warmup 0 --events none -o "$csv" 2>"$FB_TMP/err" ||
	{ cat "$FB_TMP/err"; fail "driver failed"; }
awk -F, -v h="$(col "$csv" heap)" -v b="$(col "$csv" heap_bytes)" -v mb="$(col "$csv" heap_mapped_bytes)" \
	-v rss="$(col "$csv" heap_rss_bytes)" -v st="$(col "$csv" status)" -v e="$(col "$csv" error)" '
	NR > 1 { printf "%s %s: mapped %s, resident %s, %s %s\n", $h, $b, $mb, $rss, $st, $e
		 want = int(($b + 4095) / 4096) * 4096
		 if ($mb != want) bad = 1
		 if ($e ~ /only 0 of/) bad = 1
		 if ($h == "touched" && ($st != "ok" || $rss + 0 < want)) bad = 1
		 if ($h == "thp" && $st != "ok" && $e !~ /THP not obtained/ && !($b < 2097152 && $e ~ /smaller than one/)) bad = 1 }
	END { exit bad }' "$csv" || fail "odd sizes skipped or recorded wrong"
ok "4097 and 2097153 bytes: mapped rounded up to a page, measured, both sizes recorded"
thp=$(awk -F, -v h="$(col "$csv" heap)" -v b="$(col "$csv" heap_bytes)" -v st="$(col "$csv" status)" '$h == "thp" && $b == 2097153 { print $st }' "$csv")
[ "$thp" = ok ] && ok "thp 2097153: THP obtained for the first 2 MiB, measured" ||
	echo "note: THP not obtained here at all; thp odd size only checked for its reason"
done_tests
