"""The task registry: what a task is, how its answers are compared, and where tasks live.

A task is one graded exercise, numbered ``NN.k`` (module ``NN``, task ``k``). Each task has
one home: ``exercises/source/NN_slug/tasks.py``, beside the instructor notebook
``NN_slug_exercises.ipynb`` that states it. That file holds the reference, the public and hidden
cases, the hints and the comparison, and registers the tasks with :func:`register`.

The installed package holds none of that code: it keeps only the checking engine and
``public_cases.json``, each task's title, points, comparison, public cases and their
expected outputs, stored as data (written by ``qinternet-edu release``). So:

- in a clone of the course (``exercises/source`` found, see :func:`task_home`), the first
  call to :func:`get_task` or :func:`all_tasks` loads every ``tasks.py``: checks, hidden
  cases and hints work;
- elsewhere (an installed wheel, a student's server, the grading sandbox) the tasks come
  from the data file: the public checks work, hidden cases and hints are not there.

A task says how to check an answer, never what the answer looks like: the
learner's function runs on seeded cases and its results are compared with the
reference's within a tolerance, so any equivalent answer passes.

Example:
    >>> from qinternet_edu.exercises.registry import compare_allclose
    >>> compare_allclose(atol=1e-6)(0.25, 0.25000001) is None
    True
    >>> compare_allclose(atol=1e-6)(0.25, 0.5)
    'expected 0.25, got 0.5'
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import sys
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .comparisons import (
    Comparison,
    WrongType,
    compare_allclose,
    compare_bits,
    compare_equal,
    compare_sampled,
    named,
    short,
)

__all__ = [
    "MINUTES_PER_POINT",
    "PUBLIC_DATA",
    "RATIONALE_MINUTES",
    "SKILLS",
    "Case",
    "Comparison",
    "HiddenCasesUnavailable",
    "Task",
    "WrongType",
    "all_tasks",
    "compare_allclose",
    "compare_bits",
    "compare_equal",
    "compare_sampled",
    "estimate_minutes",
    "get_task",
    "module_title",
    "named",
    "register",
    "register_module",
    "short",
    "task_home",
    "task_rng",
    "tasks_module",
    "tasks_source",
]

#: The public cases of every task, with their expected outputs, as data (in the package).
PUBLIC_DATA = Path(__file__).resolve().parent / "public_cases.json"

#: Set to a folder to load the tasks from ``<folder>/NN_slug/tasks.py``.
TASKS_DIR_ENV = "QINTERNET_EDU_TASKS_DIR"
#: Set (to anything) to ignore every ``tasks.py`` and use the package's public data only.
PUBLIC_ONLY_ENV = "QINTERNET_EDU_PUBLIC_ONLY"

_TASK_ID = re.compile(r"^\d{2}\.\d{1,2}$")
_KINDS = ("function", "value")

#: What a task asks the learner to do: write the thing themselves (``implement``), apply the
#: library to a question (``use``), write node programs for ``qie.netsim`` (``program``), or
#: choose a design against a numeric objective and defend it in writing (``design``).
SKILLS = ("implement", "use", "program", "design")

#: Minutes per point of a task, by skill: the one rule behind every time estimate of the
#: course (the catalogue, ``qinternet-edu tasks``, the syllabus and each lesson's Overview).
MINUTES_PER_POINT = {"implement": 15, "use": 10, "program": 25, "design": 20}
#: Extra minutes of a design task, for its written rationale (graded by hand).
RATIONALE_MINUTES = 15


def estimate_minutes(*, points: int, skill: str) -> int:
    """Estimated minutes of a task: ``MINUTES_PER_POINT[skill] * points``, plus
    ``RATIONALE_MINUTES`` for a design task's written rationale.

    Example:
        >>> estimate_minutes(points=2, skill="implement")
        30
        >>> estimate_minutes(points=2, skill="design")
        55
    """
    if skill not in SKILLS:
        raise ValueError(f"skill must be one of {SKILLS}; got {skill!r}")
    if isinstance(points, bool) or not isinstance(points, int) or points < 0:
        raise ValueError(f"points must be a non-negative integer; got {points!r}")
    return MINUTES_PER_POINT[skill] * points + (RATIONALE_MINUTES if skill == "design" else 0)


class HiddenCasesUnavailable(LookupError):
    """The hidden cases were asked for, but only the public data is here."""


@dataclass(frozen=True)
class Case:
    """One input on which the learner's function runs: ``answer(*args, **kwargs)``.

    Args:
        kwargs: keyword arguments passed to the function.
        args: positional arguments (rarely needed; keywords read better).
        label: a short description shown when this case fails, e.g. ``"theta = 60 deg"``.
    """

    kwargs: Mapping[str, Any] = field(default_factory=dict)
    args: tuple = ()
    label: str = ""

    def describe(self) -> str:
        """The label, or the arguments written out briefly."""
        if self.label:
            return self.label
        parts = [short(a) for a in self.args]
        parts += [f"{k}={short(v)}" for k, v in self.kwargs.items()]
        return ", ".join(parts) or "no arguments"


@dataclass(frozen=True)
class Task:
    """A graded exercise: a reference behaviour, seeded cases, a comparison, hints and points.

    Args:
        task_id: ``"NN.k"``, e.g. ``"01.2"``.
        title: a short title, shown in headings, verdicts and reports.
        kind: ``"function"`` (the answer is a callable run on every case) or
            ``"value"`` (the answer is a value, or a zero-argument function returning it,
            compared with ``reference()``).
        reference: the correct behaviour (calls the library where it has the physics);
            None for a task loaded from the package's public data.
        cases: ``callable(rng) -> list[Case]``; ignored for ``"value"`` tasks.
        hidden_cases: extra cases used only by ``check(..., hidden=True)``.
        compare: a :class:`Comparison` (``compare_allclose(...)``, ``named(...)``): it is
            stored as data with the public cases, so it must be one of the named ones.
        hints: hints shown one at a time by ``hint(task_id)``, gentlest first.
        points: points in an nbgrader course.
        skill: what the task asks for, one of :data:`SKILLS`.
        minutes: estimated minutes; None (the default) applies :func:`estimate_minutes`.
        uses: names of earlier tasks' answer functions this task's answer may call (e.g.
            ``("x_probabilities",)`` for 01.5). The check runs the learner's answer with the
            instructor's solutions of those (from the source notebook beside ``tasks.py``), so
            one bug does not cost two tasks.
        switched_off: names of ``qie`` functions that do what the task asks the learner to
            write (e.g. ``("sift",)`` for 05.1): while the task is checked they raise
            :class:`.shortcuts.SwitchedOff` in the process running the learner's code.
        exact: for a simulation task (``compare=compare_sampled(...)``), ``exact(**case)``
            returns ``(value, standard error of one estimate)`` of a setting, the expected
            output the learner's estimates are judged against (:mod:`.sampling`); the
            ``reference`` is then an honest sampler. Each case is a setting with a ``seed``,
            run with ``compare.seeds`` seeds.
        public_cases: the public cases as stored data (set for tasks loaded from the data).
        public_expected: their expected outputs, as plain data (see :mod:`.plain`).
    """

    task_id: str
    title: str
    kind: str
    reference: Callable[..., Any] | None
    cases: Callable[[np.random.Generator], Sequence[Case]] | None = field(default=None, repr=False)
    hidden_cases: Callable[[np.random.Generator], Sequence[Case]] | None = field(
        default=None, repr=False
    )
    compare: Comparison | None = field(default=None, repr=False)
    hints: tuple[str, ...] = field(default=(), repr=False)
    points: int = 1
    uses: tuple[str, ...] = field(default=(), repr=False)
    switched_off: tuple[str, ...] = field(default=(), repr=False)
    public_cases: tuple[Case, ...] | None = field(default=None, repr=False)
    public_expected: tuple[Any, ...] | None = field(default=None, repr=False)
    skill: str = "implement"
    minutes: int | None = None
    exact: Callable[..., tuple[float, float]] | None = field(default=None, repr=False)

    def __post_init__(self):
        if not isinstance(self.task_id, str) or not _TASK_ID.match(self.task_id):
            raise ValueError(f"task_id must look like 'NN.k' (e.g. '01.2'); got {self.task_id!r}")
        if self.kind not in _KINDS:
            raise ValueError(f"kind must be one of {_KINDS}; got {self.kind!r}")
        from_data = self.public_expected is not None
        if not from_data and not callable(self.reference):
            raise TypeError(f"reference must be callable; got {type(self.reference).__name__}")
        if self.kind == "function" and not callable(self.cases) and self.public_cases is None:
            raise ValueError(f"task {self.task_id}: a 'function' task needs cases=callable(rng)")
        if isinstance(self.points, bool) or not isinstance(self.points, int) or self.points < 0:
            raise ValueError(f"points must be a non-negative integer; got {self.points!r}")
        if isinstance(self.hints, str):
            raise TypeError("hints must be a tuple of strings, not one string")
        object.__setattr__(self, "hints", tuple(self.hints))
        if self.compare is None:
            object.__setattr__(self, "compare", compare_allclose())
        if not isinstance(self.compare, Comparison):
            raise TypeError(
                f"task {self.task_id}: compare must be a Comparison (compare_allclose(...), "
                f"named(...)), stored as data with the public cases; got {self.compare!r}"
            )
        if self.compare.seeds is not None:
            if self.kind != "function":
                raise ValueError(f"task {self.task_id}: a simulation task is a 'function' task")
            if not from_data and not callable(self.exact):
                raise TypeError(
                    f"task {self.task_id}: a simulation task needs exact=callable returning "
                    "(value, standard error) per case"
                )
        if isinstance(self.uses, str):
            raise TypeError(f"task {self.task_id}: uses must be a tuple of names, not one string")
        object.__setattr__(self, "uses", tuple(self.uses))
        if self.skill not in SKILLS:
            raise ValueError(
                f"task {self.task_id}: skill must be one of {SKILLS}; got {self.skill!r}"
            )
        if self.minutes is None:
            object.__setattr__(
                self, "minutes", estimate_minutes(points=self.points, skill=self.skill)
            )
        elif (
            isinstance(self.minutes, bool) or not isinstance(self.minutes, int) or self.minutes <= 0
        ):
            raise ValueError(
                f"task {self.task_id}: minutes must be a positive integer; got {self.minutes!r}"
            )
        from .shortcuts import check_switchable

        object.__setattr__(self, "switched_off", check_switchable(self.switched_off))

    @property
    def module(self) -> str:
        """The module number ``"NN"``."""
        return self.task_id.split(".")[0]

    @property
    def from_source(self) -> bool:
        """True when the task was loaded from its ``tasks.py`` (reference and hidden cases)."""
        return self.public_expected is None

    def make_cases(self, *, hidden: bool = False) -> list[Case]:
        """The seeded cases (plus the hidden ones when ``hidden``); the same on every run.

        Raises:
            HiddenCasesUnavailable: ``hidden`` for a task loaded from the public data.
        """
        if self.kind == "value":
            return [Case(label="your value")]
        if not self.from_source:
            if hidden:
                raise HiddenCasesUnavailable(
                    f"task {self.task_id}: the hidden cases are not part of the installed "
                    "package; they run when the instructor grades"
                )
            return list(self.public_cases or ())
        found = list(self.cases(task_rng(self.task_id)))
        if hidden and self.hidden_cases is not None:
            found += list(self.hidden_cases(task_rng(self.task_id, salt="hidden")))
        for case in found:
            if not isinstance(case, Case):
                raise TypeError(f"task {self.task_id}: cases must be Case objects; got {case!r}")
        if self.seeds is not None:
            from .sampling import expand

            found = [run for case in found for run in expand(case, self.seeds)]
        return found

    @property
    def seeds(self) -> int | None:
        """Seeds per setting of a simulation task (``compare_sampled``), else None."""
        return self.compare.seeds if isinstance(self.compare, Comparison) else None

    def n_public(self) -> int:
        """How many public cases the task has."""
        return len(self.make_cases(hidden=False))


_REGISTRY: dict[str, Task] = {}
_MODULE_TITLES: dict[str, str] = {}
_LOADED = False


def register(task: Task) -> Task:
    """Add a task to the registry (re-registering the same id from the same file replaces it)."""
    if not isinstance(task, Task):
        raise TypeError(f"task must be a Task; got {type(task).__name__}")
    old = _REGISTRY.get(task.task_id)
    if old is not None and _origin(old) != _origin(task):
        raise ValueError(f"task {task.task_id} is already registered by {_origin(old)}")
    _REGISTRY[task.task_id] = task
    return task


def _origin(task: Task) -> str | None:
    if task.reference is None:
        return "the public data"
    return getattr(task.reference, "__module__", None)


def register_module(module: str, title: str) -> None:
    """Name a module (``register_module("01", "Qubits")``), for progress tables and notebooks."""
    if not isinstance(module, str) or not re.match(r"^\d{2}$", module):
        raise ValueError(f"module must be a two-digit string like '01'; got {module!r}")
    _MODULE_TITLES[module] = str(title)


def module_title(module: str) -> str:
    """The title given by :func:`register_module`, or ``"Module NN"``."""
    _load_tasks()
    return _MODULE_TITLES.get(module, f"Module {module}")


def _has_tasks(folder: Path) -> bool:
    try:
        return folder.is_dir() and any(folder.glob("[0-9][0-9]_*/tasks.py"))
    except OSError:
        return False


def task_home() -> Path | None:
    """The folder holding ``NN_slug/tasks.py``, or None (then the public data is used).

    Looked for in this order: the folder in ``$QINTERNET_EDU_TASKS_DIR``; the course's
    ``exercises/source`` beside this package (a clone, or an editable install); then
    ``exercises/source`` or ``source`` in the current folder and up to three of its parents.
    ``$QINTERNET_EDU_PUBLIC_ONLY`` turns the search off.
    """
    if os.environ.get(PUBLIC_ONLY_ENV):
        return None
    explicit = os.environ.get(TASKS_DIR_ENV)
    if explicit:
        return Path(explicit) if _has_tasks(Path(explicit)) else None
    beside = Path(__file__).resolve().parents[2] / "exercises" / "source"
    if _has_tasks(beside):
        return beside
    try:
        here = Path.cwd()
    except OSError:
        return None
    for folder in [here, *list(here.parents)[:3]]:
        for candidate in (folder / "exercises" / "source", folder / "source"):
            if _has_tasks(candidate):
                return candidate
    return None


def tasks_source(module: str) -> Path | None:
    """The ``tasks.py`` of module ``"NN"`` in the task home, or None."""
    home = task_home()
    if home is None:
        return None
    found = sorted(home.glob(f"{module}_*/tasks.py"))
    return found[0] if found else None


_SOURCES: dict[str, Path] = {}


def _load_file(path: Path) -> None:
    _SOURCES[path.parent.name[:2]] = path
    name = f"qinternet_edu_tasks_m{path.parent.name[:2]}"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)


def _load_public(path: Path = PUBLIC_DATA) -> None:
    from .plain import from_plain

    data = json.loads(path.read_text(encoding="utf-8"))
    for module, title in data["modules"].items():
        register_module(module, title)
    for item in data["tasks"]:
        cases = tuple(
            Case(
                kwargs=from_plain(c["kwargs"]),
                args=tuple(from_plain(c["args"])),
                label=c.get("label", ""),
            )
            for c in item["cases"]
        )
        register(
            Task(
                task_id=item["task_id"],
                title=item["title"],
                kind=item["kind"],
                reference=None,
                compare=Comparison.from_spec(item["compare"]),
                points=int(item["points"]),
                skill=item["skill"],
                minutes=int(item["minutes"]),
                switched_off=tuple(item.get("switched_off", ())),
                public_cases=cases,
                public_expected=tuple(item["expected"]),
            )
        )


def _load_tasks() -> None:
    global _LOADED
    if not _LOADED:
        _LOADED = True
        home = task_home()
        if home is None:
            _load_public()
            return
        for path in sorted(home.glob("[0-9][0-9]_*/tasks.py")):
            _load_file(path)


def tasks_module(module: str):
    """The loaded ``tasks.py`` of module ``"NN"`` (a Python module), for instructors' tests.

    Raises:
        LookupError: the task sources are not here (only the public data is).
    """
    _load_tasks()
    loaded = sys.modules.get(f"qinternet_edu_tasks_m{module}")
    if loaded is None:
        raise LookupError(f"the tasks.py of module {module} is not loaded (no task sources)")
    return loaded


def helper_source(task: Task) -> str:
    """The instructor's solution code of the functions named in ``task.uses`` ("" if none).

    Taken from the solution cells of the source notebook beside the task's ``tasks.py``
    (the ``### BEGIN/END SOLUTION`` lines dropped), so a dependent task runs with a
    known-correct helper.
    """
    if not task.uses:
        return ""
    path = _SOURCES.get(task.module)
    if path is None:
        return ""
    import ast

    notebook = path.parent / f"{path.parent.name}_exercises.ipynb"
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    wanted, parts = set(task.uses), []
    for cell in cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") != "code" or not meta.get("solution"):
            continue
        text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        code = "\n".join(
            line
            for line in text.splitlines()
            if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION")
        )
        names = {
            node.name
            for node in ast.parse(code).body
            if isinstance(node, ast.FunctionDef | ast.ClassDef)
        }
        if names & wanted:
            parts.append(code)
            wanted -= names
    if wanted:
        raise ValueError(f"task {task.task_id}: no solution cell defines {sorted(wanted)}")
    return "\n\n\n".join(parts) + "\n"


def reload_tasks() -> None:
    """Forget every task and load them again (after changing the environment)."""
    global _LOADED
    _REGISTRY.clear()
    _MODULE_TITLES.clear()
    _LOADED = False
    _load_tasks()


def _sort_key(task_id: str) -> tuple[int, int]:
    module, number = task_id.split(".")
    return int(module), int(number)


def get_task(task_id: str) -> Task:
    """The registered task with this id.

    Raises:
        ValueError: no such task (the message lists the module's tasks).
    """
    _load_tasks()
    if not isinstance(task_id, str):
        raise TypeError(f"task_id must be a string like '01.2'; got {type(task_id).__name__}")
    try:
        return _REGISTRY[task_id]
    except KeyError:
        module = task_id.split(".")[0]
        known = [t for t in sorted(_REGISTRY, key=_sort_key) if t.split(".")[0] == module]
        extra = f" (module {module} has {', '.join(known)})" if known else ""
        raise ValueError(f"task_id {task_id!r} is not a known task{extra}") from None


def all_tasks(module: str | None = None) -> tuple[Task, ...]:
    """Every registered task in order (``"01.2"`` before ``"01.10"``), optionally of one module."""
    _load_tasks()
    ids = sorted(_REGISTRY, key=_sort_key)
    return tuple(_REGISTRY[t] for t in ids if module is None or t.split(".")[0] == module)


def task_rng(task_id: str, *, salt: str = "") -> np.random.Generator:
    """The random generator a task's cases are drawn from: seeded by the id, same everywhere."""
    return np.random.default_rng(zlib.crc32(f"{task_id}/{salt}".encode()))
