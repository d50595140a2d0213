# The real published tables of shared/realworld/ (tests/realworld_test.py).
add_test(NAME realworld.tables
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/realworld_test.py
          $<TARGET_FILE:ptconv-cli> ${PTC_SHARED_DIR})
set_tests_properties(realworld.tables PROPERTIES ENVIRONMENT "${PTC_TEST_ENV}" TIMEOUT 60)

# Each real table against its reviewed golden JSON (tests/realworld_golden.py).
add_test(NAME realworld.golden
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/realworld_golden.py
          $<TARGET_FILE:ptconv-cli> ${PTC_SHARED_DIR} ${CMAKE_SOURCE_DIR}/fixtures/golden/realworld)
set_tests_properties(realworld.golden PROPERTIES ENVIRONMENT "${PTC_TEST_ENV}" TIMEOUT 60)
