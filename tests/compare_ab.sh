#!/bin/sh
# compare_ab: scripts/ab end to end on a tiny spawn sweep, 3 pairs: runs in
# the order A B B A A B, each setup command run before each of its runs, one
# run per directory, and forkbench-compare --paired over them (the method
# says paired, each row pairs 3 runs). Bad usage exits 2 naming the value.
# Asserts no timing.
. "$FB_SRC/tests/lib.sh"
export FORKBENCH_BIN="$FB_BIN"
ab="$FB_SRC/scripts/ab"
o="$FB_TMP/ab"
"$ab" --pairs 3 -o "$o" --a "echo a >> $o.setups" --b "echo b >> $o.setups" --b-env FB_AB_SIDE=b -- \
	spawn --quick --sizes 0 --methods fork,vfork --child exit --reps 3 > "$FB_TMP/out" 2> "$FB_TMP/err" ||
	fail "ab exited $? ($(tail -3 "$FB_TMP/err"))"
[ "$(tr '\n' ' ' < "$o/order")" = "a1 b1 b2 a2 a3 b3 " ] || fail "order of the runs: $(tr '\n' ' ' < "$o/order")"
[ "$(tr '\n' ' ' < "$o.setups")" = "a b b a a b " ] || fail "setups ran as: $(tr '\n' ' ' < "$o.setups")"
for d in a1 a2 a3 b1 b2 b3; do
	grep -q '^runs=1$' "$o/$d/spawn.meta" || fail "$d: not one run ($(grep '^runs=' "$o/$d/spawn.meta"))"
done
grep -q "run i of A" "$o/compare/compare.txt" || fail "the comparison is not paired"
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$c["metric"] == "create_ns" { n++; if ($c["runs_a"] != 3 || $c["runs_b"] != 3 || $c["df"] != 2) bad = 1 }
	END { exit bad || n == 0 }' "$o/compare/compare.csv" || fail "create_ns rows not 3 runs a side paired (df 2)"
ok "3 pairs: A B B A A B, setups before each run, compared paired (df 2)"
rc=0; "$ab" --pairs 2 -- spawn > /dev/null 2> "$FB_TMP/err" || rc=$?
[ $rc = 2 ] && grep -q "'2'" "$FB_TMP/err" || fail "--pairs 2: exit $rc"
rc=0; "$ab" -- spawn --runs 4 > /dev/null 2> "$FB_TMP/err" || rc=$?
[ $rc = 2 ] && grep -q "'--runs'" "$FB_TMP/err" || fail "--runs in the driver options: exit $rc"
rc=0; "$ab" --pairs 3 > /dev/null 2> "$FB_TMP/err" || rc=$?
[ $rc = 2 ] && grep -q "no driver" "$FB_TMP/err" || fail "no driver: exit $rc"
rc=0; "$ab" -- nope > /dev/null 2> "$FB_TMP/err" || rc=$?
[ $rc = 2 ] && grep -q "'nope'" "$FB_TMP/err" || fail "driver nope: exit $rc"
ok "bad usage exits 2 naming the value"
done_tests
