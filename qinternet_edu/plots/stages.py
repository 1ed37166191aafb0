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

__all__ = ["contrast_ratio", "stage_ladder"]

_COLOURS = ("#9e9e9e", "#4e79a7", "#59a14f", "#f28e2b", "#b07aa1", "#e15759")
_INACTIVE_FILL = "#ececec"
_INACTIVE_TEXT = "#4a4a4a"  # 7.4:1 on the inactive fill
_EXAMPLE_TEXT = ("#111111", "#595959")  # active, inactive: on white, 18:1 and 7:1
#: The smallest text of the ladder, in points (legible in a notebook and in the web book).
MIN_FONT_PT = 9.5


def _luminance(colour: str) -> float:
    """Relative luminance of a ``#rrggbb`` colour (WCAG 2.1, sRGB)."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2.1 contrast ratio of two ``#rrggbb`` colours, from 1 (none) to 21.

    Source: W3C, Web Content Accessibility Guidelines (WCAG) 2.1, 2018, "contrast ratio"
    (4.5:1 is level AA for normal text).

    Example:
        >>> round(contrast_ratio("#000000", "#ffffff"), 1)
        21.0
    """
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _text_on(fill: str) -> str:
    """White or near-black, whichever reads better on ``fill``."""
    return max(("#ffffff", "#111111"), key=lambda text: contrast_ratio(text, fill))


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
        colour = _COLOURS[y] if active else _INACTIVE_FILL
        box = FancyBboxPatch(
            (0.02 + 0.05 * y, y - 0.4),
            0.56,
            0.8,
            boxstyle="round,pad=0.01,rounding_size=0.05",
            facecolor=colour,
            edgecolor="black" if stage == chosen else "none",
            linewidth=2.0 if stage == chosen else 0.0,
            gid=f"stage-{y}",
        )
        ax.add_patch(box)
        text_colour = _text_on(colour) if active else _INACTIVE_TEXT
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
            textwrap.fill(stage.capability, 50),
            fontsize=MIN_FONT_PT,
            color=text_colour,
            va="center",
        )
        if show_examples:
            examples = textwrap.fill(", ".join(stage.examples), 40)
            ax.text(
                0.64 + 0.05 * y,
                y,
                examples,
                fontsize=MIN_FONT_PT,
                va="center",
                color=_EXAMPLE_TEXT[0] if active else _EXAMPLE_TEXT[1],
            )
    ax.set_xlim(0.0, 1.34)
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
