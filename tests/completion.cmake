# completion.bash: completion/ptconv.bash, sourced in bash, completes formats
# (from --list-formats), encodings, options, the commands and files.
find_program(PTC_BASH bash REQUIRED)
add_test(NAME completion.bash
  COMMAND ${PTC_BASH} ${CMAKE_CURRENT_SOURCE_DIR}/completion_test.sh
          ${PROJECT_SOURCE_DIR}/completion/ptconv.bash $<TARGET_FILE:ptconv-cli>)
set_tests_properties(completion.bash PROPERTIES TIMEOUT 60)
