"""Copy MathJax from the npm package ``mathjax`` into book/_static/mathjax (run once per upgrade).

The web book typesets its formulas with MathJax served from its own ``_static`` folder, so a
reader offline sees rendered math, not raw TeX. This script fetches the package with npm
(``npm pack``, no global install) and keeps only what the book loads: the combined TeX-to-HTML
component ``tex-chtml.js``, the CommonHTML fonts and the TeX extensions it requests relative to
itself, and MathJax's licence. Commit the result.

    python book/vendor_mathjax.py            # MathJax 3.2.2 (self-contained fonts)
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

BOOK = Path(__file__).resolve().parent
TARGET = BOOK / "_static" / "mathjax"
KEEP = [
    "LICENSE",
    "es5/tex-chtml.js",
    "es5/output/chtml/fonts/woff-v2",
    "es5/input/tex/extensions",  # for \\require and the packages autoload fetches
]


def vendor(version: str) -> Path:
    with tempfile.TemporaryDirectory() as scratch:
        subprocess.run(
            ["npm", "pack", f"mathjax@{version}", "--silent"], cwd=scratch, check=True,
            capture_output=True,
        )  # fmt: skip
        archive = next(Path(scratch).glob("mathjax-*.tgz"))
        with tarfile.open(archive) as tar:
            tar.extractall(scratch, filter="data")
        package = Path(scratch) / "package"
        shutil.rmtree(TARGET, ignore_errors=True)
        for relative in KEEP:
            source = package / relative
            destination = TARGET / relative.removeprefix("es5/")
            destination.parent.mkdir(parents=True, exist_ok=True)
            if source.is_dir():
                shutil.copytree(source, destination)
            else:
                shutil.copy2(source, destination)
        (TARGET / "VERSION").write_text(f"mathjax {version} (npm)\n", encoding="utf-8")
    return TARGET


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", default="3.2.2")
    print(vendor(parser.parse_args().version))
