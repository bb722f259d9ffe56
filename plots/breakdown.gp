# breakdown.gp: "What does a copy-on-write fault cost?" — one heap size, a
# linear axis from 0, one bar per measured quantity: the COW fault of each
# heap kind split into components measured on their own that add up (a
# write fault that copies nothing + a 4 KiB copy, the rest by subtraction,
# labelled so), beside the controls (a write fault on a MAP_SHARED page,
# which maps an existing page; a first-touch fault, which zeroes a new one).
# Each bar's 95% interval over runs (or the floors' ranges) as an error bar.
# Variables in (-e): data (rows "x label total lo hi reuse copy rest",
# reuse/copy/rest "-" for single bars), title, plotdir, fmt, out.
load plotdir.'/text.gp'
w = 1000; h = 460 + 20 * fb_nlines(title)
load plotdir.'/common.gp'
set datafile missing '-'
set title fb_lines(title) font ',12'
set style fill solid 0.85 border -1
set boxwidth 0.6
set xrange [-0.6:*]
stats data using 5 nooutput
set yrange [0:STATS_max / 1e3 * 1.45]
set ylabel 'µs per written 4 KiB page (median; 95% interval over runs)'
set xtics () nomirror font ',9'
set key top center horizontal maxrows 2 font ',9'
set grid noxtics ytics
plot data using 1:($6 + $7 + $8) / 1e3:xtic(2) with boxes lc rgb '#BBBBBB' title 'the rest (a new page, its mapping; by subtraction)', \
	'' using 1:($6 + $7) / 1e3 with boxes lc rgb '#E69F00' title '4 KiB copy (measured alone)', \
	'' using 1:($6) / 1e3 with boxes lc rgb '#0072B2' title 'write fault that copies nothing (measured alone)', \
	'' using 1:($7 == $7 ? NaN : $3 / 1e3) with boxes lc rgb '#999999' notitle, \
	'' using 1:($3 / 1e3):($4 / 1e3):($5 / 1e3) with yerrorbars lc rgb '#000000' pt 7 ps 0.6 title 'measured total', \
	'' using 1:($5 / 1e3):(sprintf('%.2f', $3 / 1e3)) with labels offset 0, 0.8 font ',9' notitle
