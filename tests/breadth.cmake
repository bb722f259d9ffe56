# Breadth: what else a parent carries (issue 13). Method rows, exec targets,
# parent state; the stall driver has its own tests/stall.cmake.
fb_add_c_test(test_methods test_methods.c "unit;spawn;methods")
set_tests_properties(test_methods PROPERTIES
  ENVIRONMENT "FORKBENCH_EXEC_TARGET=${FB_BIN}/forkbench-exec-target")
fb_add_c_test(test_exec_targets test_exec_targets.c "unit;spawn;exec")
set_tests_properties(test_exec_targets PROPERTIES
  ENVIRONMENT "FORKBENCH_EXEC_TARGET=${FB_BIN}/forkbench-exec-target")
fb_add_c_test(test_parent_state test_parent_state.c "unit;spawn;parent_state")
