# pervma.gp: "What does each VMA add to the creation call?" — per heap size
# (x, a category) and method (a series, its colour), the extra create_ns a
# VMA costs: the fragmented heap minus the touched heap of the same size,
# over the extra VMAs, per independent run; the point is the mean over runs,
# the bar its 95% t interval. Log y: a bar that reaches 0 or below is drawn
# to the axis floor (it cannot be told from 0 there).
# Variables in (-e): data (one block per method: "x ns lo hi"), names
# (methods, words), xtics ("pos:label" words), title, plotdir, fmt, out.
load plotdir.'/text.gp'
w = 1250; h = 480 + 20 * fb_nlines(title)
load plotdir.'/common.gp'
set datafile missing '-'
set title fb_lines(title) font ',12'
set logscale y 10
ns = words(names)
floor = 5e-9   # s: the axis floor (5 ns)
stats data using 4 nooutput
top = STATS_max * 1e-9 * 2
set yrange [floor : top]
eval fb_logtics(floor, top)
set ylabel 'create_ns added per VMA (log; mean of the runs, 95% interval)'
set xtics () nomirror font ',9'
# "pos:size~count VMAs": the ~ breaks the label's line
do for [t in xtics] { c = strstrt(t, ':'); l = t[c+1:]; b = strstrt(l, '~'); set xtics add ((b ? l[1:b-1]."\n".l[b+1:] : l) real(t[1:c-1])) }
set xrange [-0.6 : words(xtics) - 0.4]
set grid noxtics ytics
set key outside bottom center horizontal font ',9'
set bmargin 7
off(s) = (s - (ns + 1) / 2.0) * 0.12
clip(v) = v == v && v * 1e-9 > floor ? v * 1e-9 : floor
plot for [s = 1:ns] data index (s - 1) using ($1 + off(s)):($2 * 1e-9):(clip($3)):(clip($4)) with yerrorbars \
		lc rgb fb_lc_or(word(names, s), s) pt fb_pt('exit') ps 0.9 lw 1.5 title word(names, s), \
	for [s = 1:ns] data index (s - 1) using ($1 + off(s)):($2 * 1e-9):(s == 1 ? sprintf(' %.0f ns', $2) : '') with labels left offset 0.6, 0 font ',8' notitle
