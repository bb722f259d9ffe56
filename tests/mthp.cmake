# mTHP heap kinds (mthp:SIZE, thp-pte): obtained and verified, refused up
# front when the knobs would not give them, knobs restored after every kind of
# stop, COW counts on a 64 KiB folio. Label: mthp. They change machine-wide
# knobs for a moment: RUN_SERIAL, so no other test builds a heap meanwhile.
foreach(t mthp_kinds mthp_refuse mthp_restore mthp_cow)
  fb_add_test(${t} ${t}.sh "mthp")
  set_tests_properties(${t} PROPERTIES RUN_SERIAL TRUE)
endforeach()
