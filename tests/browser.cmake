# browser.seed: the seed's HTML page loaded in headless Chromium (tests/browser_check.py).
# Needs Debian's /usr/bin/chromium (and fonts-noto-cjk for a readable screenshot);
# a missing browser fails the test. Each chromium call has its own 60 s timeout.
add_test(NAME browser.seed
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/browser_check.py)
set_tests_properties(browser.seed PROPERTIES ENVIRONMENT "${PTC_TEST_ENV}" TIMEOUT 180)
