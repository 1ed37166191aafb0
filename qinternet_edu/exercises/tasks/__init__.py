"""The tasks of every module: each ``mNN.py`` file here registers the tasks of module NN.

This package imports every such file (in order) the first time a task is looked up.
Task files keep their top level light (numpy and the library core only); Qiskit is
imported inside the reference functions that need it.
"""

from __future__ import annotations

import importlib
import pkgutil

__all__: list[str] = []

for _info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
    if not _info.name.startswith("_"):
        importlib.import_module(f"{__name__}.{_info.name}")
