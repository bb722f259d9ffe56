#!/bin/sh
# mthp_cow: a COW write on a page of a 64 KiB folio copies that 4 KiB page,
# not the folio: one fault and 4096 bytes of Private_Dirty per written page,
# whichever side writes, and the writer's folios are no longer whole (its
# pages are copies: the PFNs say so). A write by the parent alone (reuse, the
# child gone) adds no Private_Dirty; from Linux 6.18 (where it was measured)
# its folios stay whole: reused in place, not copied. Counts, not time.
. "$FB_SRC/tests/lib.sh"
. "$FB_SRC/tests/mthp_lib.sh"
mthp_need_root
mthp_guard
[ -e "$MTHP/hugepages-64kB/enabled" ] || skip "no 64 KiB mTHP size"
csv=$FB_TMP/cow.csv
# Reuse in place of PTE-mapped large folios: seen on 6.18 here (not on 6.12).
rel=$(uname -r); maj=${rel%%.*}; min=${rel#*.}; min=${min%%[!0-9]*}
reuse_whole=0; [ "$maj" -gt 6 ] || { [ "$maj" -eq 6 ] && [ "$min" -ge 18 ]; } && reuse_whole=1
"$FB_BIN/forkbench-cow" --heap mthp:64K --sizes 16M --patterns seq,stride:16,reuse --writer child,parent \
	--reps 2 --runs 1 --warmup 0 --events none --set-mthp -o "$csv" 2>"$FB_TMP/err" ||
	{ cat "$FB_TMP/err"; fail "run failed"; }
awk -F, -v reuse_whole=$reuse_whole 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	function v(n) { return $(c[n]) }
	function bad(m) { printf "row %d (%s %s): %s\n", NR, v("writer"), v("pattern"), m; err = 1 }
	{ n++
	  if (v("status") != "ok") bad("status " v("status") " " v("error"))
	  if (v("heap_folio_pct") < 90) bad("folio share " v("heap_folio_pct"))
	  p = v("pages_written"); f = v("cow_minflt"); d = v("dirty_growth_bytes")
	  w = v("folio_whole_pct_after")
	  if (v("pattern") == "reuse") {
		if (d > 8 * 4096) bad("reuse grew Private_Dirty by " d " bytes")
		if (reuse_whole && w != 100) bad("reuse: only " w "% of the folios whole after the pass")
		printf "64K folio, parent writes after the child left: %d faults, folios whole after: %s%%\n", f, w
	  } else {
		if (f < p || f > p + 8) bad("faults " f " for " p " pages")
		if (d < p * 4096 || d > p * 4096 + 64 * 4096) bad("copied " d " bytes for " p " pages")
		# stride:16 writes one page in every 64 KiB chunk, seq all of them: none stays whole
		if (w != 0) bad(w "% of the writer folios whole after copying into every one")
	  }
	  if (v("pattern") == "stride:16" && v("writer") == "child")
		printf "64K folio, child writes 1 page in 16: %d pages, %d faults, %d bytes copied\n", p, f, d }
	END { exit err || n < 10 }' "$csv" || fail "COW counts on 64 KiB folios"
ok "COW on 64 KiB folios copies 4 KiB per written page, the writer's folios broken; reuse adds nothing$([ $reuse_whole = 1 ] && echo ', folios reused whole')"
done_tests
