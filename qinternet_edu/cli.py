"""The ``qinternet-edu`` console command.

Subcommands:
    lab        open the course in JupyterLab (notebook 00 first)
    --version  print the library's version
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
    return subprocess.call(cmd, cwd=root)


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
    lab.set_defaults(func=_lab)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console command; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
