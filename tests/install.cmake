# install.consumer: install into a temporary prefix and build a program
# against the installed library with pkg-config and find_package
# (tests/install_test.sh, tests/install/).
find_program(PTC_BASH bash REQUIRED)
if(PTCONV_SANITIZE)
  # Not under ASan+UBSan: the installed library is what users link; a sanitized one cannot be linked by a plain consumer. The plain build runs it.
  return()
endif()
add_test(NAME install.consumer
  COMMAND ${PTC_BASH} ${CMAKE_CURRENT_SOURCE_DIR}/install_test.sh ${PROJECT_BINARY_DIR}
          ${PROJECT_SOURCE_DIR} ${CMAKE_C_COMPILER} ${PROJECT_SOURCE_DIR}/fixtures/seed.txt
          ${PROJECT_BINARY_DIR}/install-test)
set_tests_properties(install.consumer PROPERTIES TIMEOUT 300 RESOURCE_LOCK install-tree)
