# The real published tables of shared/realworld/ (tests/realworld_test.py).
add_test(NAME realworld.tables
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/realworld_test.py
          $<TARGET_FILE:ptconv-cli> ${PTC_SHARED_DIR})
set_tests_properties(realworld.tables PROPERTIES ENVIRONMENT "${PTC_TEST_ENV}" TIMEOUT 60)
