"""Learner copies of the exercise notebooks, made from the instructor sources.

``exercises/source/NN_slug/NN_slug.ipynb`` becomes ``exercises/NN_slug.ipynb``
through nbgrader's own preprocessors, run without a gradebook: ``ClearSolutions``
(a solution becomes ``# YOUR CODE HERE`` / ``raise NotImplementedError()``),
``ClearHiddenTests``, ``LockCells`` and ``ClearOutput``. The copy is written
deterministically (no outputs, no execution counts, no timings, sorted JSON),
so ``qinternet-edu release --check`` can compare it byte for byte.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["ReleaseItem", "is_edited", "learner_copy", "release", "source_notebooks"]

_KEEP_CELL_METADATA = ("nbgrader", "deletable", "editable", "tags")


@dataclass(frozen=True)
class ReleaseItem:
    """One learner copy: its source, its path, and ``status`` in
    {"written", "unchanged", "out of date", "missing", "kept (edited)"}."""

    source: Path
    target: Path
    status: str


def source_notebooks(exercises_dir: str | Path) -> list[Path]:
    """Every ``source/NN_slug/NN_slug.ipynb`` under the exercises folder, in order."""
    base = Path(exercises_dir) / "source"
    if not base.is_dir():
        return []
    found = [d / f"{d.name}.ipynb" for d in sorted(base.iterdir()) if d.is_dir()]
    return [p for p in found if p.is_file()]


def learner_copy(source: str | Path) -> str:
    """The JSON text of the learner copy of an instructor source notebook."""
    import nbformat
    from nbgrader.preprocessors import ClearHiddenTests, ClearOutput, ClearSolutions, LockCells

    nb = nbformat.read(str(source), as_version=4)
    resources: dict = {}
    for step in (ClearSolutions(), ClearHiddenTests(), LockCells(), ClearOutput()):
        nb, resources = step.preprocess(nb, resources)
    for cell in nb.cells:
        cell.metadata = {k: v for k, v in cell.metadata.items() if k in _KEEP_CELL_METADATA}
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    nb.metadata = {
        "kernelspec": nb.metadata.get(
            "kernelspec",
            {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        ),
        "language_info": {"name": "python"},
    }
    nbformat.validate(nb)
    return nbformat.writes(nb) + "\n"


def is_edited(text: str) -> bool:
    """True when a learner copy holds a learner's work: outputs, or an answer cell no longer
    the stub (``raise NotImplementedError()``)."""
    import json

    try:
        cells = json.loads(text).get("cells", [])
    except ValueError:
        return True
    for cell in cells:
        if cell.get("outputs") or cell.get("execution_count"):
            return True
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        solution = cell.get("metadata", {}).get("nbgrader", {}).get("solution")
        if (
            solution
            and cell.get("cell_type") == "code"
            and "raise NotImplementedError()" not in source
        ):
            return True
    return False


def release(
    exercises_dir: str | Path, *, check: bool = False, force: bool = False
) -> list[ReleaseItem]:
    """Write (or with ``check``, only compare) the learner copy of every source notebook.

    A learner copy that holds a learner's work (:func:`is_edited`) is never overwritten
    unless ``force``; its status is then ``"kept (edited)"``.
    """
    base = Path(exercises_dir)
    items = []
    for source in source_notebooks(base):
        target = base / source.name
        text = learner_copy(source)
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current == text:
            status = "unchanged"
        elif check:
            status = "missing" if current is None else "out of date"
        elif current is not None and is_edited(current) and not force:
            status = "kept (edited)"
        else:
            target.write_text(text, encoding="utf-8")
            status = "written"
        items.append(ReleaseItem(source, target, status))
    return items
