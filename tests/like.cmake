# --like / --like-file / forkbench capture (issue 20): a parent shaped like a
# running process. like_target is the process with a known layout.
add_executable(forkbench-test-like-target ${CMAKE_CURRENT_SOURCE_DIR}/like_target.c)
target_link_libraries(forkbench-test-like-target PRIVATE pthread)
set_target_properties(forkbench-test-like-target PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${FB_BIN})
fb_add_test(like_replica like_replica.sh "spawn;like")
fb_add_test(like_errors like_errors.sh "spawn;like")
