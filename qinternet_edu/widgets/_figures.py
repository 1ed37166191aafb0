"""How explorers show a figure: one PNG rendering per control change.

IPython's inline backend renders a displayed figure twice (a dry run to find
the tight bounding box, then the image). The explorers' figures use
matplotlib's constrained layout, which already fits the labels inside the
figure, so a single rendering at the figure's own dpi gives the same picture
in about half the time of the slowest step of a slider move.

Constrained layout itself measures every tick label before each rendering,
about half of what is left. An explorer whose figure keeps its axes and labels
from one control change to the next passes a :class:`FixedLayout`: the first
figure is laid out as usual, and later ones reuse its axes positions.
"""

from __future__ import annotations

import io

from IPython.display import Image, display

__all__ = ["FixedLayout", "show_figure"]


class FixedLayout:
    """Axes positions found by constrained layout for an explorer's first figure, reused.

    Figures with another number of axes than the remembered one are laid out afresh
    (and remembered instead).

    Example:
        >>> from matplotlib.figure import Figure
        >>> layout = FixedLayout()
        >>> first = Figure(figsize=(4, 3), layout="constrained")
        >>> _ = first.add_subplot().set_ylabel("a label")
        >>> layout.apply(first)  # lays it out, remembers where the axes went
        >>> later = Figure(figsize=(4, 3), layout="constrained")
        >>> _ = later.add_subplot().set_ylabel("a label")
        >>> layout.apply(later)
        >>> later.axes[0].get_position().bounds == first.axes[0].get_position().bounds
        True
    """

    def __init__(self) -> None:
        self._positions: list | None = None

    def apply(self, fig) -> None:
        """Give ``fig`` the remembered axes positions, or lay it out and remember them."""
        if self._positions is not None and len(self._positions) == len(fig.axes):
            fig.set_layout_engine("none")
            for ax, position in zip(fig.axes, self._positions, strict=True):
                ax.set_position(position)
            return
        fig.draw_without_rendering()
        self._positions = [ax.get_position(original=False).frozen() for ax in fig.axes]
        fig.set_layout_engine("none")
        for ax, position in zip(fig.axes, self._positions, strict=True):
            ax.set_position(position)


def show_figure(fig, *, layout: FixedLayout | None = None) -> None:
    """Display ``fig`` (a ``matplotlib.figure.Figure``) as one PNG rendering, laid out by
    ``layout`` when one is given."""
    if layout is not None:
        layout.apply(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    display(Image(data=buffer.getvalue(), format="png"))
