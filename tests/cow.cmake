# forkbench-cow: pattern table (C), fault counts, isolation and dirty growth,
# THP, bad input, interruption. Label: cow.
fb_add_c_test(test_pattern test_pattern.c "cow;unit")
foreach(t cow_faults cow_thp cow_cli cow_interrupt)
  fb_add_test(${t} ${t}.sh "cow")
endforeach()
