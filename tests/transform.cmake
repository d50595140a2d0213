# The seed under the layouts of other regions and tools (merged cells left
# out or blanked, page breaks with repeated headers, letter-spaced labels,
# full-width digits) gives the same tables (tests/transform_test.py).
add_test(NAME transform.seed
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/transform_test.py
          $<TARGET_FILE:ptconv-cli> ${PROJECT_SOURCE_DIR}/fixtures/seed.txt)
set_tests_properties(transform.seed PROPERTIES ENVIRONMENT "${PTC_TEST_ENV}" TIMEOUT 120)
