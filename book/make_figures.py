"""Draw the web book's static figures: ``python book/make_figures.py [--out FOLDER]``.

The landing page shows the stage ladder as a committed PNG
(``book/figures/stage_ladder.png``), drawn by the course library itself with
``qie.plots.stage_ladder()``. A committed image keeps the book build fast,
offline and free of any code execution; rerun this script (and commit the PNG)
whenever the stage ladder's plot changes. ``tests/book/test_book.py`` checks
that the script runs.
"""

from __future__ import annotations

import argparse
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE / "figures", help="output folder")
    args = parser.parse_args(argv)

    import matplotlib

    matplotlib.use("Agg")
    import qinternet_edu as qie

    args.out.mkdir(parents=True, exist_ok=True)
    fig = qie.plots.stage_ladder()
    path = args.out / "stage_ladder.png"
    # Fixed metadata, so that an unchanged figure gives an unchanged file.
    fig.savefig(path, dpi=150, bbox_inches="tight", metadata={"Software": None})
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
