"""Matplotlib figures used by the notebooks and the book (imported on first use).

Every public function of the submodules is re-exported here, so a notebook
writes ``qie.plots.transmissivity_vs_distance(...)``. Each returns the
``matplotlib.figure.Figure`` it drew, with labelled axes and units.
"""

from __future__ import annotations

import importlib
import pkgutil

__all__: list[str] = []

for _info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
    if _info.name.startswith("_"):
        continue
    _module = importlib.import_module(f"{__name__}.{_info.name}")
    for _name in getattr(_module, "__all__", ()):
        globals()[_name] = getattr(_module, _name)
        __all__.append(_name)
