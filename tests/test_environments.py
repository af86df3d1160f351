"""The course runs where instructors run notebooks, tried for real in a fresh virtual environment.

One environment is made the way README's "teach only" set-up makes it (``scripts/setup.sh
--teach`` in a copy of the repository, with Node.js and npm unavailable). Each test then puts it
in the state of one place students run notebooks and runs notebooks there with nbconvert:

- a laptop (teach only): a chapter runs with the editable package;
- a JupyterHub with nbgitpuller: the package is *not* installed; the notebooks find it beside
  their folder in the pulled copy of the repository;
- Colab: a notebook on its own; its set-up cell installs the course package from a wheel with
  pip (``NHSREFORM_PACKAGE``, no index, no network) and does nothing when run again;
- a wheel (and Binder's student requirements): every module, dataset and quiz bank loads from
  site-packages, and two notebooks run from a folder outside the repository.

Slow (about 3–4 minutes: the environment is installed from pip's cache).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from nhsreform import notebook_setup

from .conftest import ROOT

pytestmark = pytest.mark.timeout(1800)

#: A slow file (fresh environments installed): handed out early, see tests/conftest.py.
SLOW = True

PYTHON = os.environ.get("PYTHON", "python3")
TEST_TOOLCHAIN = ("pytest", "nbval", "playwright", "sphinx", "jupyter-book", "ruff", "myst-nb")


def pins(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.fullmatch(r"([A-Za-z0-9_.\-]+)==(\S+)", line.strip())
        if m:
            found[m[1].lower().replace("_", "-")] = m[2]
    return found


def run(cmd, *, cwd: Path, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=1500
    )
    if check and proc.returncode:
        raise AssertionError(
            f"{' '.join(map(str, cmd))} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
        )
    return proc


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    """A copy of the repository's files (what a clone or nbgitpuller gives), with no .venv."""
    files = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    copy = tmp_path_factory.mktemp("env") / "course"
    for name in filter(None, (f.decode() for f in files)):
        src = ROOT / name
        if src.is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, copy / name)
    return copy


