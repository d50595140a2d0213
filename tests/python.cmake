# python.api, python.dataframe: the ctypes package python/ptconv over the
# build's libptconv.so (PTCONV_LIBRARY). The dataframe test runs with the
# first interpreter that can import pandas (the configured one, else the
# system's /usr/bin/python3, where python3-pandas installs it); without one
# it reports SKIPPED (exit 77).
set(PTC_PANDAS_PYTHON ${Python3_EXECUTABLE})
foreach(candidate ${Python3_EXECUTABLE} /usr/bin/python3)
  if(EXISTS ${candidate} OR candidate STREQUAL Python3_EXECUTABLE)
    execute_process(COMMAND ${candidate} -c "import pandas" RESULT_VARIABLE rc
                    OUTPUT_QUIET ERROR_QUIET)
    if(rc EQUAL 0)
      set(PTC_PANDAS_PYTHON ${candidate})
      break()
    endif()
  endif()
endforeach()
if(PTCONV_SANITIZE)
  # Not under ASan+UBSan: a Python interpreter cannot load a sanitized libptconv.so (the ASan runtime must come first). The plain build runs it.
  return()
endif()
add_test(NAME python.api
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/python_test.py api
          ${PROJECT_SOURCE_DIR}/fixtures/seed.txt)
add_test(NAME python.dataframe
  COMMAND ${PTC_PANDAS_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/python_test.py dataframe
          ${PROJECT_SOURCE_DIR}/fixtures/seed.txt)
set_tests_properties(python.api python.dataframe PROPERTIES
  ENVIRONMENT "PTCONV_LIBRARY=$<TARGET_FILE:ptconv_shared>" TIMEOUT 120)
set_tests_properties(python.dataframe PROPERTIES SKIP_RETURN_CODE 77)
