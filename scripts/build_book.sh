#!/usr/bin/env bash
# Build the book: set up (first time only), execute every notebook (cached), write the HTML.
# Strict: any Sphinx warning or broken reference fails the build. Extra arguments go to
# `jupyter-book build`, e.g. `--all` to rebuild every page.
#
# `--instructor` (first) builds the instructor's edition instead: answer keys for every quiz and
# exercise, written from the same sources (nhsreform/answer_keys.py, instructor/), into
# _build/instructor/_build/html. The student book contains none of it.
#
# `--graded` (first) builds the edition without worked solutions, for courses that mark the
# exercises: each exercise replaced by its student copy (nhsreform/graded_book.py), into
# _build/graded/_build/html.
#
# True to its sources: when the course package (code, quiz banks, datasets), course.yml or the
# bibliography change, every notebook runs again and every page is rebuilt (_ext/course_inputs.py).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The notebooks import the course package from this folder, whatever the environment points at.
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"

echo "==> checking the quiz banks"
.venv/bin/python _ext/course_inputs.py   # a malformed bank: its file and problem, printed last

source=.
if [ "${1:-}" = "--instructor" ]; then
  shift
  echo "==> writing the instructor's edition (answer keys) into _build/instructor"
  .venv/bin/python -m nhsreform.answer_keys . _build/instructor
  source=_build/instructor
elif [ "${1:-}" = "--graded" ]; then
  shift
  echo "==> writing the edition without worked solutions into _build/graded"
  .venv/bin/python -m nhsreform.graded_book . _build/graded
  source=_build/graded
fi

echo "==> building the book"
start=$(date +%s)
.venv/bin/jupyter-book build "$source" --warningiserror --nitpick --keep-going "$@"
echo "==> built in $(( $(date +%s) - start )) s"
html="$source/_build/html"
[ "$source" = . ] && html=_build/html
echo "Open $(pwd)/$html/index.html in a browser,"
echo "or serve it: .venv/bin/python -m http.server --bind 127.0.0.1 --directory $html 8000"
