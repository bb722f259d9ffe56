# folio.gp: "fork and COW cost per folio size" (scripts/folio). Left: fork()
# of the heap per folio size as a ratio to 4 KiB pages, with each ratio's 95%
# interval over runs, the published ratios of the PTE-mapped THP fork series
# beside them, and PMD-mapped THP as a dashed line. Right: the COW write
# fault per written 4 KiB page, ns on a linear axis from 0, per writer and
# pattern. Variables in (-e): fork, cow (scripts/lib/folio.awk output),
# pub (folio_kb ratio: the published column, as scripts/folio derives it), plotdir, fmt, out; hasfork,
# hascow (0: that panel says it has no data), cowunit (ns or instructions).
w = 1200; h = 480
load plotdir.'/common.gp'
set datafile missing '-'
set multiplot layout 1, 2 title 'Fork and COW cost per folio size (heap of folios of one size, mapped by PTEs)' font ',13'
set logscale x 2
set xrange [2:4096]
set xtics ('4K' 4, '16K' 16, '32K' 32, '64K' 64, '128K' 128, '256K' 256, '512K' 512, '1M' 1024, '2M' 2048)
set xlabel 'folio size'
set title 'fork(): cost relative to 4 KiB pages (1 = same)'
set ylabel 'create_ns / create_ns of 4 KiB pages'
set yrange [0:*]
set key top right font ',9'
pmd = 0
if (!hasfork) { set label 1 'no forkbench-spawn CSV given' at graph 0.5, 0.5 center; set yrange [0:1]; plot -1 notitle; unset label 1; set yrange [0:*] } else {
stats fork using ($2 / 1024):(strcol(1) eq 'thp' ? $6 : 1/0) nooutput
if (exists('STATS_records') && STATS_records > 0) { pmd = STATS_max_y }
plot 1 with lines lc rgb '#888888' dt 2 notitle, \
	fork using ($2 / 1024):(strcol(1) eq 'thp' ? 1/0 : $6):7:8 with yerrorbars lt 1 title 'this machine, 95% interval over runs', \
	'' using ($2 / 1024):(strcol(1) eq 'thp' ? 1/0 : $6) with lines lt 1 notitle, \
	pub using 1:2 with points pt 6 ps 1.2 lc rgb '#D55E00' title 'published (Xeon 4210R, 6.9 series; 32K, 128K-1M from its % change)', \
	(pmd > 0 ? pmd : 1/0) with lines lc rgb '#009E73' dt 3 title sprintf('PMD-mapped THP: %.2f', pmd)
}
set title 'COW write fault per written 4 KiB page'
set ylabel cowunit.' per written page (median, 95% interval of run medians)'
set key top right font ',9'
if (!hascow) { set label 1 'no forkbench-cow CSV given' at graph 0.5, 0.5 center; set yrange [0:1]; plot -1 notitle } else {
# The axis follows the medians (to 1.5x the largest): an interval that runs
# past it is drawn to the edge (the title says so).
stats cow using 9 nooutput
set yrange [0:1.5 * STATS_max]
set title 'COW write fault per written 4 KiB page (intervals cut at the top edge run past it)'
plot for [wr in 'child parent'] for [pat in 'seq stride:16'] \
	cow using ($2 / 1024):((strcol(3) eq wr && strcol(4) eq pat && strcol(1) ne 'thp') ? $9 : 1/0):10:11 \
	with yerrorlines title wr.' writes, '.pat, \
	cow using ($2 / 1024):((strcol(3) eq 'parent' && strcol(4) eq 'reuse' && strcol(1) ne 'thp') ? $9 : 1/0):10:11 \
	with yerrorlines lt 7 dt 2 title 'parent writes after the child left (reuse: no copy)'
}
unset multiplot
