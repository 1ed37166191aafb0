"""How explorers show a figure: one PNG rendering per control change.

IPython's inline backend renders a displayed figure twice (a dry run to find
the tight bounding box, then the image). The explorers' figures use
matplotlib's constrained layout, which already fits the labels inside the
figure, so a single rendering at the figure's own dpi gives the same picture
in about half the time of the slowest step of a slider move.
"""

from __future__ import annotations

import io

from IPython.display import Image, display


def show_figure(fig) -> None:
    """Display ``fig`` (a ``matplotlib.figure.Figure``) as one PNG rendering."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    display(Image(data=buffer.getvalue(), format="png"))
