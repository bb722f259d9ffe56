# kernels_initramfs: vm/mkinitramfs packs /init and every bin/forkbench-* of a
# build (a new one just comes along), refuses a dynamic binary, caches by
# content; fb-init is static; fb-cpio's archives round-trip, and a truncated
# results stream keeps its complete files and says it was cut.
. "$FB_SRC/tests/lib.sh"
vm=$FB_BIN/../vm
[ -x "$vm/fb-cpio" ] && [ -x "$vm/fb-init" ] || fail "fb-cpio/fb-init not built in $vm"
cpio=$vm/fb-cpio

# fb-init has no interpreter: readelf (when there) and our own ELF check agree.
if command -v readelf >/dev/null; then
	! readelf -l "$vm/fb-init" | grep -q INTERP || fail "fb-init has a PT_INTERP: not static"
	readelf -l "$vm/fb-init" | grep -q LOAD || fail "readelf sees no LOAD segment in fb-init"
fi
"$cpio" interp "$vm/fb-init" | grep -q ': static$' || fail "fb-cpio interp: fb-init not static"
ok "fb-init is static (no PT_INTERP)"

# A fake build: the static exec target stands in for every program.
b=$FB_TMP/build
mkdir -p "$b/bin" "$b/vm"
cp "$vm/fb-cpio" "$vm/fb-init" "$b/vm/"
cp "$FB_BIN/forkbench-exec-target" "$b/bin/forkbench-exec-target"
cp "$FB_BIN/forkbench-exec-target" "$b/bin/forkbench-spawn"
cp "$FB_BIN/forkbench-exec-target" "$b/bin/forkbench-worker"
echo "not a program" >"$b/bin/README"
arch=$("$FB_SRC/vm/mkinitramfs" --cache "$FB_TMP/cache" "$b") || fail "mkinitramfs failed"
[ -s "$arch" ] || fail "no archive at '$arch'"
"$cpio" list "$arch" >"$FB_TMP/list" || fail "fb-cpio list: $(cat "$FB_TMP/list")"
awk '{ print $3 }' "$FB_TMP/list" | sort >"$FB_TMP/names"
printf '%s\n' bin bin/forkbench-exec-target bin/forkbench-spawn bin/forkbench-worker dev dev/console \
	init proc results sys tmp | sort >"$FB_TMP/want"
diff "$FB_TMP/want" "$FB_TMP/names" >&2 || fail "archive entries differ from the expected ones"
ok "archive lists init, bin/forkbench-* (worker included, README left out), dev/console, mount points"
grep -q '^020600 0 dev/console$' "$FB_TMP/list" || fail "dev/console is not a character device: $(grep console "$FB_TMP/list")"
size=$(wc -c <"$b/vm/fb-init")
grep -q "^100755 $size init\$" "$FB_TMP/list" || fail "init is not fb-init's $size bytes, mode 755"
ok "dev/console a char device, init executable with fb-init's size"

# Contents round-trip: the packed init is byte for byte fb-init.
mkdir -p "$FB_TMP/x"
printf 'file init 755 %s\nfile spawn 755 %s\n' "$b/vm/fb-init" "$b/bin/forkbench-spawn" | "$cpio" create "$FB_TMP/rt.cpio"
"$cpio" extract "$FB_TMP/rt.cpio" "$FB_TMP/x" >/dev/null || fail "extract failed"
cmp -s "$FB_TMP/x/init" "$b/vm/fb-init" && cmp -s "$FB_TMP/x/spawn" "$b/bin/forkbench-spawn" ||
	fail "extracted files differ from the packed ones"
ok "create/extract round-trip byte for byte"

# The cache: same inputs, same file; a changed program, a new archive.
again=$("$FB_SRC/vm/mkinitramfs" --cache "$FB_TMP/cache" "$b")
[ "$again" = "$arch" ] || fail "same inputs gave a different archive: $again vs $arch"
printf 'x' >>"$b/bin/forkbench-worker"
changed=$("$FB_SRC/vm/mkinitramfs" --cache "$FB_TMP/cache" "$b")
[ "$changed" != "$arch" ] || fail "a changed binary reused the cached archive"
ok "cached by content: reused when unchanged, rebuilt when a binary changes"

# A dynamic binary (the ordinary build's driver) is refused, by name, exit 2.
cp "$FB_BIN/forkbench-spawn" "$b/bin/forkbench-dyn"
set +e
"$FB_SRC/vm/mkinitramfs" --cache "$FB_TMP/cache" "$b" >/dev/null 2>"$FB_TMP/err"
rc=$?
set -e
[ $rc -eq 2 ] || fail "a dynamic binary: exit $rc, expected 2"
grep -q "not static: .*forkbench-dyn" "$FB_TMP/err" && grep -q FB_STATIC "$FB_TMP/err" ||
	fail "the refusal does not name the binary and FB_STATIC: $(cat "$FB_TMP/err")"
ok "dynamic binary refused: $(head -n 1 "$FB_TMP/err")"
rm "$b/bin/forkbench-dyn"

# A results stream cut short: the complete files are kept, the cut is reported.
printf 'a,b\n1,2\n' >"$FB_TMP/one.csv"
printf 'file one.csv 644 %s\nfile two 644 %s\nfile bin/evil 644 %s\n' "$FB_TMP/one.csv" "$b/vm/fb-init" "$FB_TMP/one.csv" |
	"$cpio" create "$FB_TMP/full.cpio"
mkdir -p "$FB_TMP/y"
"$cpio" extract "$FB_TMP/full.cpio" "$FB_TMP/y" >/dev/null 2>"$FB_TMP/err" || fail "extract of a whole archive failed"
[ ! -e "$FB_TMP/y/bin" ] && [ ! -e "$FB_TMP/y/evil" ] || fail "an entry with a directory in its name was extracted"
grep -q "bin/evil.*skipped" "$FB_TMP/err" || fail "the skipped entry is not reported"
head -c 2000 "$FB_TMP/full.cpio" >"$FB_TMP/cut.cpio"
rm -rf "$FB_TMP/z"; mkdir -p "$FB_TMP/z"
set +e
"$cpio" extract "$FB_TMP/cut.cpio" "$FB_TMP/z" >/dev/null 2>"$FB_TMP/err"
rc=$?
set -e
[ $rc -eq 1 ] || fail "truncated archive: exit $rc, expected 1"
cmp -s "$FB_TMP/z/one.csv" "$FB_TMP/one.csv" || fail "the complete file before the cut was not kept"
grep -q "truncated.*1 complete" "$FB_TMP/err" || fail "the cut is not reported: $(cat "$FB_TMP/err")"
ok "truncated stream: complete files kept, '$(cat "$FB_TMP/err" | cut -c1-80)'"
done_tests
