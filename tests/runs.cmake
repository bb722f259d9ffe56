# Independent runs and the lean measured process (issue 8), and the hardening
# of the runners (issue 7: sizes, early signals, failed rows, memory guard).
fb_add_c_test(test_guard test_guard.c "unit;runs")
foreach(t runs_independent runs_lean runs_lost runs_budget harden_sizes harden_signals harden_failed harden_guard)
  fb_add_test(${t} ${t}.sh "runs")
endforeach()
fb_add_test(run_cli run_cli.sh "cli;runs")
