# plots: scripts/plot on a fixture results directory (spawn, cow, footprint)
# makes valid PNG and SVG with the expected series; bad directories exit 2.
fb_add_test(plot_fixture plot_fixture.sh "plots" 60)
