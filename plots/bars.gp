# bars.gp: grouped bars (median, p5-p95 whiskers) of categories, one bar per
# series, one panel per block of the data file, with optional reference
# lines (a measured floor). Draws what scripts/plot prepared; computes
# nothing. Variables in (-e):
#   data    file: one block (index) per panel, lines "category m p5 p95 m p5 p95 ..."
#   ns, np, nx   numbers of series, panels, categories
#   titles  per series (words; colour = series number); panels (words); title; ylabel
#   ylabels optional per-panel y labels; ys y scale; logy (1: log y)
#   hlines  optional "value:label ..." drawn as dashed horizontal lines
#   fmt, out as in common.gp
if (!exists('ys')) ys = 1
if (!exists('logy')) logy = 1
if (!exists('ylabels')) ylabels = ''
if (!exists('hlines')) hlines = ''
nh = words(hlines)
# wide panels (many categories) stack in one column so they stay readable
cols = np <= 2 ? np : (np == 4 ? 2 : 3)
if (nx * ns > 30) { cols = 1 }
rows = int((np + cols - 1) / cols)
pw = 60 * nx * (ns > 3 ? ns / 3.0 : 1) + 120
pw = pw < 480 ? 480 : (pw > 1100 ? 1100 : pw)
w = int(pw * cols + 60)
kcols = int(w / 200) < ns + nh ? int(w / 200) : ns + nh
krows = int((ns + nh + kcols - 1) / kcols)
keyh = 20 * krows + 20
h = 400 * rows + keyh + 70
load plotdir.'/common.gp'
set style data histogram
set style histogram errorbars gap 1 lw 1
set style fill solid 0.85 border rgb '#333333'
set boxwidth 0.9
if (!exists('yfmt')) yfmt = '%.0s%c'
if (logy) { set logscale y 10 } else { set yrange [0:*] }
set format y yfmt
set xtics nomirror rotate by -30
set grid noxtics
hv(j) = j > nh ? NaN : real(word(hlines, j)[1:strstrt(word(hlines, j), ':') - 1])
hl(j) = j > nh ? '' : word(hlines, j)[strstrt(word(hlines, j), ':') + 1:]
# "what | machine": the machine goes on a second line.
tc = strstrt(title, ' | ')
if (tc > 0) { title = title[1:tc - 1]."\n".title[tc + 3:] }
set multiplot layout rows, cols title title font ',12' \
	margins 80.0/w, 1 - 20.0/w, (keyh + 60.0)/h, 1 - 85.0/h spacing 80.0/w, 110.0/h
do for [p = 1:np] {
	set title word(panels, p)
	set ylabel (ylabels ne '' ? word(ylabels, p) : ylabel)
	unset key
	plot for [i = 1:ns] data index (p - 1) using (column(3*i - 1) * ys):(column(3*i) * ys):(column(3*i + 1) * ys):xtic(1) \
		lt i title word(titles, i), \
		for [j = 1:nh] hv(j) * ys with lines dt 2 lw 2 lc rgb (j == 1 ? '#000000' : j == 2 ? '#666666' : '#aaaaaa') title hl(j)
}
# The legend: a strip across the bottom, as wide as the figure.
set lmargin at screen 0.02
set rmargin at screen 0.98
set bmargin at screen 0.01
set tmargin at screen (keyh - 5.0)/h
unset border; unset tics; unset xlabel; unset ylabel; unset title; unset grid
unset logscale; set xrange [0:1]; set yrange [0:1]
set key inside center center horizontal maxrows krows samplen 3 width 1 box lc rgb '#cccccc'
plot 2 notitle, for [i = 1:ns] keyentry with boxes fill solid 0.85 lt i title word(titles, i), \
	for [j = 1:nh] keyentry with lines dt 2 lw 2 lc rgb (j == 1 ? '#000000' : j == 2 ? '#666666' : '#aaaaaa') title hl(j)
unset multiplot
