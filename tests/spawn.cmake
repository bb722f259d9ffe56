# forkbench-spawn and the library underneath it.
fb_add_c_test(test_util test_util.c "unit;spawn")
fb_add_c_test(test_perf_child test_perf_child.c "unit;spawn;counters")
fb_add_test(spawn_children_ran spawn_children_ran.sh "spawn")
fb_add_test(spawn_scaling spawn_scaling.sh "spawn;scaling;physics" 180)
fb_add_test(spawn_observed spawn_observed.sh "spawn")
fb_add_test(spawn_cli spawn_cli.sh "spawn;cli")
fb_add_test(spawn_interrupt spawn_interrupt.sh "spawn;cli")
fb_add_test(spawn_nonroot spawn_nonroot.sh "spawn;counters")
