# The scripts of the README work whatever ran before them (tests/scripts_test.py).
add_test(NAME scripts.independent COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/scripts_test.py)
