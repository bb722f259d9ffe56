# Input and output hardening shared by every driver (issue: hardening).
fb_add_test(hardening_cli hardening_cli.sh "cli")
fb_add_test(hardening_output hardening_output.sh "cli")
fb_add_test(install_tree install_tree.sh "cli")
fb_add_test(lib_leftovers lib_leftovers.sh "cli")
fb_add_test(summarize_same summarize_same.sh "cli")
fb_add_test(harden_meta harden_meta.sh "cli;runs")
fb_add_test(harden_early harden_early.sh "cli;runs")
