# abi.symbols: libptconv.so exports exactly the functions include/ptconv.h
# declares (tests/abi_symbols.py; nm -D --defined-only).
find_program(PTC_NM NAMES ${CMAKE_NM} nm REQUIRED)
add_test(NAME abi.symbols
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/abi_symbols.py ${PTC_NM}
          $<TARGET_FILE:ptconv_shared> ${PROJECT_SOURCE_DIR}/include/ptconv.h)
set_tests_properties(abi.symbols PROPERTIES TIMEOUT 60)
