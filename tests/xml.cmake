# XML output: the same values as the JSON, and valid against schemas/ptconv.rng.
find_program(PTC_XMLLINT xmllint REQUIRED)
find_program(PTC_BASH bash REQUIRED)

set(PTC_XML_COMPARE ${CMAKE_CURRENT_SOURCE_DIR}/xml_json_compare.py)
set(PTC_GEN_CORPUS ${PTC_SHARED_DIR}/bench/gen-corpus)
set(PTC_SEED_FILE ${PTC_SHARED_DIR}/seeds/000_ab6bda6407c9bf0e.txt)

add_test(NAME xml.same_as_json.seed
         COMMAND ${Python3_EXECUTABLE} ${PTC_XML_COMPARE} $<TARGET_FILE:ptconv-cli>
                 ${PROJECT_SOURCE_DIR}/fixtures/seed.txt)
add_test(NAME xml.same_as_json.hostile
         COMMAND ${Python3_EXECUTABLE} ${PTC_XML_COMPARE} $<TARGET_FILE:ptconv-cli>
                 ${PROJECT_SOURCE_DIR}/fixtures/hostile.txt)
add_test(NAME xml.same_as_json.noisy
         COMMAND ${Python3_EXECUTABLE} ${PTC_XML_COMPARE} $<TARGET_FILE:ptconv-cli>
                 --gen-corpus ${PTC_GEN_CORPUS} ${PTC_SEED_FILE} 50 noisy)

# The generator, the converter and xmllint in one pipeline; pipefail makes a
# failure of any of them fail the test (xmllint: invalid or not well-formed).
add_test(NAME xml.schema.noisy
         COMMAND ${PTC_BASH} -c
                 "set -euo pipefail; \"$0\" \"$1\" --seed-file \"$2\" --docs 50 --variant noisy | \"$3\" -q -t xml | \"$4\" --noout --relaxng \"$5\" -"
                 ${Python3_EXECUTABLE} ${PTC_GEN_CORPUS} ${PTC_SEED_FILE} $<TARGET_FILE:ptconv-cli>
                 ${PTC_XMLLINT} ${PROJECT_SOURCE_DIR}/schemas/ptconv.rng)
set_tests_properties(xml.same_as_json.seed xml.same_as_json.hostile xml.same_as_json.noisy
                     xml.schema.noisy PROPERTIES ENVIRONMENT "${PTC_TEST_ENV}" TIMEOUT 300)
