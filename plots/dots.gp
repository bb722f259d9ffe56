# dots.gp: a categorical dot figure: per panel, one point (median, p5-p95
# bar) per category and series, the series coloured and marked by the names
# they carry (style.gp), optional value labels, reference lines and notes.
# Draws what scripts/plot prepared (scripts/lib/dots.awk); computes nothing.
# Variables in (-e):
#   data, notes  files: "panel x median lo hi series label", "panel x text"
#   np, ns       panels, series; panels, series, xtics ("pos:label") words
#   ymins, ymaxs, ypos  per panel: lowest, highest, lowest positive value
#   yaxis   'log' (default), 'lin' (0 always on the axis) or 'symlog' (counts)
#   istime  1: values are ns (SI tick labels, or one unit on a linear axis)
#   ys      scale of non-time values; yfmt their tick format; ylabel; title
#   hlines  "value:label ..." reference lines (values in data units)
#   cols    panels per row (default up to 3); fmt, out as in common.gp
if (!exists('yaxis')) yaxis = 'log'
if (!exists('istime')) istime = 0
if (!exists('ys')) ys = 1
if (!exists('yfmt')) yfmt = '%g'
if (!exists('hlines')) hlines = ''
if (!exists('notes')) notes = ''
hasnotes = notes ne '' ? 1 : 0
if (!exists('ylabel')) ylabel = ''
nh = words(hlines)
nx = words(xtics)
if (!exists('yaxes')) yaxes = ''
if (!exists('istimes')) istimes = ''
if (!exists('yss')) yss = ''
if (!exists('ylabels')) ylabels = ''
if (!exists('nokey')) nokey = 0
if (!exists('stitles')) stitles = series
if (!exists('openmatch')) openmatch = '#'
spt(s) = strstrt(word(series, s), openmatch) ? fb_pto(word(series, s)) : fb_pt(word(series, s))
if (!exists('cols')) cols = np <= 3 ? np : (np == 4 ? 2 : 3)
rows = int((np + cols - 1) / cols)
if (!exists("catw")) catw = 48
pw = catw * nx + 150
pw = pw < 420 ? 420 : (pw > 1400 ? 1400 : pw)
# no wider than about 1800 px: more rows instead
if (pw * cols > 1800 && cols > 1) { cols = int(1800 / pw) < 1 ? 1 : int(1800 / pw); rows = int((np + cols - 1) / cols) }
w = int(pw * cols + 40)
# wide enough for the title's first line (about 8.5 px a character at 12 pt)
tl = strstrt(title, " | ") ? strstrt(title, " | ") - 1 : strlen(title)
w = w < tl * 8.5 + 60 ? int(tl * 8.5 + 60) : w
nk = ns + nh
kcols = int(w / 230) < nk ? int(w / 230) : nk
kcols = kcols < 1 ? 1 : kcols
krows = int((nk + kcols - 1) / kcols)
keyh = nokey ? 0 : 20 * krows + 20
load plotdir.'/text.gp'
toph = 40 + 20 * fb_nlines(title)   # the title's lines
h = 330 * rows + keyh + 10 + toph
load plotdir.'/common.gp'
hv(j) = j > nh ? NaN : real(word(hlines, j)[1:strstrt(word(hlines, j), ':') - 1])
hl(j) = j > nh ? '' : word(hlines, j)[strstrt(word(hlines, j), ':') + 1:]
hc(j) = j == 1 ? '#000000' : (j == 2 ? '#777777' : (j == 3 ? '#444444' : '#aaaaaa'))
hd(j) = j == 1 ? 2 : (j == 2 ? 3 : (j == 3 ? 1 : 4))
set xrange [-0.6 : nx - 0.4]
set xtics () nomirror rotate by 30 right
do for [t in xtics] { c = strstrt(t, ':'); set xtics add (t[c+1:] real(t[1:c-1])) }
set grid noxtics ytics
title = fb_lines(title)
set multiplot layout rows, cols title title font ',12' \
	margins 85.0/w, 1 - 20.0/w, (keyh + 70.0)/h, 1 - (toph + 0.0)/h spacing 85.0/w, 110.0/h
do for [p = 1:np] {
	yaxis_p = yaxes ne '' ? word(yaxes, p) : yaxis
	it = istimes ne '' ? int(word(istimes, p)) : istime
	ysp = yss ne '' ? real(word(yss, p)) : ys
	lo = real(word(ymins, p)); hi = real(word(ymaxs, p)); pos = real(word(ypos, p))
	hmax = hi; hmin = lo
	do for [j = 1:nh] { hmax = hv(j) > hmax ? hv(j) : hmax; hmin = hv(j) < hmin ? hv(j) : hmin; pos = hv(j) > 0 && hv(j) < pos ? hv(j) : pos }
	big = abs(hmax) > abs(hmin) ? abs(hmax) : abs(hmin)
	sc = it ? (yaxis_p eq 'log' ? 1e-9 : fb_time_scale(big)) : ysp
	unset logscale y; unset nonlinear y; set ytics autofreq; set mytics default
	if (yaxis_p eq 'log') {
		set logscale y 10
		set yrange [pos * sc / 1.8 : hmax * sc * 1.8]
		set format y (it ? fb_fmt_time : yfmt)
		if (it) { eval fb_logtics(pos * sc / 1.8, hmax * sc * 1.8) }
		bottom = pos * sc / 1.6
	}
	if (yaxis_p eq 'lin') {
		set yrange [(hmin < 0 ? hmin * sc * 1.15 : 0) : (hmax > 0 ? hmax * sc * 1.15 : 1)]
		set format y (it ? '%g '.fb_time_unit(big) : yfmt)
		bottom = (hmin < 0 ? hmin * sc : 0)
	}
	if (yaxis_p eq 'symlog') {
		eval fb_symlog(hmax * sc)
		bottom = 0
	}
	set title word(panels, p)
	set ylabel (ylabels ne '' ? word(ylabels, p) : ylabel)
	unset key
	plot for [s = 1:ns] data using ($1 == p - 1 && $6 == s ? $2 : NaN):($3 * sc):($4 * sc):($5 * sc) \
		with yerrorbars lc rgb fb_lc(word(series, s)) pt spt(s) ps 1.1 lw 1.5 notitle, \
		data using ($1 == p - 1 ? $2 : NaN):($3 * sc):7 with labels left offset char 0.9, 0 font ',8' notitle, \
		for [j = 1:nh] hv(j) * sc with lines dt hd(j) lw 1.5 lc rgb hc(j) notitle, \
		for [q = 1:hasnotes] notes using ($1 == p - 1 || $1 < 0 ? $2 : NaN):(bottom):3 with labels left rotate by 90 offset 0, 0.5 font ',8' tc rgb '#555555' notitle
}
if (nokey) { unset multiplot; exit }
set lmargin at screen 0.02
set rmargin at screen 0.98
set bmargin at screen 0.01
set tmargin at screen (keyh - 5.0)/h
unset border; unset tics; unset xlabel; unset ylabel; unset title; unset grid
unset logscale; unset nonlinear y; set xrange [0:1]; set yrange [0:1]
set key inside center center horizontal maxrows krows samplen 2 width 1 box lc rgb '#cccccc'
plot 2 notitle, for [s = 1:ns] keyentry with points lc rgb fb_lc(word(series, s)) pt spt(s) ps 1.1 title word(stitles, s), \
	for [j = 1:nh] keyentry with lines dt hd(j) lw 1.5 lc rgb hc(j) title hl(j)
unset multiplot
