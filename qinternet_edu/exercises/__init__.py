"""Autograded exercises: instant, offline feedback for learners, and nbgrader for courses.

In an exercise notebook::

    import qinternet_edu as qie
    qie.exercises.check("01.2", x_probabilities)   # one verdict line
    qie.exercises.hint("01.2")                     # the next hint
    qie.exercises.progress()                       # passed tasks per module
    qie.exercises.solution("01.2")                 # the worked solution, after a pass

Each task lives in ``exercises/source/NN_slug/tasks.py`` of the course repository, beside its
instructor notebook; the package keeps only the engine and the public cases as data (see
:mod:`.registry`);
instructor notebooks are built with :mod:`.authoring`, learner copies with
:mod:`.release`, and whole notebooks are graded with :mod:`.grading`. Importing this
package is light: no Qiskit, no matplotlib.

Example:
    >>> import qinternet_edu as qie
    >>> [t.task_id for t in qie.exercises.list_tasks("00")][:2]
    ['00.1', '00.2']
"""

from __future__ import annotations

from .checking import STATUSES, CheckResult, check, evaluate
from .hints import hint
from .progress import ProgressSummary, progress, progress_widget
from .registry import (
    Case,
    Task,
    WrongType,
    all_tasks,
    compare_allclose,
    compare_bits,
    compare_equal,
    get_task,
    register,
    register_module,
)
from .solutions import solution

__all__ = [
    "STATUSES",
    "Case",
    "CheckResult",
    "ProgressSummary",
    "Task",
    "WrongType",
    "all_tasks",
    "check",
    "compare_allclose",
    "compare_bits",
    "compare_equal",
    "evaluate",
    "get_task",
    "hint",
    "list_tasks",
    "progress",
    "progress_widget",
    "register",
    "register_module",
    "solution",
]


def list_tasks(module: str | None = None) -> tuple[Task, ...]:
    """The registered tasks (all, or those of module ``"NN"``), in order.

    Example:
        >>> list_tasks("00")[0].title
        'XOR two bits'
    """
    return all_tasks(module)
