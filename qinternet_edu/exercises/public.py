"""The package's public task data: titles, skills, points, estimated minutes, comparisons,
public cases and their expected outputs, written from the ``tasks.py`` files as plain JSON.

This is all the installed package knows of the tasks: no reference code, no hidden case,
no hint. ``qinternet-edu release`` writes it (``release --check`` compares it), in a clone
of the course where every ``tasks.py`` is present.
"""

from __future__ import annotations

import json
from pathlib import Path

from .plain import to_plain
from .registry import PUBLIC_DATA, all_tasks, module_title

__all__ = ["public_data_text", "write_public_data"]


def public_data_text() -> str:
    """The JSON text of the public data, from the tasks loaded from their sources.

    Raises:
        RuntimeError: the tasks were loaded from the package's data, not their sources.
    """
    from .judging import expected_plain

    tasks = all_tasks()
    if not tasks or not all(t.from_source for t in tasks):
        raise RuntimeError(
            "the public data is written from the tasks' sources (exercises/source/*/tasks.py), "
            "which were not found"
        )
    modules = sorted({t.module for t in tasks})
    items = []
    for task in tasks:
        cases = task.make_cases(hidden=False)
        items.append(
            {
                "task_id": task.task_id,
                "title": task.title,
                "kind": task.kind,
                "points": task.points,
                "skill": task.skill,
                "minutes": task.minutes,
                "switched_off": list(task.switched_off),
                "compare": task.compare.spec(),
                "cases": [
                    {
                        "args": to_plain(list(c.args)),
                        "kwargs": to_plain(dict(c.kwargs)),
                        "label": c.label,
                    }
                    for c in ([] if task.kind == "value" else cases)
                ],
                "expected": expected_plain(task, False),
            }
        )
    data = {
        "about": "Public cases of the qinternet-edu exercises; written by `qinternet-edu "
        "release` from exercises/source/*/tasks.py. Do not edit.",
        "modules": {m: module_title(m) for m in modules},
        "tasks": items,
    }
    return json.dumps(data, indent=1, sort_keys=True, allow_nan=False) + "\n"


def write_public_data(path: str | Path = PUBLIC_DATA, *, check: bool = False) -> str:
    """Write (or with ``check``, only compare) the public data; return its status,
    ``"written"``, ``"unchanged"`` or ``"out of date"``."""
    path = Path(path)
    text = public_data_text()
    current = path.read_text(encoding="utf-8") if path.exists() else None
    if current == text:
        return "unchanged"
    if check:
        return "out of date"
    path.write_text(text, encoding="utf-8")
    return "written"
