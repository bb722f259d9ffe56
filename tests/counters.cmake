# The counter layer (src/core/perf*.c): fake-PMU unit tests and one real-kernel test as nobody.
foreach(t exact plan priv leak order encode hybrid pass nobody)
  fb_add_c_test(test_perf_${t} test_perf_${t}.c "unit;counters")
endforeach()
# The runners' counted passes on the real kernel (software events).
fb_add_test(counters_protocol counters_protocol.sh "counters")
# footprint's timed calls with no counter open, seen through strace.
fb_add_test(counters_timed_pass counters_timed_pass.sh "counters")
