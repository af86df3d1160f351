#!/usr/bin/env bash
# Run every test: the package's unit tests, nbval over every notebook, the check that notebooks
# are stored without outputs, the strict book build, and headless-Chromium checks (offline
# behaviour, quizzes, accessibility) over every built page. Sets up what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

if ! command -v chromium >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    echo "==> installing Debian's chromium for the browser tests"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "chromium is missing: run 'sudo apt-get install chromium' (Debian), then retry" >&2
    exit 1
  fi
fi

echo "==> running the tests"
# In parallel, one worker per core (pytest-xdist); each test file runs whole on one worker, so a
# file's fixtures (a JupyterLab server, a fresh environment) are made once. The files are handed
# out in the order tests/conftest.py gives them (--no-loadscope-reorder: not biggest first).
# `-n 0` runs serially.
exec .venv/bin/python -m pytest -n "${NHS_TEST_WORKERS:-auto}" --dist loadfile --no-loadscope-reorder "$@"
