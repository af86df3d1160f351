#!/usr/bin/env bash
# Build the book: set up (first time only), execute every notebook (cached), write the HTML.
# Strict: any Sphinx warning or broken reference fails the build. Extra arguments go to
# `jupyter-book build`, e.g. `--all` to rebuild every page.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The execution cache knows only each notebook's own code; when the course package, the quiz
# banks or the data change, drop it so every notebook runs again against the new versions.
inputs=$(find nhsreform data -type f -not -path '*/__pycache__/*' -print0 | sort -z \
         | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
if [ "$(cat _build/.inputs 2>/dev/null)" != "$inputs" ]; then
  rm -rf _build/.jupyter_cache
fi

echo "==> building the book"
start=$(date +%s)
.venv/bin/jupyter-book build . --warningiserror --nitpick --keep-going "$@"
echo "$inputs" > _build/.inputs
echo "==> built in $(( $(date +%s) - start )) s"
echo "Open $(pwd)/_build/html/index.html in a browser,"
echo "or serve it: .venv/bin/python -m http.server --bind 127.0.0.1 --directory _build/html 8000"
