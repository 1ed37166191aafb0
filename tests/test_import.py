"""Importing the package stays light, its version matches the metadata, and names are documented."""

import inspect
import subprocess
import sys
from importlib.metadata import version

import qinternet_edu as qie

HEAVY = ("qiskit", "matplotlib", "ipywidgets", "qiskit_aer", "networkx", "scipy")


def test_import_does_not_load_heavy_modules():
    code = f"import qinternet_edu, sys; print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == "[]", result.stdout + result.stderr


def test_version_is_the_installed_metadata():
    assert isinstance(qie.__version__, str)
    assert qie.__version__ == version("qinternet-edu")


def _public_names():
    names = set()
    for module_name in ("states", "noise", "hardware", "channels", "units", "information"):
        module = getattr(qie, module_name)
        names.update(getattr(module, "__all__", ()))
    return sorted(names)


def test_core_names_are_exported_flat():
    for name in _public_names():
        assert hasattr(qie, name), name


def test_every_exported_callable_has_a_docstring():
    missing = []
    for name in dir(qie):
        if name.startswith("_"):
            continue
        obj = getattr(qie, name)
        if inspect.ismodule(obj):
            continue
        if callable(obj) and not (inspect.getdoc(obj) or "").strip():
            missing.append(name)
    assert missing == []


def test_lazy_submodules_load_on_first_use():
    code = (
        "import qinternet_edu as qie, sys; "
        "assert 'qiskit' not in sys.modules; "
        "qie.circuits.measurement_probabilities(0.0, 0.0); assert 'qiskit' not in sys.modules; "
        "qie.circuits.encode_qubit(0); print('qiskit' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == "True", result.stdout + result.stderr


def test_widgets_and_plots_load_neither_qiskit_nor_scipy():
    # Qiskit loads where a circuit is built or run, scipy where a function needs it.
    code = (
        "import qinternet_edu as qie, sys; qie.widgets; qie.plots; "
        "print(sorted(m for m in ('qiskit', 'qiskit_aer', 'scipy') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == "[]", result.stdout + result.stderr
