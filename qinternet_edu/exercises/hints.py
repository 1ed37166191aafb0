"""Hints, one at a time: each call shows the next hint of a task and remembers where it was.

The position is kept in the progress file, so it survives a kernel restart.
"""

from __future__ import annotations

import os

from .checking import GRADING_ENV
from .progress import next_hint_index, progress_file, reset_hints
from .registry import get_task

__all__ = ["hint"]


def hint(task_id: str, *, reset: bool = False) -> None:
    """Print the next hint for ``task_id`` (gentlest first); ``reset=True`` starts again.

    Example:
        >>> hint("00.1")  # doctest: +SKIP
        Hint 1 of 3 for Task 00.1: ...
    """
    try:
        task = get_task(task_id)
    except (ValueError, TypeError) as exc:
        print(f"❌ {exc}")
        return
    if reset:
        try:
            reset_hints(task_id)
        except OSError as exc:
            print(f"The hints could not be reset: {exc.strerror or exc} ({progress_file()}).")
            return
        print(f"Hints for Task {task_id} start again from the first.")
        return
    n = len(task.hints)
    if n == 0 and not task.from_source:
        print(
            f"The hints of Task {task_id} come with the course's repository "
            "(exercises/source/); work in a clone of it to see them."
        )
        return
    if n == 0:
        print(f"Task {task_id} has no hints; reread its Goal, and the module's notebook.")
        return
    # While a whole notebook is graded, hint cells show a hint but use none up.
    grading = bool(os.environ.get(GRADING_ENV) or os.environ.get("NBGRADER_EXECUTION"))
    try:
        shown = next_hint_index(task_id, advance=not grading)
    except OSError as exc:
        shown = 0
        print(
            f"(Hints cannot be counted: {exc.strerror or exc} at {progress_file()}; "
            "showing the first.)"
        )
    if shown < n:
        print(f"Hint {shown + 1} of {n} for Task {task_id}: {task.hints[shown]}")
    else:
        print(
            f"That was the last hint for Task {task_id} ({n} of {n}); here it is again: "
            f"{task.hints[-1]} (qie.exercises.hint('{task_id}', reset=True) starts over.)"
        )
