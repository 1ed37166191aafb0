"""Quantum key distribution: prepare-and-measure, entanglement-based, post-processing, key rates.

Every public name of the submodules is re-exported here (and flat from
``qinternet_edu``); submodules must stay light to import (numpy only at top).
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
