# JSON input (-f json, -f jsonl) and the JSON Schema; tests/jsonin_check.py.
#  jsonin.roundtrip.*: JSON -> model -> JSON byte-identical, and every format
#    rendered from JSON equal to the same format rendered from text;
#  jsonin.schema.*: every JSON output of the suite valid against
#    schemas/ptconv.schema.json (goldens, CLI cases, corpora, real-world files);
#  jsonin.rejects: broken inputs (fixtures/json/) fail the schema, and ptconv
#    reports them as [json-syntax] / [json-schema] with exit 1.
set(PTC_JSONIN ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/jsonin_check.py)
set(PTC_JSONIN_SCHEMA ${PROJECT_SOURCE_DIR}/schemas/ptconv.schema.json)
set(PTC_JSONIN_DIR ${PROJECT_BINARY_DIR}/jsonin)
set(PTC_JSONIN_GEN ${PTC_SHARED_DIR}/bench/gen-corpus)
set(PTC_JSONIN_SEED ${PTC_SHARED_DIR}/seeds/000_ab6bda6407c9bf0e.txt)
file(GLOB PTC_JSONIN_REALWORLD ${PTC_SHARED_DIR}/realworld/*.tsv ${PTC_SHARED_DIR}/realworld/*.txt)
file(GLOB PTC_JSONIN_BROKEN CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/fixtures/json/*.json
     ${PROJECT_SOURCE_DIR}/fixtures/json/*.jsonl)
file(GLOB PTC_JSONIN_CHECKS ${PROJECT_SOURCE_DIR}/fixtures/check/*.txt)
file(GLOB PTC_JSONIN_CLI_INPUTS ${PROJECT_SOURCE_DIR}/fixtures/cli/*.txt)

add_test(NAME jsonin.roundtrip.seed
  COMMAND ${PTC_JSONIN} roundtrip --formats --ptconv $<TARGET_FILE:ptconv-cli>
          ${PROJECT_SOURCE_DIR}/fixtures/seed.txt ${PROJECT_SOURCE_DIR}/fixtures/hostile.txt)
add_test(NAME jsonin.roundtrip.realworld
  COMMAND ${PTC_JSONIN} roundtrip --formats --ptconv $<TARGET_FILE:ptconv-cli> ${PTC_JSONIN_REALWORLD})
# gen-corpus --docs 50 --variant noisy, written first, then round-tripped.
add_test(NAME jsonin.roundtrip.noisy
  COMMAND sh -c [[set -e; mkdir -p "$4"; "$1" "$2" --seed-file "$3" --docs 50 --variant noisy > "$4/noisy.txt"
exec "$1" "$5" roundtrip --formats --ptconv "$6" "$4/noisy.txt"]]
          jsonin ${Python3_EXECUTABLE} ${PTC_JSONIN_GEN} ${PTC_JSONIN_SEED} ${PTC_JSONIN_DIR}
          ${CMAKE_CURRENT_SOURCE_DIR}/jsonin_check.py $<TARGET_FILE:ptconv-cli>)

add_test(NAME jsonin.schema.fixtures
  COMMAND ${PTC_JSONIN} schema --schema ${PTC_JSONIN_SCHEMA} --ptconv $<TARGET_FILE:ptconv-cli>
          --json ${PROJECT_SOURCE_DIR}/fixtures/golden/seed.json
          --json ${PROJECT_SOURCE_DIR}/fixtures/golden/seed.jsonl
          --cli-cases ${CMAKE_CURRENT_SOURCE_DIR}/cli
          --convert ${PROJECT_SOURCE_DIR}/fixtures/seed.txt
          --convert ${PROJECT_SOURCE_DIR}/fixtures/hostile.txt)
set(PTC_JSONIN_CONVERT "")
foreach(f IN LISTS PTC_JSONIN_REALWORLD PTC_JSONIN_CHECKS PTC_JSONIN_CLI_INPUTS)
  list(APPEND PTC_JSONIN_CONVERT --convert ${f})
endforeach()
add_test(NAME jsonin.schema.inputs
  COMMAND ${PTC_JSONIN} schema --schema ${PTC_JSONIN_SCHEMA} --ptconv $<TARGET_FILE:ptconv-cli>
          ${PTC_JSONIN_CONVERT})
# Both generated corpora, as the corpus tests make them, 50 documents each
# (Python's validator takes a few seconds per 50).
add_test(NAME jsonin.schema.corpora
  COMMAND sh -c [[set -e; mkdir -p "$4"
"$1" "$2" --seed-file "$3" --docs 50 --variant noisy > "$4/schema-noisy.txt"
"$1" "$2" --seed-file "$3" --docs 50 --variant clean > "$4/schema-clean.txt"
exec "$1" "$5" schema --json-only --schema "$6" --ptconv "$7" --convert "$4/schema-noisy.txt" --convert "$4/schema-clean.txt"]]
          jsonin ${Python3_EXECUTABLE} ${PTC_JSONIN_GEN} ${PTC_JSONIN_SEED} ${PTC_JSONIN_DIR}
          ${CMAKE_CURRENT_SOURCE_DIR}/jsonin_check.py ${PTC_JSONIN_SCHEMA} $<TARGET_FILE:ptconv-cli>)
add_test(NAME jsonin.rejects
  COMMAND ${PTC_JSONIN} rejects --schema ${PTC_JSONIN_SCHEMA} --ptconv $<TARGET_FILE:ptconv-cli>
          ${PTC_JSONIN_BROKEN})
set_tests_properties(jsonin.roundtrip.seed jsonin.roundtrip.realworld jsonin.roundtrip.noisy
  jsonin.schema.fixtures jsonin.schema.inputs jsonin.schema.corpora jsonin.rejects
  PROPERTIES ENVIRONMENT "${PTC_TEST_ENV}" TIMEOUT 300)