@pytest.fixture(scope="module")
def teach(course, tmp_path_factory) -> dict:
    """``bash scripts/setup.sh --teach`` with node and npm replaced by stubs that record a call."""
    stubs = tmp_path_factory.mktemp("no-node")
    called = stubs / "called"
    for tool in ("node", "npm", "npx"):
        stub = stubs / tool
        stub.write_text(f"#!/bin/sh\necho {tool} >> {called}\nexit 1\n")
        stub.chmod(0o755)
    env = {**os.environ, "PATH": f"{stubs}:{os.environ['PATH']}", "PYTHON": PYTHON}
    env.pop("VIRTUAL_ENV", None)
    setup = run(["bash", "scripts/setup.sh", "--teach"], cwd=course, env=env)
    jupyter = {
        "JUPYTER_DATA_DIR": str(tmp_path_factory.mktemp("jupyter-data")),
        "JUPYTER_CONFIG_DIR": str(tmp_path_factory.mktemp("jupyter-config")),
        "JUPYTER_PLATFORM_DIRS": "1",
    }
    return {
        "python": course / ".venv" / "bin" / "python",
        "env": {**env, **jupyter, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
        "setup_output": setup.stdout + setup.stderr,
        "node_called": called,
    }


@pytest.fixture(scope="module")
def wheel(course, teach, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    run([teach["python"], "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", out, course], cwd=course)
    (whl,) = out.glob("nhsreform-*.whl")
    return whl


def execute(teach: dict, notebook: Path, out: Path) -> None:
    """Run a notebook top to bottom in the environment's own kernel (cwd: its folder)."""
    run(
        [teach["python"], "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
         "--ExecutePreprocessor.timeout=300", "--ExecutePreprocessor.kernel_name=python3",
         "--output-dir", out, notebook],
        cwd=notebook.parent,
        env=teach["env"],
    )  # fmt: skip


def probe(teach: dict, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the set-up cell in ``cwd`` as a notebook would, then say where the package came from."""
    code = notebook_setup.setup_cell_source() + (
        "\nimport nhsreform, nhsreform.data as d"
        "\nprint('PACKAGE', nhsreform.__file__)"
        "\nprint('DATA', d.data_dir(), len(d.datasets()))\n"
    )
    return run([teach["python"], "-c", code], cwd=cwd, env=env or teach["env"], check=False)


def uninstall(teach: dict) -> None:
    run(
        [teach["python"], "-m", "pip", "uninstall", "--quiet", "-y", "nhsreform"],
        cwd=Path.cwd(),
        env=teach["env"],
    )


def notebooks_only(course: Path, dest: Path) -> Path:
    """The chapters and exercises copied on their own, with no course package beside them."""
    for folder in ("chapters", "exercises"):
        shutil.copytree(course / folder, dest / folder)
    return dest


def test_teach_only_set_up_needs_no_node_and_no_test_toolchain(course, teach, tmp_path):
    assert not teach["node_called"].exists(), "the teach-only set-up called node/npm"
    assert not (course / "node_modules").exists() and not (course / "_vendor").exists()
    assert "jupyter lab" in teach["setup_output"]
    installed = run([teach["python"], "-m", "pip", "freeze"], cwd=course).stdout.lower()
    for tool in TEST_TOOLCHAIN:
        assert f"\n{tool}==" not in f"\n{installed}", f"{tool} is installed by the teach-only set-up"
    # Jupyter starts without the slow IRI checker (requirements-student.txt: jsonschema is held).
    assert "\nrfc3987-syntax==" not in f"\n{installed}" and "\nlark==" not in f"\n{installed}"
    imports = "import sys, nbformat, jupyter_events.validators; print(sorted(sys.modules))"
    modules = run([teach["python"], "-c", imports], cwd=course).stdout
    assert "'jsonschema'" in modules and "rfc3987_syntax" not in modules and "'lark'" not in modules
    overrides = course / ".venv/share/jupyter/lab/settings/overrides.d/nhsreform-course.json"
    assert overrides.read_text() == (ROOT / "jupyterlab" / "overrides.json").read_text()
    # a chapter runs there, as an instructor would run it before class
    execute(teach, course / "chapters" / "01-why-how-we-reform-matters.ipynb", tmp_path)


def test_jupyterhub_notebooks_find_the_package_beside_them(course, teach, tmp_path):
    """nbgitpuller pulls the repository; the hub image has the student requirements only."""
    uninstall(teach)
    found = probe(teach, course / "exercises")
    assert found.returncode == 0, found.stderr
    assert f"PACKAGE {course / 'nhsreform' / '__init__.py'}" in found.stdout
    assert f"DATA {course / 'nhsreform' / 'datasets'} " in found.stdout
    assert "Installing" not in found.stdout
    execute(teach, course / "exercises" / "01-ae-four-hour-standard.ipynb", tmp_path)


def test_colab_set_up_cell_installs_the_package_once(course, teach, wheel, tmp_path):
    folder = notebooks_only(course, tmp_path / "colab")
    uninstall(teach)
    offline = {**teach["env"], "NHSREFORM_PACKAGE": str(wheel), "PIP_NO_INDEX": "1"}
    first = probe(teach, folder / "chapters", offline)
    assert first.returncode == 0, first.stderr
    assert f"Installing the course package from {wheel}" in first.stdout
    assert "site-packages" in first.stdout.split("PACKAGE ")[1].splitlines()[0]
    again = probe(teach, folder / "chapters", offline)
    assert again.returncode == 0 and "Installing" not in again.stdout, (
        "the cell must do nothing the second time"
    )


def test_colab_set_up_cell_explains_a_failed_install(course, teach, tmp_path):
    folder = notebooks_only(course, tmp_path / "colab")
    uninstall(teach)
    missing = tmp_path / "no-such-wheel.whl"
    env = {**teach["env"], "NHSREFORM_PACKAGE": str(missing), "PIP_NO_INDEX": "1"}
    failed = probe(teach, folder / "chapters", env)
    assert failed.returncode != 0
    last = failed.stderr.strip().splitlines()[-1]
    assert last.startswith("ModuleNotFoundError: The course package nhsreform is not installed")
    assert str(missing) in last and "pip install" in last


def test_wheel_holds_every_module_dataset_and_bank_and_notebooks_run_outside_the_repository(
    course, teach, wheel, tmp_path
):
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder, pattern in (("datasets", "*.csv"), ("datasets", "*.md"), ("banks", "*.yml"), ("assets", "*")):
        for f in (ROOT / "nhsreform" / folder).glob(pattern):
            assert f"nhsreform/{folder}/{f.name}" in names, f"the wheel lacks nhsreform/{folder}/{f.name}"
    uninstall(teach)
    run(
        [teach["python"], "-m", "pip", "install", "--quiet", "--no-index", wheel],
        cwd=tmp_path,
        env=teach["env"],
    )
    folder = notebooks_only(course, tmp_path / "elsewhere")
    found = probe(teach, folder / "chapters")
    assert "site-packages" in found.stdout.split("DATA ")[1], found.stdout  # the datasets came with the wheel
    # The notebooks read files only through the package (nbval runs every one in the repository), so
    # what can break in a wheel is a module, dataset, bank or asset left out of it: every one is loaded
    # from site-packages, and two notebooks run there top to bottom.
    loaded = run([teach["python"], "-c", WHEEL_PROBE], cwd=folder, env=teach["env"]).stdout
    expected = {
        "modules": len([p for p in (ROOT / "nhsreform").rglob("*.py") if "__pycache__" not in p.parts]),
        "datasets": len(list((ROOT / "nhsreform" / "datasets").glob("*.csv"))),
        "banks": len(list((ROOT / "nhsreform" / "banks").glob("*.yml"))),
    }
    for what, count in expected.items():
        assert f"{what} {count} site-packages" in loaded, (what, count, loaded)
    out = tmp_path / "out"
    for notebook in WHEEL_NOTEBOOKS:
        execute(teach, folder / notebook, out)
    assert sorted(p.name for p in out.glob("*.ipynb")) == sorted(Path(n).name for n in WHEEL_NOTEBOOKS)


#: Run from the wheel in full: the capstone chapter (a model, data, a quiz) and a data exercise.
WHEEL_NOTEBOOKS = ["chapters/12-where-next.ipynb", "exercises/09-funnel-plots.ipynb"]
#: Imports every module and loads every dataset and quiz bank from the installed package.
WHEEL_PROBE = """
import importlib, pkgutil, nhsreform
from nhsreform import data, quiz_bank
where = "site-packages" if "site-packages" in nhsreform.__file__ else nhsreform.__file__
names = ["nhsreform"] + [m.name for m in pkgutil.walk_packages(nhsreform.__path__, "nhsreform.")]
for name in names:
    if name != "nhsreform.__main__":
        importlib.import_module(name)
print("modules", len(names), where)
tables = [data.load_dataset(name) for name in data.datasets()]
assert all(len(t) for t in tables)
print("datasets", len(tables), where if "site-packages" in str(data.data_dir()) else data.data_dir())
banks = [quiz_bank.load_bank(name) for name in quiz_bank.bank_names()]
print("banks", len(banks), where)
"""


def test_binder_and_hub_files_pin_the_students_packages():
    assert (ROOT / "binder" / "runtime.txt").read_text().strip() == f"python-{sys.version_info[0]}.11"
    lines = [ln.strip() for ln in (ROOT / "binder" / "requirements.txt").read_text().splitlines()]
    assert "-r ../requirements-student.txt" in lines
    student, project = pins(ROOT / "requirements-student.txt"), pins(ROOT / "requirements.txt")
    assert student, "requirements-student.txt pins the students' packages"
    differ = {k: (v, project.get(k)) for k, v in student.items() if project.get(k) != v}
    assert not differ, f"requirements-student.txt disagrees with requirements.txt: {differ}"
    for slow in ("rfc3987-syntax", "lark"):  # jsonschema is held at 4.24.1: see requirements.txt
        assert slow not in student and slow not in project, f"{slow} slows every Jupyter start-up"
    for tool in TEST_TOOLCHAIN:
        assert tool not in student, f"{tool} is for the project's tests, not for students"
    for needed in ("jupyterlab", "jupyterlab-myst", "ipywidgets", "pandas", "matplotlib", "ipykernel"):
        assert needed in student
