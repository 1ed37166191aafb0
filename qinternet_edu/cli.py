"""The ``qinternet-edu`` console command.

Subcommands:
    lab              open the course in JupyterLab (notebook 00 first)
    progress         print the exercises you have passed, per module
    tasks [--module NN] [--json]
                     the task catalogue: each task's id, title, skill, points and minutes
    grade PATH       run an exercise notebook headless and print its per-task report
    reset NOTEBOOK   start an exercise notebook again, keeping a dated backup in
                     exercises/backups/
    release [--check] [--force]
                     (instructors) regenerate the learner copies exercises/NN_slug_exercises.ipynb
                     from exercises/source/NN_slug/NN_slug_exercises.ipynb, and the package's public
                     case data (--check: only verify; --force: overwrite edited copies)
    --version        print the library's version
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

__all__ = ["course_root", "main"]


def course_root() -> Path:
    """Folder holding ``notebooks/`` and ``exercises/``: a source checkout or the current folder.

    Example:
        >>> (course_root() / "notebooks").name
        'notebooks'
    """
    here = Path(__file__).resolve().parent.parent
    if (here / "notebooks").is_dir():
        return here
    return Path.cwd()


def _lab(args: argparse.Namespace) -> int:
    root = course_root()
    first = Path("notebooks") / "00_welcome.ipynb"
    if not (root / first).exists():
        print(
            f"qinternet-edu: no course found at {root}; run this from a checkout of the course.",
            file=sys.stderr,
        )
        return 2
    cmd = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={root}", str(first)]
    if args.no_browser:
        cmd.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    cmd.extend(args.jupyter_args)
    try:
        return subprocess.call(cmd, cwd=root)
    except KeyboardInterrupt:  # Ctrl-C stops JupyterLab; no traceback for the learner
        return 0


def _progress(args: argparse.Namespace) -> int:
    from .exercises import progress

    print(repr(progress()))
    return 0


def _tasks(args: argparse.Namespace) -> int:
    import json

    from .exercises.catalog import catalogue, catalogue_table

    module = args.module
    if module is not None and module.isdigit() and len(module) == 1:
        module = module.zfill(2)  # --module 5 means module 05
    try:
        rows = catalogue(module)
    except ValueError as exc:
        print(f"qinternet-edu tasks: {exc}", file=sys.stderr)
        return 2
    if not rows:
        print(f"qinternet-edu tasks: module {module} has no tasks", file=sys.stderr)
        return 2
    print(json.dumps(rows, indent=1) if args.json else catalogue_table(rows))
    return 0


def _grade(args: argparse.Namespace) -> int:
    from .exercises.grading import grade_notebook

    path = Path(args.path)
    if not path.is_file():
        print(f"qinternet-edu grade: no notebook at {path}", file=sys.stderr)
        return 2
    report = grade_notebook(path, timeout_s=args.timeout)
    print(repr(report))
    return 0 if report.all_passed else 1


def _release(args: argparse.Namespace) -> int:
    from .exercises.release import release

    exercises = Path(args.exercises) if args.exercises else course_root() / "exercises"
    if not (exercises / "source").is_dir():
        print(f"qinternet-edu release: no source/ folder in {exercises}", file=sys.stderr)
        return 2
    try:
        items = release(exercises, check=args.check, force=args.force)
    except ImportError:
        print(
            "qinternet-edu release is an instructor command and needs nbgrader: install the "
            "instructor extra, pip install 'qinternet-edu[instructor]'.",
            file=sys.stderr,
        )
        return 2
    for item in items:
        print(f"{item.status:12s} {item.target}")
    kept = [i for i in items if i.status == "kept (edited)"]
    if kept:
        print(
            f"{len(kept)} learner cop{'y holds' if len(kept) == 1 else 'ies hold'} a learner's "
            f"work and {'was' if len(kept) == 1 else 'were'} kept; `qinternet-edu release "
            "--force` overwrites (or `qinternet-edu reset NOTEBOOK`, which keeps a backup).",
            file=sys.stderr,
        )
        return 1
    stale = [i for i in items if i.status in ("out of date", "missing")]
    from .exercises.registry import PUBLIC_DATA

    data = _release_public_data(exercises, check=args.check)
    if data is not None:
        print(f"{data:12s} {PUBLIC_DATA}")
        if data == "out of date":
            print(
                "the package's public case data is out of date; run `qinternet-edu release` "
                "and commit the result.",
                file=sys.stderr,
            )
            return 1
    if stale:
        print(
            f"{len(stale)} learner cop{'y is' if len(stale) == 1 else 'ies are'} out of date; "
            "run `qinternet-edu release` and commit the result.",
            file=sys.stderr,
        )
        return 1
    return 0


def _reset(args: argparse.Namespace) -> int:
    from datetime import datetime

    from .exercises.release import learner_copy

    path = Path(args.notebook)
    source = path.parent / "source" / path.stem.removesuffix("_exercises") / path.name
    if path.suffix != ".ipynb" or not source.is_file():
        print(
            f"qinternet-edu reset: {path} is not an exercise notebook of the course (expected "
            "exercises/NN_slug_exercises.ipynb, from "
            "exercises/source/NN_slug/NN_slug_exercises.ipynb)",
            file=sys.stderr,
        )
        return 2
    try:
        text = learner_copy(source)
    except ImportError:
        text = _committed_copy(path)
        if text is None:
            print(
                "qinternet-edu reset: the fresh copy needs nbgrader (pip install "
                "'qinternet-edu[instructor]') or a git clone of the course.",
                file=sys.stderr,
            )
            return 2
    if path.exists():
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = path.parent / "backups" / f"{path.stem}-{stamp}.ipynb"
        backup.parent.mkdir(exist_ok=True)
        number = 1
        while backup.exists():
            number += 1
            backup = backup.with_name(f"{path.stem}-{stamp}-{number}.ipynb")
        backup.write_bytes(path.read_bytes())
        print(f"Your notebook was saved as {backup}.")
    path.write_text(text, encoding="utf-8")
    print(f"{path} is as it was first released. Restart its kernel if it is open.")
    return 0


def _committed_copy(path: Path) -> str | None:
    try:
        done = subprocess.run(
            ["git", "show", f"HEAD:./{path.name}"],
            cwd=path.parent,
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def _release_public_data(exercises: Path, *, check: bool) -> str | None:
    """Write the package's public case data when the package belongs to this course checkout
    (never into an installed package elsewhere); None when it does not."""
    from .exercises.public import write_public_data
    from .exercises.registry import PUBLIC_DATA, TASKS_DIR_ENV, reload_tasks, task_home

    course = exercises.resolve().parent
    if not PUBLIC_DATA.is_relative_to(course) or not (exercises / "source").is_dir():
        return None
    saved = os.environ.get(TASKS_DIR_ENV)
    os.environ[TASKS_DIR_ENV] = str((exercises / "source").resolve())
    try:
        reload_tasks()
        if task_home() is None:
            return None
        return write_public_data(PUBLIC_DATA, check=check)
    finally:
        if saved is None:
            os.environ.pop(TASKS_DIR_ENV, None)
        else:
            os.environ[TASKS_DIR_ENV] = saved
        reload_tasks()


def build_parser() -> argparse.ArgumentParser:
    """The command's argument parser (each subcommand registers itself here)."""
    from . import __version__

    parser = argparse.ArgumentParser(
        prog="qinternet-edu",
        description="A Jupyter-first course on the quantum internet.",
    )
    parser.add_argument("--version", action="version", version=f"qinternet-edu {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    lab = sub.add_parser("lab", help="open the course in JupyterLab, at notebook 00")
    lab.add_argument("--no-browser", action="store_true", help="do not open a web browser")
    lab.set_defaults(jupyter_args=[])
    lab.epilog = "Other options go to JupyterLab unchanged, e.g. --ServerApp.port=8890."
    lab.set_defaults(func=_lab)
    prog = sub.add_parser("progress", help="print the exercises you have passed, per module")
    prog.set_defaults(func=_progress)
    tasks = sub.add_parser(
        "tasks", help="the task catalogue: id, title, skill, points, estimated minutes"
    )
    tasks.add_argument("--module", help="only the tasks of module NN, e.g. 05")
    tasks.add_argument("--json", action="store_true", help="print JSON instead of a table")
    tasks.set_defaults(func=_tasks)
    grade = sub.add_parser("grade", help="run an exercise notebook and report each task")
    grade.add_argument("path", help="the notebook, e.g. exercises/01_qubits_exercises.ipynb")
    grade.add_argument(
        "--timeout", type=float, default=120.0, help="time limit per cell in seconds (120)"
    )
    grade.set_defaults(func=_grade)
    reset = sub.add_parser(
        "reset", help="start an exercise notebook again (a dated backup is kept first)"
    )
    reset.add_argument(
        "notebook", help="the exercise notebook, e.g. exercises/05_stage1_bb84_exercises.ipynb"
    )
    reset.set_defaults(func=_reset)
    rel = sub.add_parser(
        "release", help="(instructors) regenerate the learner copies of the exercises"
    )
    rel.add_argument(
        "--check", action="store_true", help="only check that the committed copies are current"
    )
    rel.add_argument(
        "--force", action="store_true", help="overwrite learner copies that hold a learner's work"
    )
    rel.add_argument("--exercises", help="the exercises folder (default: the course's)")
    rel.set_defaults(func=_release)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console command; returns the exit status."""
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:
        if getattr(args, "command", None) != "lab":
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
        args.jupyter_args = extra
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
