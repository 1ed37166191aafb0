"""The stage ladder of the quantum internet as a picture (used by every stage notebook).

The function draws on ``ax`` when given, else on a new figure, and returns
the ``matplotlib.figure.Figure``. Titles, capabilities and examples come
from ``qinternet_edu.stages``.
"""

from __future__ import annotations

import textwrap

from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

from ..stages import Stage

__all__ = ["stage_ladder"]

_COLOURS = ("#9e9e9e", "#4e79a7", "#59a14f", "#f28e2b", "#b07aa1", "#e15759")


def _parse_stage(highlight):
    if highlight is None:
        return None
    if isinstance(highlight, Stage):
        return highlight
    if isinstance(highlight, bool) or not isinstance(highlight, int):
        raise TypeError(f"highlight must be a Stage, an int in [0, 5] or None; got {highlight!r}")
    if not 0 <= highlight <= 5:
        raise ValueError(f"highlight must be in [0, 5]; got {highlight}")
    return Stage(highlight)


def stage_ladder(highlight=None, *, ax=None, show_examples=True):
    """Draw the six stages as a ladder, stage 0 at the bottom, one stage optionally highlighted.

    Args:
        highlight: a :class:`~qinternet_edu.stages.Stage` or an int 0-5 to
            emphasise (others are greyed), or None.
        ax: matplotlib axes to draw on (optional).
        show_examples: write each stage's example applications beside it.

    Returns:
        The Figure: one rung per stage, labelled with its number, title and
        capability; the y axis is the stage number.

    Source: Wehner, Elkouss, Hanson, Science 362, eaam9288 (2018), Fig. 4.

    Example:
        >>> fig = stage_ladder(highlight=3)
        >>> fig.axes[0].get_ylabel()
        'stage (functionality grows upward)'
    """
    chosen = _parse_stage(highlight)
    if ax is None:
        fig = Figure(figsize=(10.0, 6.4), layout="constrained")
        ax = fig.add_subplot()
    else:
        fig = ax.figure
    for stage in Stage:
        y = int(stage)
        active = chosen is None or stage == chosen
        colour = _COLOURS[y] if active else "#e0e0e0"
        box = FancyBboxPatch(
            (0.02 + 0.05 * y, y - 0.4),
            0.5,
            0.8,
            boxstyle="round,pad=0.01,rounding_size=0.05",
            facecolor=colour,
            edgecolor="black" if stage == chosen else "none",
            linewidth=2.0 if stage == chosen else 0.0,
            gid=f"stage-{y}",
        )
        ax.add_patch(box)
        text_colour = "white" if active else "#757575"
        ax.text(
            0.04 + 0.05 * y,
            y + 0.12,
            f"{y}  {stage.title}",
            fontsize=11,
            fontweight="bold",
            color=text_colour,
            va="center",
        )
        ax.text(
            0.04 + 0.05 * y,
            y - 0.17,
            textwrap.fill(stage.capability, 62),
            fontsize=7.5,
            color=text_colour,
            va="center",
        )
        if show_examples:
            examples = textwrap.fill(", ".join(stage.examples), 40)
            ax.text(
                0.6 + 0.05 * y,
                y,
                examples,
                fontsize=8,
                va="center",
                color="black" if active else "#9e9e9e",
            )
    ax.set_xlim(0.0, 1.3)
    ax.set_ylim(-0.6, 5.6)
    ax.set_yticks([int(s) for s in Stage])
    ax.set_xticks([])
    ax.set_ylabel("stage (functionality grows upward)")
    ax.set_xlabel("capability of any two end nodes (left) and example applications (right)")
    title = "The stages of the quantum internet (Wehner, Elkouss, Hanson 2018)"
    if chosen is not None:
        title += f": stage {int(chosen)} highlighted"
    ax.set_title(title)
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    return fig
