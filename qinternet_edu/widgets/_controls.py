"""The controls every explorer uses, with one look: a wide description and a 460 px slider."""

from __future__ import annotations

import ipywidgets as widgets

#: Let a long description ("purification rounds") take the room it needs.
STYLE = {"description_width": "initial"}


def _layout() -> widgets.Layout:
    return widgets.Layout(width="460px")


def float_slider(**options) -> widgets.FloatSlider:
    """A FloatSlider in the explorers' style; ``options`` as for ``ipywidgets.FloatSlider``."""
    return widgets.FloatSlider(style=STYLE, layout=_layout(), **options)


def int_slider(**options) -> widgets.IntSlider:
    """An IntSlider in the explorers' style; ``options`` as for ``ipywidgets.IntSlider``."""
    return widgets.IntSlider(style=STYLE, layout=_layout(), **options)


def dropdown(**options) -> widgets.Dropdown:
    """A Dropdown in the explorers' style; ``options`` as for ``ipywidgets.Dropdown``."""
    return widgets.Dropdown(style=STYLE, layout=_layout(), **options)


def toggle_buttons(**options) -> widgets.ToggleButtons:
    """ToggleButtons in the explorers' style (the label as wide as its text, buttons sized
    to their words); ``options`` as for ``ipywidgets.ToggleButtons``."""
    return widgets.ToggleButtons(style={**STYLE, "button_width": "auto"}, **options)
