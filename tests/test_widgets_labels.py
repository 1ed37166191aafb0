"""Every explorer's sliders, dropdowns and toggles show their whole label (no "loss (dB/k…")."""

import contextlib
import io

import ipywidgets as widgets
import matplotlib
import pytest

import qinternet_edu as qie

matplotlib.use("Agg")

EXPLORERS = sorted(name for name in dir(qie.widgets) if name.endswith("_explorer"))
# Sliders and dropdowns: their label sits in a fixed-width box unless told otherwise.
LABELLED = (widgets.FloatSlider, widgets.IntSlider, widgets.FloatLogSlider, widgets.Dropdown,
            widgets.SelectionSlider, widgets.ToggleButtons)  # fmt: skip


def _controls(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _controls(child)


def test_there_are_explorers():
    assert len(EXPLORERS) >= 16


@pytest.mark.parametrize("name", EXPLORERS)
def test_explorer_labels_take_the_room_they_need(name):
    with contextlib.redirect_stdout(io.StringIO()):
        explorer = getattr(qie.widgets, name)()
    labelled = [w for w in _controls(explorer) if isinstance(w, LABELLED) and w.description]
    assert labelled, f"{name}: no labelled control"
    for control in labelled:
        # "initial": the label is as wide as its text; the default (a fixed width) cuts it.
        assert control.style.description_width == "initial", (name, control.description)
