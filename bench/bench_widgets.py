"""Explorer latency: how long each explorer takes to settle after a control moves.

Every ``qie.widgets.*_explorer()`` is built once, then each of its controls is
moved in turn (a slider to its maximum, minimum and middle, a dropdown or
toggle through its options). For each move two times are taken:

* **data**: the explorer's pure ``*_data`` function, called by the view
  (target: 100 ms);
* **view**: the whole callback from the value change to the rendered output,
  PNG rendering of the figure included (target: 300 ms).

The table shows the slowest move of each explorer. Figures are rendered with
matplotlib's Agg backend as in a notebook kernel; printed text is discarded.
Each explorer starts from a clean slate, as in the notebook that shows it: the
widgets and figures of the explorers measured before it are closed and
collected first. (Kept alive, twenty explorers' widgets and figures make
Python's full garbage collections take 100-170 ms, pauses that land inside
whichever data call triggers them; no lesson holds that many.)
The machine's load average is printed beside them: on a shared machine a
wall-clock latency is only as good as the idle cores.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import os
import time

from bench._core import Row

AREA = "widgets"
DATA_TARGET_S = 0.1
VIEW_TARGET_S = 0.3
MODULES = (
    "apps",
    "channels",
    "entanglement",
    "netsim",
    "network",
    "qkd",
    "qubits",
    "repeaters",
    "satellites",
)


def _timed_data_functions(modules, log):
    """Wrap every public ``*_data`` function so that each call's wall time goes to ``log``."""
    for module in modules:
        for name in getattr(module, "__all__", ()):
            func = getattr(module, name)
            if not (name.endswith("_data") and callable(func)):
                continue

            def timed(*args, _func=func, **kwargs):
                start = time.perf_counter()
                try:
                    return _func(*args, **kwargs)
                finally:
                    log.append(time.perf_counter() - start)

            setattr(module, name, timed)


def _moves(control):
    """The values a learner might move ``control`` to."""
    import ipywidgets as widgets

    if isinstance(control, widgets.FloatSlider | widgets.IntSlider):
        middle = (control.min + control.max) / 2
        if isinstance(control, widgets.IntSlider):
            middle = int(middle)
        return [control.max, control.min, middle]
    if isinstance(control, widgets.Checkbox | widgets.ToggleButton):
        return [not control.value, control.value]
    options = getattr(control, "options", None)
    if options:
        return [o[1] if isinstance(o, tuple) else o for o in options][:4]
    return []


def _clean_slate() -> None:
    """Close every widget and figure made so far and collect them: the state of a fresh
    notebook kernel that has imported the library."""
    import gc

    import ipywidgets as widgets
    import matplotlib.pyplot as plt

    widgets.Widget.close_all()
    plt.close("all")
    gc.collect()


def measure(quick: bool = False) -> dict[str, tuple[float, float, int]]:
    """{explorer: (slowest data call, slowest view update, moves)} in seconds."""
    import matplotlib

    matplotlib.use("agg")
    modules = [importlib.import_module(f"qinternet_edu.widgets.{m}") for m in MODULES]
    data_log: list[float] = []
    _timed_data_functions(modules, data_log)
    results = {}
    sink = io.StringIO()
    for module in modules:
        for name in getattr(module, "__all__", ()):
            if not name.endswith("_explorer"):
                continue
            _clean_slate()
            with contextlib.redirect_stdout(sink):
                ui = getattr(module, name)()
                data_log.clear()
                views = []
                for control in getattr(ui, "kwargs_widgets", []):
                    moves = _moves(control)[: 1 if quick else None]
                    for value in moves:
                        if value == control.value:
                            continue
                        start = time.perf_counter()
                        control.value = value
                        views.append(time.perf_counter() - start)
            sink.seek(0)
            sink.truncate()
            results[name] = (max(data_log, default=0.0), max(views, default=0.0), len(views))
    return results


def run(quick: bool = False) -> list[Row]:
    rows = [Row(AREA, "load average over the last minute", os.getloadavg()[0], "runnable")]
    for name, (data_s, view_s, n_moves) in measure(quick).items():
        rows.append(
            Row(AREA, f"{name}: data, slowest of {n_moves} moves", data_s * 1e3, "ms",
                f"< {DATA_TARGET_S * 1e3:.0f}", data_s < DATA_TARGET_S)
        )  # fmt: skip
        rows.append(
            Row(AREA, f"{name}: view", view_s * 1e3, "ms",
                f"< {VIEW_TARGET_S * 1e3:.0f}", view_s < VIEW_TARGET_S)
        )  # fmt: skip
    return rows
