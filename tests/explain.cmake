# ptconv --explain covers every line of the seed (tests/explain_check.py).
add_test(NAME explain.seed
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/explain_check.py
          $<TARGET_FILE:ptconv-cli> ${PROJECT_SOURCE_DIR}/fixtures/seed.txt)
set_tests_properties(explain.seed PROPERTIES ENVIRONMENT "${PTC_TEST_ENV}" TIMEOUT 60)
