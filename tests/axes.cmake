# forkbench-spawn's parent-state and exec-image axes (issue 13): --fds,
# --threads and --exec-target through the sweep harness.
fb_add_test(axes_state axes_state.sh "spawn;axes")
fb_add_test(axes_exec axes_exec.sh "spawn;axes;exec")
fb_add_test(axes_fds_cost axes_fds_cost.sh "spawn;axes;physics")
fb_add_test(axes_fds_limit axes_fds_limit.sh "spawn;axes;cli")
