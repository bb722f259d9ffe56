#!/bin/sh
# Every src/*/columns.tbl parses (cmake/columns.awk, the build's generator),
# each driver prints exactly its table's columns (names, roles, descriptions, in
# order, the shared lists expanded, perf columns aside), and a broken table is
# refused with its file and line: a column is defined in its table alone.
. "$FB_SRC/tests/lib.sh"
gen="$FB_SRC/cmake/columns.awk"
for t in "$FB_SRC"/src/*/columns.tbl; do
	awk -v src="$t" -v guard=G -v out="$FB_TMP/$(basename "$(dirname "$t")").h" -f "$gen" "$t" ||
		fail "$t does not parse"
done
ok "$(ls "$FB_SRC"/src/*/columns.tbl | wc -l) column tables parse"

# name role description of each list, the @includes expanded, from the tables alone.
expand() {
	cat "$FB_SRC"/src/*/columns.tbl | awk -v want="$1" '
	/^[ \t]*(#|$)/ { next }
	/^\[/ { l = $0; gsub(/[][ \t]/, "", l); next }
	$1 ~ /_\*$/ { next }   # per-event lines: checked below
	{ n[l]++; line[l, n[l]] = $0 }
	function out(L,   i, x, d) {
		for (i = 1; i <= n[L]; i++) {
			x = line[L, i]
			if (x ~ /^@/) { sub(/^@/, "", x); sub(/[ \t]+$/, "", x); out(x); continue }
			split(x, f, /[ \t]+/); d = x; sub(/^[^ \t]+[ \t]+[^ \t]+[ \t]+/, "", d)
			printf "%s %s %s\n", f[1], f[2], d
		}
	}
	END { out(want) }'
}
# every driver of the registry, its list the one its folder's table defines
drivers=$("$FB_BIN/forkbench-worker" --drivers | awk '{ print $1 }')
[ -n "$drivers" ] || fail "forkbench-worker --drivers listed no driver"
for drv in $drivers; do
	[ -f "$FB_SRC/src/$drv/columns.tbl" ] || fail "driver $drv has no src/$drv/columns.tbl"
	list=$(sed -n 's/^\[\([A-Z0-9_]*\)\].*/\1/p' "$FB_SRC/src/$drv/columns.tbl")
	[ "$(echo $list | wc -w)" -eq 1 ] || fail "src/$drv/columns.tbl: want one [LIST], got: $list"
	expand "$list" > "$FB_TMP/$drv.want"
	# --columns rows: | `name` | role | description |; --events none: no perf columns
	"$FB_BIN/forkbench-$drv" --columns --events none 2>/dev/null | sed -n 's/^| `\([a-z0-9_]*\)` | \([a-z]*\) | \(.*\) |$/\1 \2 \3/p' > "$FB_TMP/$drv.got"
	[ -s "$FB_TMP/$drv.want" ] || fail "$list: nothing expanded from the tables"
	if ! diff "$FB_TMP/$drv.want" "$FB_TMP/$drv.got" > "$FB_TMP/$drv.diff"; then
		head -10 "$FB_TMP/$drv.diff" >&2
		fail "forkbench-$drv --columns is not its table $list"
	fi
	ok "forkbench-$drv prints its table's $(wc -l < "$FB_TMP/$drv.want") columns, in order"
	# with the default events: one PREFIX_EVENT column per event for each prefix_* line, in order
	"$FB_BIN/forkbench-$drv" --columns 2>/dev/null | sed -n 's/^| `\([a-z0-9_]*\)` | .*/\1/p' |
		tail -n +"$(($(wc -l < "$FB_TMP/$drv.want") + 1))" > "$FB_TMP/$drv.ev"
	prefixes=$(awk -v want="$list" '/^\[/ { l = $0; gsub(/[][ \t]/, "", l); next }
		l == want && $1 ~ /_\*$/ { sub(/_\*$/, "", $1); printf "%s ", $1 }' "$FB_SRC"/src/*/columns.tbl)
	nev=$(wc -l < "$FB_TMP/$drv.ev"); np=$(echo $prefixes | wc -w)
	if [ "$np" -eq 0 ]; then
		[ "$nev" -eq 0 ] || fail "forkbench-$drv: $nev columns beyond its table, which has no prefix_* line"
		continue
	fi
	[ "$nev" -gt 0 ] && [ $((nev % np)) -eq 0 ] || fail "forkbench-$drv: $nev per-event columns for $np prefixes ($prefixes)"
	k=0
	for p in $prefixes; do
		bad=$(sed -n "$((k * nev / np + 1)),$(((k + 1) * nev / np))p" "$FB_TMP/$drv.ev" | grep -v "^${p}_" | head -1)
		[ -z "$bad" ] || fail "forkbench-$drv: column $bad where the ${p}_ columns stand"
		k=$((k + 1))
	done
	ok "forkbench-$drv: $((nev / np)) events x $np per-event lines ($prefixes) = $nev columns"
done

printf '[A]\nheap key parent heap\nbytes size the heap\n' > "$FB_TMP/bad.tbl"
if awk -v out="$FB_TMP/bad.h" -f "$gen" "$FB_TMP/bad.tbl" 2> "$FB_TMP/bad.err"; then
	fail "a role that is not key, metric or info was accepted"
fi
grep -q 'bad.tbl:3: role size of bytes' "$FB_TMP/bad.err" || fail "the refusal does not name the line: $(cat "$FB_TMP/bad.err")"
ok "a broken table is refused: $(cat "$FB_TMP/bad.err")"
done_tests
