# report_txt.awk: report.md as plain text of at most 80 columns, to paste
# into a mail (scripts/plot writes it as report.txt). Tables become
# question / answer / source paragraphs, figures their file names.
function wrap(text, first, rest,   out, line, n, i, w, words) {
	n = split(text, words, " "); line = first; out = ""
	for (i = 1; i <= n; i++) {
		w = words[i]
		if (length(line) > length(first) && length(line) + 1 + length(w) > 80) { out = out line "\n"; line = rest w; continue }
		line = (length(line) > length(first) || line != first) && line != first ? line " " w : line w
	}
	return out line
}
function plain(s) { gsub(/\*\*/, "", s); gsub(/`/, "", s); return s }
/^\|---/ || /^\| question \|/ { next }
/^\| / {
	n = split($0, f, " \\| "); sub(/^\| /, "", f[1]); sub(/ \|$/, "", f[n])
	print wrap(plain(f[1]), "", ""); print wrap(plain(f[2]), "  ", "  "); if (n > 2) print wrap("(" plain(f[3]) ")", "  ", "  "); print ""; next
}
/^# / { print wrap(substr($0, 3), "", ""); print ""; next }
/^## / { t = substr($0, 4); print t; u = t; gsub(/./, "-", u); print u; next }
/^!\[/ { s = $0; sub(/^!\[[^]]*\]\(/, "", s); sub(/\)$/, "", s); print "[figure: " s "]"; next }
/^- / { print wrap(plain(substr($0, 3)), "- ", "  "); next }
/^  / { print wrap(plain(substr($0, 3)), "  ", "  "); next }
/^$/ { print ""; next }
{ print wrap(plain($0), "", "") }
