# ratios.gp: B/A ratio of medians per configuration (log y, 1 = no change)
# with its 95% interval as an error bar, one panel per metric, one colour
# per compared run; a filled point is flagged (interval beyond 1, past
# --min-change and the false-discovery control), an open point is not.
# Draws what scripts/compare prepared from compare.csv. Variables in (-e):
#   data   file: block (p-1)*nr + (r-1) holds "index ratio lo hi flagged label"
#   np, nr, nx  panels (metrics), compared runs, configurations
#   panels, runs  words; maxlabel  longest configuration label (characters)
#   title; fmt, out as in common.gp
w = 14 * nx + 200
w = w < 900 ? 900 : (w > 3200 ? 3200 : w)
bottom = 6.5 * maxlabel + 40   # rotated labels at font 8 need ~6.5 px a character
load plotdir.'/text.gp'
top = 50 + 20 * fb_nlines(title)
h = 300 * np + bottom + top
load plotdir.'/common.gp'
set logscale y 2
set format y '%g'
set xrange [-1:nx]
set xtics 1 rotate by 90 right font ',8' nomirror
set grid noxtics ytics
set ylabel 'B/A median ratio (log scale)'
set key top left horizontal font ',9'
set offsets 0, 0, graph 0.25, graph 0.05   # room for the key above the points
# The A/A series (the baseline against itself: the noise floor) in grey, a
# little to the right of the configuration's B/A points.
isaa(r) = word(runs, r) eq 'A/A'
rc(r) = isaa(r) ? '#999999' : fb_lc_nth(r)
dx(r) = isaa(r) ? 0.3 : 0
tf(r) = isaa(r) ? "A/A: the baseline's runs split in two (the noise floor), beyond 1" : word(runs, r).' flagged'
tn(r) = isaa(r) ? "A/A within the noise" : word(runs, r).' not flagged'
title = fb_lines(title)
set multiplot layout np, 1 title title font ',12' margins 90.0/w, 1 - 20.0/w, bottom/h, 1 - top/h spacing 0, 36.0/h
do for [p = 1:np] {
	set title word(panels, p) offset 0, -0.5
	if (p == np) {
		set format x '%g'
		plot 1 with lines lc rgb '#888888' dt 2 notitle, \
			for [r = 1:nr] data index ((p - 1) * nr + r - 1) using ($1 + dx(r)):2:3:4:xtic(isaa(r) ? "" : stringcolumn(6)) \
				with yerrorbars lc rgb rc(r) pt 0 lw 1 notitle, \
			for [r = 1:nr] data index ((p - 1) * nr + r - 1) using ($1 + dx(r)):($5 == 1 ? $2 : NaN) \
				with points lc rgb rc(r) pt 7 ps 1.0 title tf(r), \
			for [r = 1:nr] data index ((p - 1) * nr + r - 1) using ($1 + dx(r)):($5 == 0 ? $2 : NaN) \
				with points lc rgb rc(r) pt 6 ps 1.0 title tn(r)
	} else {
		set format x ''
		plot 1 with lines lc rgb '#888888' dt 2 notitle, \
			for [r = 1:nr] data index ((p - 1) * nr + r - 1) using ($1 + dx(r)):2:3:4 \
				with yerrorbars lc rgb rc(r) pt 0 lw 1 notitle, \
			for [r = 1:nr] data index ((p - 1) * nr + r - 1) using ($1 + dx(r)):($5 == 1 ? $2 : NaN) \
				with points lc rgb rc(r) pt 7 ps 1.0 title tf(r), \
			for [r = 1:nr] data index ((p - 1) * nr + r - 1) using ($1 + dx(r)):($5 == 0 ? $2 : NaN) \
				with points lc rgb rc(r) pt 6 ps 1.0 title tn(r)
	}
}
unset multiplot
