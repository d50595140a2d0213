# browser.print: the seed's page printed to PDF in headless Chromium
# (tests/print_check.py): A4 pages, no heading left alone at a page foot.
# Needs /usr/bin/chromium and pdftotext (poppler-utils); a missing one fails
# the test. Each external call has its own 90 s timeout.
add_test(NAME browser.print
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/print_check.py)
set_tests_properties(browser.print PROPERTIES ENVIRONMENT "${PTC_TEST_ENV}" TIMEOUT 300)
