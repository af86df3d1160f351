#!/usr/bin/env bash
# Set up everything the book and the tests need, idempotently: a virtual environment with the
# pinned Python packages (.venv/), the pinned JavaScript packages (node_modules/), and the files
# the book serves itself (_vendor/). Steps whose inputs have not changed are skipped, so after one
# run with network access, later builds work offline.
#
#   bash scripts/setup.sh           everything: the book build and the tests (needs Node.js/npm)
#   bash scripts/setup.sh --teach   only what teaching from the notebooks needs: the students'
#                                   pinned packages (requirements-student.txt), the course package
#                                   and the JupyterLab settings; no Node.js or npm
set -euo pipefail
cd "$(dirname "$0")/.."

teach=false
case "${1:-}" in
  --teach) teach=true ;;
  "") ;;
  *) echo "usage: bash scripts/setup.sh [--teach]" >&2; exit 2 ;;
esac

PYTHON=${PYTHON:-python3}

# pip install, tried once more if it fails: a download that arrives damaged fails pip's hash check
# (seen once in CI, for a 53 MB wheel), and the second try fetches afresh, bypassing pip's cache.
# A real problem (a missing or mismatched package) fails both tries, with pip's own message.
pip_install() {
  .venv/bin/python -m pip install --quiet --disable-pip-version-check "$@" && return 0
  echo "==> pip install failed; trying once more, without pip's download cache" >&2
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-cache-dir "$@"
}
if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv with $($PYTHON --version)"
  "$PYTHON" -m venv .venv
fi

if $teach; then
  want=$(cat requirements-student.txt pyproject.toml | sha256sum | cut -d' ' -f1)
  # A full set-up (requirements.txt) already holds everything teaching needs.
  if [ "$(cat .venv/.installed 2>/dev/null)" != "$want" ] && [ ! -f .venv/.installed-full ]; then
    echo "==> installing the teaching packages (requirements-student.txt) and the course package"
    pip_install -r requirements-student.txt
    pip_install --no-deps -e .
    echo "$want" > .venv/.installed
  fi
else
  want=$(cat requirements.txt pyproject.toml | sha256sum | cut -d' ' -f1)
  if [ "$(cat .venv/.installed 2>/dev/null)" != "$want" ]; then
    echo "==> installing Python packages (requirements.txt)"
    pip_install -r requirements.txt
    echo "$want" > .venv/.installed
    touch .venv/.installed-full
  fi
  # nbgrader and Otter-Grader are here for the tests (they generate and grade the exercises as
  # assignments with them), not for the course's JupyterLab: their panels, toolbar buttons and
  # file handlers (nbgrader's, notebook 7's, Otter's ipylab and jupytext) stay switched off in this
  # environment, so instructors and the JupyterLab tests see the course's own JupyterLab.
  if [ -x .venv/bin/nbgrader ] && [ ! -f .venv/.grading-tools-quiet ]; then
    .venv/bin/jupyter labextension disable --level=sys_prefix @jupyter/nbgrader \
      @jupyter-notebook/lab-extension ipylab jupyterlab-jupytext >/dev/null 2>&1
    # Server extensions: one file read after theirs (the folder is read in name order).
    cat > .venv/etc/jupyter/jupyter_server_config.d/zz-nhsreform-grading-tools-off.json <<'JSON'
{"ServerApp": {"jpserver_extensions": {
  "nbgrader.server_extensions.formgrader": false,
  "nbgrader.server_extensions.validate_assignment": false,
  "nbgrader.server_extensions.assignment_list": false,
  "nbgrader.server_extensions.course_list": false,
  "jupyterlab_jupytext": false}}}
JSON
    touch .venv/.grading-tools-quiet
  fi
fi

# JupyterLab settings for the course, for instructors (no manual step): no "news" pop-up on the
# first start and no update check, both of which would call the internet. Installed into the
# environment as default overrides (overrides.d/); a user's own settings still win.
lab_overrides=.venv/share/jupyter/lab/settings/overrides.d
mkdir -p "$lab_overrides"
cmp -s jupyterlab/overrides.json "$lab_overrides/nhsreform-course.json" \
  || cp jupyterlab/overrides.json "$lab_overrides/nhsreform-course.json"

if $teach; then
  echo "==> ready to teach: .venv/bin/jupyter lab  (then open a notebook in chapters/ or exercises/)"
  exit 0
fi

if ! command -v npm >/dev/null; then
  echo "npm is needed to fetch the pinned JavaScript (Debian: apt-get install nodejs npm)" >&2
  exit 1
fi
want_js=$(cat package-lock.json _ext/require-config.js scripts/vendor_assets.py | sha256sum | cut -d' ' -f1)
if [ "$(cat _vendor/.installed 2>/dev/null)" != "$want_js" ]; then
  echo "==> installing JavaScript packages (package-lock.json) and copying them into _vendor/"
  npm ci --no-audit --no-fund --loglevel=error
  .venv/bin/python scripts/vendor_assets.py
  echo "$want_js" > _vendor/.installed
fi
