"""The interactive explorers of the course, on ipywidgets (imported on first use).

Every public function of the submodules is re-exported here, so a notebook
writes ``qie.widgets.bb84_explorer()``. Each explorer is thin glue: its
logic is a pure function, tested without a browser.
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
