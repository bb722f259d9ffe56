# common.gp: what every forkbench figure shares: terminal (PNG via pngcairo or
# SVG), size, the colour-blind-safe palette, grid, missing-value marker.
# Variables in: fmt ('png' or 'svg'), out (path without extension), w, h (pixels).
# Labels are printed as written (noenhanced): fork_exec stays fork_exec.
if (fmt eq 'svg') {
	set terminal svg size w, h noenhanced font 'Sans,12' background rgb 'white'
	set output out.'.svg'
} else {
	set terminal pngcairo size w, h noenhanced font 'Sans,10' background rgb 'white'
	set output out.'.png'
}
# Okabe-Ito colours, then a few more: one per method / series.
set linetype 1 lc rgb '#0072B2' lw 2 pt 7 ps 0.7
set linetype 2 lc rgb '#E69F00' lw 2 pt 5 ps 0.7
set linetype 3 lc rgb '#009E73' lw 2 pt 9 ps 0.8
set linetype 4 lc rgb '#CC79A7' lw 2 pt 11 ps 0.8
set linetype 5 lc rgb '#D55E00' lw 2 pt 13 ps 0.8
set linetype 6 lc rgb '#56B4E9' lw 2 pt 15 ps 0.8
set linetype 7 lc rgb '#000000' lw 2 pt 4 ps 0.7
set linetype 8 lc rgb '#F0E442' lw 2 pt 6 ps 0.7
set linetype 9 lc rgb '#999999' lw 2 pt 8 ps 0.7
set linetype 10 lc rgb '#882255' lw 2 pt 10 ps 0.7
set linetype cycle 10
set grid xtics ytics lc rgb '#dddddd' lw 1 dt 1
set border 3 lc rgb '#444444'
set tics nomirror
set datafile missing '?'
load plotdir.'/text.gp'
# The shared vocabulary: colour per method, marker per child action / writer.
load plotdir.'/style.gp'
