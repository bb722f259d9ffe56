# forkbench-footprint: a function called directly vs in a child (TLPI 24.3).
fb_add_test(footprint_isolation footprint_isolation.sh "footprint")
fb_add_test(footprint_scaling footprint_scaling.sh "footprint;scaling;physics" 120)
fb_add_test(footprint_cli footprint_cli.sh "footprint;cli")
fb_add_test(footprint_interrupt footprint_interrupt.sh "footprint;cli")
