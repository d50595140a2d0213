# readme.checks: README's table of check codes is generated from the
# registry (checks/registry.c) through `ptconv --list-checks`; this fails
# when the two differ (tests/readme_checks.py, which can also rewrite it).
add_test(NAME readme.checks
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/readme_checks.py
          $<TARGET_FILE:ptconv-cli> ${PROJECT_SOURCE_DIR}/README.md)
set_tests_properties(readme.checks PROPERTIES ENVIRONMENT "${PTC_TEST_ENV}" TIMEOUT 60)
