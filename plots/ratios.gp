# ratios.gp: B/A ratio of medians per configuration (log y, 1 = no change),
# one panel per metric, one colour per compared run; filled points are
# significant (Mann-Whitney p < alpha, enough repetitions), open points are not.
# Draws what scripts/compare prepared. Variables in (-e):
#   data   file: block (p-1)*nr + (r-1) holds "index ratio significant label"
#   np, nr, nx  panels (metrics), compared runs, configurations
#   panels, runs  words; title; fmt, out as in common.gp
w = 14 * nx + 160
w = w < 900 ? 900 : (w > 3000 ? 3000 : w)
h = 330 * np + 200
load plotdir.'/common.gp'
set logscale y 2
set format y '%g'
set xrange [-1:nx]
set xtics 1 rotate by 90 right font ',8' nomirror
set grid noxtics ytics
set ylabel 'B/A median ratio (log scale)'
set multiplot layout np, 1 title title font ',12' margins 80.0/w, 1 - 20.0/w, 170.0/h, 1 - 60.0/h spacing 0, 40.0/h
do for [p = 1:np] {
	set title word(panels, p)
	set key top left horizontal
	if (p == np) {
		plot 1 with lines lc rgb '#888888' dt 2 notitle, \
			for [r = 1:nr] data index ((p - 1) * nr + r - 1) using 1:($3 == 1 ? $2 : NaN):xtic(4) \
				with points lt r pt 7 ps 1.1 title word(runs, r).' significant', \
			for [r = 1:nr] data index ((p - 1) * nr + r - 1) using 1:($3 == 0 ? $2 : NaN) \
				with points lt r pt 6 ps 1.1 title word(runs, r).' ~ or too few reps'
	} else {
		set format x ''
		plot 1 with lines lc rgb '#888888' dt 2 notitle, \
			for [r = 1:nr] data index ((p - 1) * nr + r - 1) using 1:($3 == 1 ? $2 : NaN) \
				with points lt r pt 7 ps 1.1 title word(runs, r).' significant', \
			for [r = 1:nr] data index ((p - 1) * nr + r - 1) using 1:($3 == 0 ? $2 : NaN) \
				with points lt r pt 6 ps 1.1 title word(runs, r).' ~ or too few reps'
		set format x '%g'
	}
}
unset multiplot
