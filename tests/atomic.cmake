# Atomic output (tests/atomic_test.py): -o FILE is replaced only by a complete,
# successful conversion; failed writes are reported and leave no temporary
# file. One ctest test per case.
execute_process(
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/atomic_test.py --list
  OUTPUT_VARIABLE PTC_ATOMIC_CASES
  RESULT_VARIABLE PTC_ATOMIC_LIST_RC
  OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT PTC_ATOMIC_LIST_RC EQUAL 0 OR PTC_ATOMIC_CASES STREQUAL "")
  message(FATAL_ERROR "tests/atomic_test.py --list failed (${PTC_ATOMIC_LIST_RC})")
endif()
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/atomic_test.py)
string(REPLACE "\n" ";" PTC_ATOMIC_CASES "${PTC_ATOMIC_CASES}")

foreach(case IN LISTS PTC_ATOMIC_CASES)
  add_test(NAME atomic.${case}
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/atomic_test.py ${case})
  # 77: a case that cannot run here (atomic.fsync-only-when-asked without
  # strace or ptrace) is reported as skipped, never as passed.
  set_tests_properties(atomic.${case} PROPERTIES ENVIRONMENT "${PTC_TEST_ENV}" TIMEOUT 120
                                                 SKIP_RETURN_CODE 77)
endforeach()
