# cow_cli: bad input exits 2 with a message naming the value; --help, --list,
# --columns work; the CSV header is exactly the --columns list (one vocabulary).
. "$FB_SRC/tests/lib.sh"
cow=$FB_BIN/forkbench-cow

expect_usage "$cow" "stride:0" --patterns stride:0
expect_usage "$cow" "frac:150" --patterns seq,frac:150
expect_usage "$cow" "frac:0" --patterns frac:0
expect_usage "$cow" "'stride'" --patterns stride
expect_usage "$cow" "seq:3" --patterns seq:3
expect_usage "$cow" "bogus" --patterns bogus
expect_usage "$cow" "allowed: seq" --patterns bogus
expect_usage "$cow" "untouched" --heap untouched
expect_usage "$cow" "fragmented" --heap touched,fragmented
expect_usage "$cow" "vfork" --methods vfork
expect_usage "$cow" "posix_spawn" --methods fork,posix_spawn
expect_usage "$cow" "nobody" --writer nobody
expect_usage "$cow" "reuse" --writer child --patterns reuse
expect_usage "$cow" "0x" --sizes 0x
expect_usage "$cow" "does not fit" --sizes 64T --heap touched
expect_usage "$cow" "--reps" --reps 0

"$cow" --help | grep -q -- "--patterns" || fail "--help"
"$cow" --list >"$FB_TMP/list"
for w in fork clone clone3 touched thp shared child parent seq rev rand stride:N frac:P full read none reuse; do
	grep -q "^  $w " "$FB_TMP/list" || fail "--list lacks $w"
done
! grep -q "^  vfork \|^  untouched \|^  fragmented " "$FB_TMP/list" || fail "--list shows rows cow cannot use"
ok "--help and --list"

"$cow" --columns --events page-faults >"$FB_TMP/cols"
"$cow" --sizes 1M --heap touched --patterns stride:4 --writer child --reps 1 --warmup 0 \
	--events page-faults -o "$FB_TMP/tiny.csv" 2>/dev/null
header=$(head -1 "$FB_TMP/tiny.csv")
cols=$(sed -n 's/^| `\([^`]*\)`.*/\1/p' "$FB_TMP/cols" | paste -sd, -)
[ "$header" = "$cols" ] || fail "CSV header differs from --columns:
$header
$cols"
ok "the CSV header is the --columns list"
awk -F, -v pc="$(col "$FB_TMP/tiny.csv" pattern)" -v wc="$(col "$FB_TMP/tiny.csv" pages_written)" \
	'NR == 2 { exit !($pc == "stride:4" && $wc == 64) }' "$FB_TMP/tiny.csv" ||
	fail "pattern cell or pages_written wrong for stride:4 over 1M"
ok "pattern cell is the text as given; stride:4 over 256 pages writes 64"
done_tests
