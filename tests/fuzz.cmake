# The fuzz harness without libFuzzer (fuzz/replay.c), built by any compiler:
# every saved reproducer (fuzz/regressions/) and the seed corpus
# (fuzz/corpus/) runs through every property check on each test run.
add_executable(fuzz_replay ${PROJECT_SOURCE_DIR}/fuzz/fuzz_ptconv.c ${PROJECT_SOURCE_DIR}/fuzz/replay.c)
target_include_directories(fuzz_replay PRIVATE ${PROJECT_SOURCE_DIR}/include ${PROJECT_SOURCE_DIR})
target_link_libraries(fuzz_replay PRIVATE ptconv)
add_test(NAME fuzz.regressions COMMAND fuzz_replay ${PROJECT_SOURCE_DIR}/fuzz/regressions
                                                   ${PROJECT_SOURCE_DIR}/fuzz/corpus)
set_tests_properties(fuzz.regressions PROPERTIES TIMEOUT 300)
