# plots: scripts/plot on a fixture results directory (spawn, cow, footprint):
# every figure as PNG and SVG, one colour per method across figures, zeros
# drawn, report.md with the summary's numbers, nothing on stderr; corrupt or
# cut summaries named FILE:LINE (exit 1 when nothing is usable); bad
# directories exit 2.
fb_add_test(plot_fixture plot_fixture.sh "plots" 60)
fb_add_test(plot_per_vma plot_per_vma.sh "plots;spawn" 90)
