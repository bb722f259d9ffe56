# phases.gp: where a creation's time goes, per method and child action at one
# heap size: a pale bar to the child reaped (total), a solid bar to the call's
# return in the parent (create), a black diamond at the child's first
# instruction (ready; for fork it can come before the call returns, so the
# three are drawn over each other, not stacked). Linear axis from 0, one unit.
# Variables in (-e): data ("x create ready total name" per line, medians in
# ns), nx, xtics ("pos:label"), ymax (ns), title, fmt, out as in common.gp.
w = 60 * nx + 220
w = w < 640 ? 640 : w
h = 520
load plotdir.'/common.gp'
sc = fb_time_scale(ymax)
set yrange [0 : ymax * sc * 1.35]
set format y '%g '.fb_time_unit(ymax)
set xrange [-0.6 : nx - 0.4]
set xtics () nomirror rotate by 30 right
do for [t in xtics] { c = strstrt(t, ':'); set xtics add (t[c+1:] real(t[1:c-1])) }
set grid noxtics ytics
set style fill solid 1.0 noborder
title = fb_lines(title)
set title title font ',12'
set ylabel 'median time from the call'
set key inside top left vertical samplen 2 opaque box lc rgb '#cccccc'
set lmargin 12; set bmargin 7
# light version of a colour: halfway to white
lite(s) = sprintf('#%02X%02X%02X', (255 + int('0x'.s[2:3])) / 2, (255 + int('0x'.s[4:5])) / 2, (255 + int('0x'.s[6:7])) / 2)
plot for [i = 1:nx] data every ::(i - 1)::(i - 1) using 1:($4 * sc):(0.7) with boxes lc rgb lite(fb_lc(word(names, i))) notitle, \
	for [i = 1:nx] data every ::(i - 1)::(i - 1) using 1:($2 * sc):(0.35) with boxes lc rgb fb_lc(word(names, i)) notitle, \
	data using 1:($3 * sc) with points pt 13 ps 1.6 lc rgb '#000000' title 'ready: child runs (exec: the target runs)', \
	keyentry with boxes lc rgb '#cccccc' title 'total: call to child reaped (pale bar)', \
	keyentry with boxes lc rgb '#666666' title 'create: call returns in the parent (solid bar, the method colour)'
