#!/bin/sh
# mthp_cow: a COW write on a page of a 64 KiB folio copies that 4 KiB page,
# not the folio: one fault and 4096 bytes of Private_Dirty per written page,
# whichever side writes; and a write by the parent alone (reuse, the child
# gone) copies nothing. Counts, not time.
. "$FB_SRC/tests/lib.sh"
. "$FB_SRC/tests/mthp_lib.sh"
mthp_need_root
mthp_guard
[ -e "$MTHP/hugepages-64kB/enabled" ] || skip "no 64 KiB mTHP size"
csv=$FB_TMP/cow.csv
"$FB_BIN/forkbench-cow" --heap mthp:64K --sizes 16M --patterns seq,stride:16,reuse --writer child,parent \
	--reps 2 --runs 1 --warmup 0 --events none --set-mthp -o "$csv" 2>"$FB_TMP/err" ||
	{ cat "$FB_TMP/err"; fail "run failed"; }
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	function v(n) { return $(c[n]) }
	function bad(m) { printf "row %d (%s %s): %s\n", NR, v("writer"), v("pattern"), m; err = 1 }
	{ n++
	  if (v("status") != "ok") bad("status " v("status") " " v("error"))
	  if (v("heap_folio_pct") < 90) bad("folio share " v("heap_folio_pct"))
	  p = v("pages_written"); f = v("cow_minflt"); d = v("dirty_growth_bytes")
	  if (v("pattern") == "reuse") { if (d > 8 * 4096) bad("reuse copied " d " bytes") }
	  else {
		if (f < p || f > p + 8) bad("faults " f " for " p " pages")
		if (d < p * 4096 || d > p * 4096 + 64 * 4096) bad("copied " d " bytes for " p " pages")
	  }
	  if (v("pattern") == "stride:16" && v("writer") == "child")
		printf "64K folio, child writes 1 page in 16: %d pages, %d faults, %d bytes copied\n", p, f, d }
	END { exit err || n < 10 }' "$csv" || fail "COW counts on 64 KiB folios"
ok "COW on 64 KiB folios copies 4 KiB per written page; reuse copies nothing"
done_tests
