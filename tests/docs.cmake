# docs.options: --help, man/ptconv.1 and README's options list name the same
# long options. docs.man: man -l renders ptconv.1 and the generated ptconv.3
# without warnings, and ptconv.3 documents every exported function.
add_test(NAME docs.options
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/docs_options.py
          $<TARGET_FILE:ptconv-cli> ${PROJECT_SOURCE_DIR}/man/ptconv.1 ${PROJECT_SOURCE_DIR}/README.md)
add_test(NAME docs.man
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/docs_man.py
          ${PROJECT_SOURCE_DIR}/include/ptconv.h
          ${PROJECT_SOURCE_DIR}/man/ptconv.1 ${PROJECT_BINARY_DIR}/man/ptconv.3)
set_tests_properties(docs.options docs.man PROPERTIES TIMEOUT 60)
