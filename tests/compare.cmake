# compare: the statistics (Mann-Whitney, t distribution, Benjamini-Hochberg,
# t intervals over runs, verdicts, families) against known values and synthetic sets, and forkbench-compare on fixtures: the
# small one-run directories, synthetic run sets with known noise, broken input.
fb_add_c_test(test_mannwhitney test_mannwhitney.c "compare;unit")
fb_add_c_test(test_interval test_interval.c "compare;unit")
fb_add_test(compare_fixtures compare_fixtures.sh "compare" 60)
fb_add_test(compare_stats compare_stats.sh "compare" 120)
fb_add_test(compare_inputs compare_inputs.sh "compare" 60)
fb_add_test(compare_calibrate compare_calibrate.sh "compare" 120)
fb_add_test(compare_ab compare_ab.sh "compare" 120)
fb_add_test(compare_aa compare_aa.sh "compare" 60)
