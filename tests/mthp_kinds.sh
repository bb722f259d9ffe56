#!/bin/sh
# mthp_kinds: every mTHP size the kernel offers, and thp-pte, is obtained and
# verified before timing: each row records its folio size, a share of 90% or
# more read back from PFN runs and compound heads, no PMD mapping, a whole
# resident heap — and the knobs are as they were after the run.
. "$FB_SRC/tests/lib.sh"
. "$FB_SRC/tests/mthp_lib.sh"
mthp_need_root
mthp_guard
before=$(mthp_knobs)
csv=$FB_TMP/kinds.csv
"$FB_BIN/forkbench-spawn" --heap touched,mthp:all,thp-pte --sizes 8M --methods fork --child exit \
	--reps 2 --runs 1 --warmup 0 --events none --set-mthp -o "$csv" 2>"$FB_TMP/err" ||
	{ cat "$FB_TMP/err"; fail "run failed"; }
[ "$(mthp_knobs)" = "$before" ] || fail "knobs changed by the run: was '$before', now '$(mthp_knobs)'"
ok "knobs as before the run: $before"
grep -q "^mthp_knobs=.*global=" "${csv%.csv}.meta" || fail "sidecar lacks mthp_knobs"
grep -q "^mthp_knobs_after=" "${csv%.csv}.meta" || fail "sidecar lacks mthp_knobs_after"
ok "sidecar records the knobs before and after"
want=$(mthp_sizes | tr '\n' ' ')
[ -n "$want" ] || skip "the kernel offers no size below 2 MiB"
for kind in $want thp-pte; do
	awk -F, -v k="$kind" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		function v(n) { return $(c[n]) }
		v("heap") == k { n++
			if (v("status") != "ok") { print "status " v("status") ": " v("error"); bad = 1 }
			sz = k == "thp-pte" ? 2048 : substr(k, 6) + 0
			if (k ~ /M$/ && k != "thp-pte") sz = sz * 1024
			if (v("heap_folio_bytes") != sz * 1024) { print "heap_folio_bytes " v("heap_folio_bytes"); bad = 1 }
			if (v("heap_folio_pct") < 90) { print "heap_folio_pct " v("heap_folio_pct"); bad = 1 }
			if (v("heap_folio_check") != "pagemap+kpageflags") { print "check " v("heap_folio_check"); bad = 1 }
			if (v("heap_thp_bytes") != 0) { print "PMD-mapped " v("heap_thp_bytes"); bad = 1 }
			if (v("heap_rss_bytes") < 8388608) { print "rss " v("heap_rss_bytes"); bad = 1 }
			if (v("create_ns") == "") { print "no create_ns"; bad = 1 }
			pct = v("heap_folio_pct") }
		END { if (!n) print "no rows"; exit bad || !n }' "$csv" || fail "$kind rows"
	ok "$kind: obtained and verified by PFN runs and compound heads"
done
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$(c["heap"]) == "touched" && ($(c["heap_folio_bytes"]) != 4096 || $(c["heap_folio_pct"]) != "") { bad = 1 }
	END { exit bad }' "$csv" || fail "touched rows claim a folio share"
ok "touched: folio 4096, no share claimed"
done_tests
