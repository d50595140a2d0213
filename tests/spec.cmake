# Spec examples: one ctest test spec.<name> per tests/spec/<name>.md (its
# README.md describes the format), all run by tests/spec_runner.py. Globbed,
# so a new spec file is one new file. spec.runner-selftest feeds the runner
# tests/spec/selftest/*.md, whose examples are all wrong on purpose: the
# runner must report every one of them as failing.
file(GLOB PTC_SPEC_FILES CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/spec/*.md)
list(FILTER PTC_SPEC_FILES EXCLUDE REGEX "/README\\.md$")
foreach(spec IN LISTS PTC_SPEC_FILES)
  get_filename_component(name ${spec} NAME_WE)
  add_test(NAME spec.${name}
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/spec_runner.py
            --ptconv $<TARGET_FILE:ptconv-cli> ${spec})
  set_tests_properties(spec.${name} PROPERTIES ENVIRONMENT "${PTC_TEST_ENV}" TIMEOUT 120)
endforeach()

file(GLOB PTC_SPEC_SELFTEST CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/spec/selftest/*.md)
add_test(NAME spec.runner-selftest
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/spec_runner.py
          --ptconv $<TARGET_FILE:ptconv-cli> --expect-fail ${PTC_SPEC_SELFTEST})
set_tests_properties(spec.runner-selftest PROPERTIES ENVIRONMENT "${PTC_TEST_ENV}" TIMEOUT 120)
