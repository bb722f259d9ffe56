# compare: the Mann-Whitney test against known values, and forkbench-compare
# on fixture runs (A vs A, one configuration 2x slower, mismatched runs).
fb_add_c_test(test_mannwhitney test_mannwhitney.c "compare;unit")
fb_add_test(compare_fixtures compare_fixtures.sh "compare" 60)
