# cow_faults: on 4 KiB pages a COW write takes one fault per written page, a
# read or the second pass none; the other side keeps its old bytes (shared:
# sees every write); Private_Dirty grows by the pages written, not the heap;
# pages_written is what the pattern claims; floors are in the sidecar.
. "$FB_SRC/tests/lib.sh"
csv=$FB_TMP/faults.csv
"$FB_BIN/forkbench-cow" --sizes 16M --heap touched,shared --writer child,parent \
	--patterns seq,rand,stride:4,frac:25,full,read,none,reuse --reps 2 --warmup 0 \
	--events page-faults -o "$csv" 2>"$FB_TMP/err" || { cat "$FB_TMP/err"; fail "run failed"; }
same_width "$csv" || fail "rows of different widths"
ok "every row has the header's width"

# A handful: faults the protocol itself may take besides the pattern's pages.
slack=8
awk -F, -v slack=$slack '
	NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	function v(n) { return $(c[n]) }
	function bad(m) { printf "row %d (%s %s %s): %s\n", NR, v("heap"), v("writer"), v("pattern"), m; err = 1 }
	{
		n++
		if (v("status") != "ok") bad("status " v("status") ": " v("error"))
		pw = v("pages_written"); f = v("cow_minflt"); heap = v("heap"); p = v("pattern")
		want = (p == "seq" || p == "rand" || p == "full" || p == "reuse") ? 4096 : \
		       (p == "stride:4" || p == "frac:25") ? 1024 : 0
		if (pw != want) bad("pages_written " pw ", want " want)
		if (v("rewrite_minflt") > slack) bad("second pass took " v("rewrite_minflt") " faults")
		if (v("cow_page_faults") != "" && (v("cow_page_faults") < f - slack || v("cow_page_faults") > f + slack))
			bad("perf page-faults " v("cow_page_faults") " vs getrusage " f)
		if (heap == "touched") {
			if (f < pw || f > pw + slack) bad("cow_minflt " f " for " pw " pages written")
			# Private_Dirty of the heap VMAs alone (the whole-process rollup,
			# used until 2026-12-05, moved by up to ~150 pages on a loaded host):
			# the pages written, to the slack.
			d = v("dirty_growth_bytes"); grow = (p == "reuse") ? 0 : pw * 4096; tol = slack * 4096
			if (d < grow - tol || d > grow + tol) bad("Private_Dirty grew " d ", want about " grow)
			if (p != "reuse" && v("other_changed_pages") != 0) bad("the other side saw " v("other_changed_pages") " pages change")
		} else {   # shared: no COW; the other side sees every write
			if (v("writer") == "parent" && f > slack) bad("shared parent writer took " f " faults")
			if (p != "reuse" && v("other_changed_pages") != pw) bad("shared: other side saw " v("other_changed_pages") " of " pw)
			if (v("dirty_growth_bytes") > slack * 4096) bad("shared: Private_Dirty grew " v("dirty_growth_bytes"))
		}
		if (pw > 0 && v("cow_vs_floor_pct") == "") bad("cow_vs_floor_pct empty")
		if (pw == 0 && v("cow_ns_per_page") != "") bad("ns per page without pages written")
	}
	END { if (n != 2 * 2 * (2 * 7 + 1)) { printf "%d rows, want 60\n", n; err = 1 } exit err }  # heaps x reps x combos' "$csv" ||
	fail "fault counts, isolation or dirty growth"
ok "1 fault per written 4 KiB page, none for read or the second pass, isolation holds"
ok "Private_Dirty grows by the pages written; shared heap: no copy, writes visible"

meta=${csv%.csv}.meta
for k in floor_fault_ns_per_page floor_copy_ns_per_page floor_reuse_ns_per_page; do
	grep -Eq "^$k=[0-9]+$" "$meta" || fail "$k missing or not an integer in $meta"
	[ "$(sed -n "s/^$k=//p" "$meta")" -gt 0 ] || fail "$k is 0"
done
ok "floors recorded in the sidecar"
[ -s "${csv%.csv}.summary.csv" ] || fail "no summary"
ok "summary written"
done_tests
