# ptconv diff on a real year-over-year pair (the same department's overall
# table, 2023 and 2024): exit 1, and exactly the pinned report (one table
# matched by its unit, the title, goal and indicator changes). Run in
# shared/realworld/ so the report's names are the files' own.
add_test(NAME diff.realworld.zhanjiang
  COMMAND sh -c [[cd "$1/realworld" || exit 1
"$2" diff 40-zhanjiang-2023-overall.tsv 01-zhanjiang-2024-overall.tsv > "$3"
rc=$?
[ "$rc" = 1 ] || { echo "exit $rc, not 1"; exit 1; }
exec diff -u "$4" "$3"]]
    diff-test ${PTC_SHARED_DIR} $<TARGET_FILE:ptconv-cli> ${PROJECT_BINARY_DIR}/zhanjiang.diff
    ${PROJECT_SOURCE_DIR}/fixtures/diff/zhanjiang-2023-2024.diff)
set_tests_properties(diff.realworld.zhanjiang PROPERTIES ENVIRONMENT "${PTC_TEST_ENV}" TIMEOUT 60)

# Hand-made revisions of the seed (fixtures/diff/NAME.txt), each against the
# seed, with the expected report in fixtures/diff/NAME.diff; added-table is
# removed-table the other way round. Every one exits 1.
foreach(name IN ITEMS amount removed-table renamed-project moved-indicator changed-value added-table)
  if(name STREQUAL "added-table")
    set(old fixtures/diff/removed-table.txt)
    set(new fixtures/seed.txt)
  else()
    set(old fixtures/seed.txt)
    set(new fixtures/diff/${name}.txt)
  endif()
  add_test(NAME diff.revision.${name}
    COMMAND sh -c [["$1" diff "$2" "$3" > "$4"
rc=$?
[ "$rc" = 1 ] || { echo "exit $rc, not 1"; exit 1; }
exec diff -u "$5" "$4"]]
      diff-test $<TARGET_FILE:ptconv-cli> ${old} ${new} ${PROJECT_BINARY_DIR}/diff-${name}.out
      fixtures/diff/${name}.diff)
  set_tests_properties(diff.revision.${name} PROPERTIES ENVIRONMENT "${PTC_TEST_ENV}" TIMEOUT 60
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
endforeach()
