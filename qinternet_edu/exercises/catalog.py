"""The task catalogue: every task with its skill, points and estimated minutes.

``qinternet-edu tasks [--module NN] [--json]`` prints it; ``book/make_syllabus.py`` takes
each module's exercise time from it, for the syllabus and for each lesson's Overview. The
minutes follow one stated rule, :func:`~.registry.estimate_minutes`. It works from the
installed package too: the public data carries each task's skill and minutes.

Example:
    >>> rows = catalogue("00")
    >>> sorted(rows[0])
    ['minutes', 'points', 'skill', 'task_id', 'title']
    >>> rows[0]["task_id"], rows[0]["skill"]
    ('00.1', 'implement')
"""

from __future__ import annotations

import re

from .registry import all_tasks

__all__ = ["catalogue", "catalogue_table"]

_FIELDS = ("task_id", "title", "skill", "points", "minutes")


def catalogue(module: str | None = None) -> list[dict]:
    """One dict per task (``task_id``, ``title``, ``skill``, ``points``, ``minutes``), in order,
    of every module or of module ``"NN"``.

    Raises:
        ValueError: ``module`` is not a two-digit string like ``"05"``.
    """
    if module is not None and not (isinstance(module, str) and re.fullmatch(r"\d{2}", module)):
        raise ValueError(f"module must be a two-digit string like '05'; got {module!r}")
    return [{name: getattr(task, name) for name in _FIELDS} for task in all_tasks(module)]


def catalogue_table(rows: list[dict]) -> str:
    """The rows as an aligned text table, with a totals line.

    Example:
        >>> print(catalogue_table([{"task_id": "99.1", "title": "t", "skill": "use",
        ...                         "points": 1, "minutes": 10}]))
        task  title  skill  points  minutes
        ----  -----  -----  ------  -------
        99.1  t      use         1       10
        1 task, 1 point, about 10 minutes.
    """
    header = ("task", "title", "skill", "points", "minutes")
    body = [
        (r["task_id"], r["title"], r["skill"], str(r["points"]), str(r["minutes"])) for r in rows
    ]
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(5)]

    def line(cells) -> str:
        parts = [
            c.ljust(w) if i < 3 else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    points = sum(r["points"] for r in rows)
    minutes = sum(r["minutes"] for r in rows)
    total = (
        f"{len(rows)} task{'' if len(rows) == 1 else 's'}, {points} point"
        f"{'' if points == 1 else 's'}, about {minutes} minutes."
    )
    return "\n".join([line(header), "  ".join("-" * w for w in widths), *map(line, body), total])
