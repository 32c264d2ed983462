#!/usr/bin/env sh
# Refresh the committed review screenshot (evaluation/results/review_screenshot.png) from the browser test.
# Test runs never write into the tree; this script asks the test to copy its shot here.
set -eu
cd "$(dirname "$0")/.."
ALIGNER_REFRESH_SCREENSHOT="$PWD/evaluation/results/review_screenshot.png" PYTHONPATH="$PWD" \
  "${PYTHON:-.venv/bin/python}" -m pytest -q -p no:cacheprovider \
  "tests/e2e/test_browser.py::test_review_edit_persists_and_screenshot"
