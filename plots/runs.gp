# runs.gp: "How stable are the numbers?" — for each configuration, every
# independent run's median as a dot and the median of all reps as a bar, on a
# log axis, with the spread of the run medians written above: the noise a
# reader must see before reading a difference. Variables in (-e): data
# ("x run_median label"), meds ("x median spread_pct label"), n (configs),
# title, ylabel, plotdir, fmt, out.
w = 60 * n + 200; w = w < 900 ? 900 : (w > 2400 ? 2400 : w); h = 520
load plotdir.'/common.gp'
set title fb_lines(title) font ',12'
set logscale y 10
set format y fb_fmt_time
set xrange [-0.7:n - 0.3]
set xtics rotate by 35 right font ',9' nomirror
set ylabel ylabel
set key top left font ',9'
set grid noxtics ytics
set offsets 0, 0, graph 0.12, graph 0.05
plot data using 1:($2 / 1e9):xtic(3) with points pt 7 ps 0.9 lc rgb '#0072B2' title 'one independent run (its median)', \
	meds using 1:($2 / 1e9):(0.3):(0) with vectors nohead lw 2 lc rgb '#000000' notitle, \
	meds using ($1 - 0.3):($2 / 1e9):(0.6):(0) with vectors nohead lw 2 lc rgb '#000000' title 'median of all reps', \
	meds using 1:($2 / 1e9):(sprintf('%d%%', $3)) with labels offset 0, 1.6 font ',8' tc rgb '#555555' title ''
