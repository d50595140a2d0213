# Command-line tests: one ctest test cli.<name> per tests/cli/<name>.test,
# run by tests/cli_test.py (its docstring describes the case format).
# Globbed, so a new case is one new file.
file(GLOB PTC_CLI_CASES CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/cli/*.test)
foreach(case IN LISTS PTC_CLI_CASES)
  get_filename_component(name ${case} NAME_WE)
  add_test(NAME cli.${name}
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/cli_test.py ${case})
  set_tests_properties(cli.${name} PROPERTIES ENVIRONMENT "${PTC_TEST_ENV}" TIMEOUT 120)
endforeach()
