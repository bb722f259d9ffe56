#!/bin/sh
# The measured process is lean: at heap 0 its Rss (read from the rows) is at
# most 1.5 MiB and it has no more VMAs than a minimal C program (here: cat,
# dynamically linked against libc) plus the heap's own (with its two guard
# pages) and the shared ready page. And each spawn run recorded its bare
# fork/vfork loops in the sidecar.
. "$FB_SRC/tests/lib.sh"
csv=$FB_TMP/lean.csv
"$FB_BIN/forkbench-spawn" --sizes 0 --heap untouched,touched,shared --methods fork,vfork --child exit \
	--reps 2 --runs 2 --warmup 0 --events none -o "$csv" 2>"$FB_TMP/err" ||
	{ cat "$FB_TMP/err"; fail "driver failed"; }
minimal=$(env -i cat /proc/self/maps | wc -l)
awk -F, -v rss="$(col "$csv" rss_bytes)" -v v="$(col "$csv" vmas)" -v hv="$(col "$csv" heap_vmas)" \
	-v st="$(col "$csv" status)" -v min="$minimal" '
	NR > 1 { n++; if ($st != "ok") { print "not ok: " $0; bad = 1 }
		 if ($rss + 0 > 1572864) { print "Rss " $rss " > 1.5 MiB"; bad = 1 }
		 if ($v + 0 > min + $hv + 2 + 1) { print "VMAs " $v " > " min " + " $hv " + 3"; bad = 1 }
		 if (NR == 2) printf "heap 0: Rss %d bytes, %d VMAs (minimal C program: %d)\n", $rss, $v, min }
	END { exit bad || n == 0 }' "$csv" || fail "the measured process is not lean"
ok "heap 0: Rss <= 1.5 MiB, VMAs <= minimal program + heap + guards + ready page"
meta=${csv%.csv}.meta
for k in baseline_fork_exit_ns baseline_vfork_exit_ns baseline_fork_exit_ratio baseline_vfork_exit_ratio \
	baseline_fork_exit_ns.run0 baseline_fork_exit_ns.run1; do
	grep -Eq "^$k=[0-9.]+$" "$meta" || fail "$k missing or empty in the sidecar"
done
[ "$(grep -c '^baseline_fork_exit_ns=' "$meta")" -eq 1 ] || fail "baseline key repeated"
ok "baseline_* in the sidecar: $(grep -E '^baseline_(v?fork)_exit_ratio=' "$meta" | tr '\n' ' ')"
done_tests
