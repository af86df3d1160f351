"""Copy the JavaScript the book serves itself (no CDN) from node_modules/ into _vendor/.

_vendor/ is added to Sphinx's html_static_path by _ext/offline_assets.py (it must stay out of
_static/, whose every *.js Jupyter Book 1 would load on every page). Versions are pinned in
package.json / package-lock.json. Run after `npm ci`.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE = ROOT / "node_modules"
VENDOR = ROOT / "_vendor"

# (source under node_modules, destination under _vendor)
FILES = [
    ("requirejs/require.js", "widgets/require.js"),
    ("@jupyter-widgets/html-manager/dist/embed-amd.js", "widgets/embed-amd.js"),
    ("@jupyter-widgets/html-manager/dist/embed.js.LICENSE.txt", "widgets/embed.js.LICENSE.txt"),
]
# (Formulas are MathML written at build time by _ext/mathml.py: MathJax is not served.)
FONT_SUFFIXES = (".woff2", ".woff", ".ttf", ".eot", ".svg")


def main() -> int:
    if not NODE.is_dir():
        print("node_modules/ is missing: run `npm ci` first", file=sys.stderr)
        return 1
    if VENDOR.exists():
        shutil.rmtree(VENDOR)
    for src, dst in FILES:
        target = VENDOR / dst
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(NODE / src, target)
    # The widget manager's icon fonts, which it looks for beside embed-amd.js.
    for font in (NODE / "@jupyter-widgets/html-manager/dist").iterdir():
        if font.suffix in FONT_SUFFIXES:
            shutil.copy2(font, VENDOR / "widgets" / font.name)
    shutil.copy2(ROOT / "_ext" / "require-config.js", VENDOR / "widgets" / "require-config.js")
    size = sum(f.stat().st_size for f in VENDOR.rglob("*") if f.is_file())
    print(f"vendored {size / 1e6:.1f} MB of JavaScript and fonts into {VENDOR.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
