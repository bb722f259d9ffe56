# vs_size.gp: medians with p5-p95 error bars against a size (log-log), one
# line per series, one panel per value of the panel column (multiplot), one
# shared legend under the panels. Draws what scripts/plot prepared; computes
# nothing. Variables in (-e):
#   data    file: one block (index) per series, lines "panel x median p5 p95"
#   ns, np  numbers of series and panels
#   titles, colors, dashes   per series (space-separated words)
#   panels  panel titles (words); xtics "pos:label ..."; title; xlabel; ylabel
#   ylabels optional per-panel y labels (words; overrides ylabel)
#   ys      y scale factor (1e-3 turns ns into us); logy (1: log y)
#   fmt, out as in common.gp
if (!exists('ys')) ys = 1
if (!exists('logy')) logy = 1
if (!exists('ylabels')) ylabels = ''
cols = np <= 3 ? np : (np == 4 ? 2 : 3)
rows = int((np + cols - 1) / cols)
w = 520 * cols + 60
kcols = int(w / 200) < ns ? int(w / 200) : ns
krows = int((ns + kcols - 1) / kcols)
keyh = 20 * krows + 20
h = 380 * rows + keyh + 70
load plotdir.'/common.gp'
set logscale x 2
if (!exists('yfmt')) yfmt = '%.0s%c'
if (logy) { set logscale y 10 }
set format y yfmt
set xtics () nomirror rotate by -30
do for [t in xtics] { c = strstrt(t, ':'); lab = t[c+1:]; pos = real(t[1:c-1]); set xtics add (lab pos) }
nxt = words(xtics)
if (nxt > 0) { t1 = word(xtics, 1); t2 = word(xtics, nxt); set xrange [real(t1[1:strstrt(t1, ':') - 1]) / 1.6 : real(t2[1:strstrt(t2, ':') - 1]) * 1.6] }
set xlabel xlabel
set offsets 0, 0, 0, 0
# "what | machine": the machine goes on a second line.
tc = strstrt(title, ' | ')
if (tc > 0) { title = title[1:tc - 1]."\n".title[tc + 3:] }
set multiplot layout rows, cols title title font ',12' \
	margins 80.0/w, 1 - 20.0/w, (keyh + 50.0)/h, 1 - 85.0/h spacing 80.0/w, 90.0/h
do for [p = 1:np] {
	set title word(panels, p)
	set ylabel (ylabels ne '' ? word(ylabels, p) : ylabel)
	unset key
	plot for [i = 1:ns] data index (i - 1) using ($1 == p - 1 ? $2 : NaN):($3 * ys):((logy && $4 <= 0 ? $3 : $4) * ys):($5 * ys) \
		with yerrorlines lt int(word(colors, i)) dt int(word(dashes, i)) title word(titles, i)
}
# The legend: a strip across the bottom, as wide as the figure.
set lmargin at screen 0.02
set rmargin at screen 0.98
set bmargin at screen 0.01
set tmargin at screen (keyh - 5.0)/h
unset border; unset tics; unset xlabel; unset ylabel; unset title; unset grid
unset logscale; set xrange [0:1]; set yrange [0:1]
set key inside center center horizontal maxrows krows samplen 3 width 1 box lc rgb '#cccccc'
plot 2 notitle, for [i = 1:ns] keyentry with yerrorlines lt int(word(colors, i)) dt int(word(dashes, i)) title word(titles, i)
unset multiplot
