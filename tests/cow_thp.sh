# cow_thp: THP rows say whether THP was obtained; when it was, the counted
# faults per huge page and the mapping after the pass are reported; a heap
# that cannot hold a huge page is skipped with a reason, never measured.
. "$FB_SRC/tests/lib.sh"
csv=$FB_TMP/thp.csv
"$FB_BIN/forkbench-cow" --sizes 1M,8M --heap thp --patterns seq,stride:512,read,reuse \
	--reps 2 --warmup 0 --events none -o "$csv" 2>"$FB_TMP/err" || { cat "$FB_TMP/err"; fail "run failed"; }
same_width "$csv" || fail "rows of different widths"
ok "every row has the header's width"

# 1M is smaller than a huge page: every row skipped, with a reason.
# (Each run builds its own heaps: one skip row per combination and run.)
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{ runs[$(c["run"])] = 1 }
	$(c["heap_bytes"]) == 1048576 { n++; if ($(c["status"]) != "skipped" || $(c["error"]) == "" || $(c["cow_ns"]) != "") bad = 1 }
	END { nr = 0; for (r in runs) nr++; exit bad || n != 7 * nr }' "$csv" || fail "1M thp rows not skipped cleanly"
ok "THP impossible: rows skipped with a reason, no numbers"

got=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$(c["heap_bytes"]) == 8388608 { print $(c["status"]) }' "$csv" | sort -u | tr '\n' ' ')
case "$got" in
"skipped ")
	awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } $(c["heap_bytes"]) == 8388608 { print $(c["error"]); exit }' "$csv"
	skip "THP not obtained on this machine (rows say why)" ;;
"ok ") ;;
*) cat "$csv"; fail "8M thp rows: statuses $got" ;;
esac

awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	function v(n) { return $(c[n]) }
	function bad(m) { printf "row %d (%s %s): %s\n", NR, v("writer"), v("pattern"), m; err = 1 }
	v("heap_bytes") == 8388608 {
		if (v("heap_thp_bytes") < 8388608 * 0.9) bad("heap_thp_bytes " v("heap_thp_bytes"))
		if (v("thp_mapping") == "") bad("thp_mapping empty")
		p = v("pattern"); f = v("cow_minflt"); hw = v("huge_pages_written")
		if (p == "read") {
			if (f > 8) bad("read took " f " faults")
			if (v("thp_mapping") != "pmd") bad("read split the huge mapping: " v("thp_mapping"))
		} else {
			want = 4   # 8M: both patterns touch all 4 huge pages
			if (hw != want) bad("huge_pages_written " hw)
			if (v("faults_per_huge_page_pct") == "") bad("faults_per_huge_page_pct empty")
			# at least one fault per huge page written, at most one per 4 KiB page + a handful
			if (f < hw || f > v("pages_written") + 8) bad("cow_minflt " f)
		}
		if (p == "seq") printf "thp %s seq: %d faults per huge page (pct %s), mapping after: %s\n", v("writer"), f / hw, v("faults_per_huge_page_pct"), v("thp_mapping")
		if (p == "reuse") printf "thp parent reuse: %s faults for %s huge pages, mapping after: %s\n", f, hw, v("thp_mapping")
	}
	END { exit err }' "$csv" || fail "THP rows"
ok "THP obtained: faults per huge page counted, mapping after the pass reported"
done_tests
