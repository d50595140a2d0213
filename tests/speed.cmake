# Speed and scale (tests/speed_test.py): -j on one input and on many, the
# flush per document on a pipe, --stat, GNU parallel. Identity only: speed
# itself is measured by bench/run, never asserted in a test.
foreach(case IN ITEMS parallel-one parallel-files latency stat gnu-parallel)
  add_test(NAME speed.${case}
    COMMAND "${Python3_EXECUTABLE}" "${CMAKE_CURRENT_SOURCE_DIR}/speed_test.py"
      "$<TARGET_FILE:ptconv-cli>" "${PTC_SHARED_DIR}/bench/gen-corpus"
      "${PTC_SHARED_DIR}/seeds/000_ab6bda6407c9bf0e.txt" "${PROJECT_BINARY_DIR}/speed" ${case})
  set_tests_properties(speed.${case} PROPERTIES ENVIRONMENT "${PTC_TEST_ENV}" TIMEOUT 600
    SKIP_RETURN_CODE 77)
endforeach()
# The cases share the generated corpora in <build>/speed.
set_tests_properties(speed.parallel-files speed.gnu-parallel PROPERTIES DEPENDS speed.parallel-one)
