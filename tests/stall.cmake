# forkbench-stall: a sibling thread's latency while the main thread creates children.
fb_add_test(stall_cli stall_cli.sh "stall;cli")
fb_add_test(stall_physics stall_physics.sh "stall;scaling;physics" 180)
fb_add_test(stall_interrupt stall_interrupt.sh "stall;cli")
