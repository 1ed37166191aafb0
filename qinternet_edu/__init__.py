"""qinternet_edu: a small, fast, cited simulation library for a course on the quantum internet.

Import it as ``qie``::

    >>> import qinternet_edu as qie
    >>> qie.fiber_transmissivity(100.0)
    0.01

Everything physical is exported flat from here. Heavy companions load only
when used: Qiskit inside the functions that build circuits or density
matrices, matplotlib in ``qie.plots``, ipywidgets in ``qie.widgets``, networkx
in ``qie.network``.
"""

from __future__ import annotations

import importlib

# Everything physical is exported flat; each module keeps its own __all__.
from .apps import *  # noqa: F403
from .channels import *  # noqa: F403
from .entanglement import *  # noqa: F403
from .fault_tolerance import *  # noqa: F403
from .hardware import *  # noqa: F403
from .heralding import *  # noqa: F403
from .information import *  # noqa: F403
from .noise import *  # noqa: F403
from .qkd import *  # noqa: F403
from .relay import *  # noqa: F403
from .repeaters import *  # noqa: F403
from .satellites import *  # noqa: F403
from .stages import *  # noqa: F403
from .states import *  # noqa: F403
from .units import *  # noqa: F403

# Submodules loaded on first use, so that importing qinternet_edu stays light.
_LAZY_SUBMODULES = ("plots", "widgets", "network", "exercises", "cli", "circuits", "netsim")


def _installed_version() -> str:
    # importlib.metadata costs about 50 ms, so it is loaded only when asked for.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("qinternet-edu")
    except PackageNotFoundError:  # a source tree that was never installed
        return "0.0.0+unknown"


def __getattr__(name: str):
    if name == "__version__":
        globals()["__version__"] = value = _installed_version()
        return value
    if name in _LAZY_SUBMODULES:
        module = importlib.import_module(f".{name}", __name__)
        globals()[name] = module
        return module
    raise AttributeError(f"module 'qinternet_edu' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY_SUBMODULES) | {"__version__"})
