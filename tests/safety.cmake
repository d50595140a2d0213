# CLI safety (tests/safety_test.py): outputs never replace inputs or device
# nodes, closed std descriptors and signals leave nothing wrong behind, odd
# names keep outputs valid UTF-8, a batch survives a bad input.
execute_process(
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/safety_test.py --list
  OUTPUT_VARIABLE PTC_SAFETY_CASES
  RESULT_VARIABLE PTC_SAFETY_LIST_RC
  OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT PTC_SAFETY_LIST_RC EQUAL 0 OR PTC_SAFETY_CASES STREQUAL "")
  message(FATAL_ERROR "tests/safety_test.py --list failed (${PTC_SAFETY_LIST_RC})")
endif()
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/safety_test.py)
string(REPLACE "\n" ";" PTC_SAFETY_CASES "${PTC_SAFETY_CASES}")

foreach(case IN LISTS PTC_SAFETY_CASES)
  add_test(NAME safety.${case}
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/safety_test.py ${case})
  set_tests_properties(safety.${case} PROPERTIES ENVIRONMENT "${PTC_TEST_ENV}" TIMEOUT 120)
endforeach()
