# Pathological inputs (tests/pathological.py): no crash, hang or data loss on
# any input. One ctest test per case for the JSON contract (patho.CASE) and one
# running every other format from --list-formats on the same inputs
# (patho.CASE.formats). The inputs are generated at test time under the build
# directory. TIMEOUT is the only bound on time (no speed is asserted); the
# sizes are chosen so that an ASan+UBSan build finishes well inside it.
execute_process(
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/pathological.py --list
  OUTPUT_VARIABLE PTC_PATHO_CASES
  RESULT_VARIABLE PTC_PATHO_LIST_RC
  OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT PTC_PATHO_LIST_RC EQUAL 0 OR PTC_PATHO_CASES STREQUAL "")
  message(FATAL_ERROR "tests/pathological.py --list failed (${PTC_PATHO_LIST_RC})")
endif()
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/pathological.py)
string(REPLACE "\n" ";" PTC_PATHO_CASES "${PTC_PATHO_CASES}")

foreach(case IN LISTS PTC_PATHO_CASES)
  add_test(NAME patho.${case}
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/pathological.py ${case})
  add_test(NAME patho.${case}.formats
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/pathological.py ${case} --formats)
  set_tests_properties(patho.${case} patho.${case}.formats PROPERTIES
                       ENVIRONMENT "${PTC_TEST_ENV}")
  set_tests_properties(patho.${case} PROPERTIES TIMEOUT 120)
  set_tests_properties(patho.${case}.formats PROPERTIES TIMEOUT 180)
endforeach()
