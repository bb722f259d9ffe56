# vs_size.gp: medians with p5-p95 error bars against a size (log x), one
# line per series, one panel per value of the panel column (multiplot), one
# shared legend under the panels. Series take their method's colour and their
# child action's / writer's marker and dash from style.gp, by the names in
# their titles. Draws what scripts/plot (and scripts/compare) prepared;
# computes nothing. Variables in (-e):
#   data    file: one block (index) per series, lines "panel x median p5 p95"
#   ns, np  numbers of series and panels
#   titles  per series (words); colors: fallback colour numbers for series
#           that name no method; dashes: dash numbers ('' : from the names)
#   panels  panel titles (words); xtics "pos:label ..."; title; xlabel; ylabel
#   ylabels optional per-panel y labels (words; overrides ylabel)
#   istime  1: values are ns, SI tick labels (10 µs, 1 ms) on a log axis
#   yaxis   'log' (default) or 'symlog' (counts: 0 drawn, ticks 0 1 10 100)
#   ymin, ymax, ypos  optional: the range every panel shares
#   ymaxs   optional: per panel highest value (panels of different metrics,
#           symlog): overrides ymax panel by panel
#   ys      y scale factor (when not istime); yfmt; logy (0: linear)
#   fmt, out as in common.gp
if (!exists('ys')) ys = 1
if (!exists('logy')) logy = 1
if (!exists('ylabels')) ylabels = ''
if (!exists('istime')) istime = 0
if (!exists('yaxis')) yaxis = logy ? 'log' : 'lin'
if (!exists('dashes')) dashes = ''
if (!exists('colors')) colors = ''
if (istime) { ys = 1e-9; yfmt = '%.0s %cs' }
cols = np <= 3 ? np : (np == 4 ? 2 : 3)
rows = int((np + cols - 1) / cols)
w = 500 * cols + 60
if (exists("wmin") && w < wmin) w = wmin   # a one-panel figure with a long title
kcols = int(w / 200) < ns ? int(w / 200) : ns
krows = int((ns + kcols - 1) / kcols)
keyh = 20 * krows + 20
load plotdir.'/text.gp'
toph = 25 + 20 * fb_nlines(title)   # the title's lines
h = 360 * rows + keyh + toph
load plotdir.'/common.gp'
slc(i) = fb_lc_or(word(titles, i), colors ne '' ? word(colors, i) : i)
sdt(i) = dashes ne '' ? int(word(dashes, i)) : fb_dt(word(titles, i))
spt(i) = fb_pt(word(titles, i))
set logscale x 2
if (!exists('yfmt')) yfmt = '%.0s%c'
if (yaxis eq 'log') { set logscale y 10; set format y yfmt }
if (yaxis eq 'log' && exists('ymax')) { set yrange [ypos * ys / 1.5 : ymax * ys * 1.5] }
if (yaxis eq 'log' && exists('ymax') && istime) { eval fb_logtics(ypos * ys / 1.5, ymax * ys * 1.5) }
if (yaxis eq 'symlog') { eval fb_symlog(exists('ymax') ? ymax * ys : 10) }
if (yaxis eq 'lin') { set format y yfmt; set yrange [0:*] }
set xtics () nomirror rotate by -30
do for [t in xtics] { c = strstrt(t, ':'); lab = t[c+1:]; pos = real(t[1:c-1]); set xtics add (lab pos) }
nxt = words(xtics)
if (nxt > 0) { t1 = word(xtics, 1); t2 = word(xtics, nxt); set xrange [real(t1[1:strstrt(t1, ':') - 1]) / 1.6 : real(t2[1:strstrt(t2, ':') - 1]) * 1.6] }
set xlabel xlabel
set offsets 0, 0, 0, 0
# "what | details | machine": a line each.
title = fb_lines(title)
set multiplot layout rows, cols title title font ',12' \
	margins 80.0/w, 1 - 20.0/w, (keyh + 50.0)/h, 1 - (toph + 15.0)/h spacing 80.0/w, 90.0/h
do for [p = 1:np] {
	set title word(panels, p)
	set ylabel (ylabels ne '' ? word(ylabels, p) : ylabel)
	if (yaxis eq 'symlog' && exists('ymaxs')) { unset nonlinear y; eval fb_symlog(real(word(ymaxs, p)) * ys) }
	unset key
	plot for [i = 1:ns] data index (i - 1) using ($1 == p - 1 ? $2 : NaN):($3 * ys):((yaxis eq 'log' && $4 <= 0 ? $3 : $4) * ys):($5 * ys) \
		with yerrorlines lc rgb slc(i) dt sdt(i) pt spt(i) lw 2 ps 0.8 title word(titles, i)
}
# The legend: a strip across the bottom, as wide as the figure.
set lmargin at screen 0.02
set rmargin at screen 0.98
set bmargin at screen 0.01
set tmargin at screen (keyh - 5.0)/h
unset border; unset tics; unset xlabel; unset ylabel; unset title; unset grid
unset logscale; unset nonlinear y; set xrange [0:1]; set yrange [0:1]
set key inside center center horizontal maxrows krows samplen 3 width 1 box lc rgb '#cccccc'
plot 2 notitle, for [i = 1:ns] keyentry with yerrorlines lc rgb slc(i) dt sdt(i) pt spt(i) lw 2 ps 0.8 title word(titles, i)
unset multiplot
