# Generated-corpus tests: shared/bench/gen-corpus writes 200 announcements
# recombined from the seed (clean, or with the seed's kinds of extraction
# noise) and a truth file per table; tests/corpus_check.py converts the corpus
# with ptconv and compares every table with the truth ("N passed, 0 failed").
#
# Both steps run in one test so the corpus is always the one the current
# generator makes; the files stay in <build>/corpus/ for a look after a failure.

set(PTC_CORPUS_SEED "${PTC_SHARED_DIR}/seeds/000_ab6bda6407c9bf0e.txt")
set(PTC_CORPUS_DIR "${PROJECT_BINARY_DIR}/corpus")

foreach(variant IN ITEMS noisy clean)
  # Arguments are passed positionally so no path is ever re-parsed by the shell:
  # $1 python  $2 gen-corpus  $3 seed  $4 variant  $5 truth  $6 corpus
  # $7 corpus_check.py  $8 ptconv  $9 output directory
  add_test(NAME corpus.${variant}
    COMMAND sh -c [[set -e
mkdir -p "$9"
"$1" "$2" --seed-file "$3" --docs 200 --variant "$4" --truth "$5" > "$6"
exec "$1" "$7" "$8" "$6" "$5"]]
      corpus-test
      "${Python3_EXECUTABLE}"
      "${PTC_SHARED_DIR}/bench/gen-corpus"
      "${PTC_CORPUS_SEED}"
      ${variant}
      "${PTC_CORPUS_DIR}/${variant}.truth.jsonl"
      "${PTC_CORPUS_DIR}/${variant}.txt"
      "${CMAKE_CURRENT_SOURCE_DIR}/corpus_check.py"
      "$<TARGET_FILE:ptconv-cli>"
      "${PTC_CORPUS_DIR}")
  # corpus_check.py exits non-zero on any mismatch; an empty corpus would pass
  # vacuously, so "0 passed" fails too.
  set_tests_properties(corpus.${variant} PROPERTIES
    ENVIRONMENT "${PTC_TEST_ENV}"
    FAIL_REGULAR_EXPRESSION "(^|\n)0 passed"
    TIMEOUT 600)
endforeach()
