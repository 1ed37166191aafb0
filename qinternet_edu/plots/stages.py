"""The stage ladder of the quantum internet as a picture (used by every stage notebook).

The function draws on ``ax`` when given, else on a new figure, and returns
the ``matplotlib.figure.Figure``. Titles, capabilities and examples come
from ``qinternet_edu.stages``.
"""

from __future__ import annotations

import io
import math
import textwrap

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

from ..stages import Stage

__all__ = ["StageLadderView", "contrast_ratio", "stage_ladder"]

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


def _rung_style(stage, chosen):
    """Colours of one rung: its own colour when active (all, or the chosen one), else grey."""
    active = chosen is None or stage == chosen
    colour = _COLOURS[int(stage)] if active else _INACTIVE_FILL
    return {
        "facecolor": colour,
        "edgecolor": "black" if stage == chosen else "none",
        "linewidth": 2.0 if stage == chosen else 0.0,
        "text": _text_on(colour) if active else _INACTIVE_TEXT,
        "examples": _EXAMPLE_TEXT[0] if active else _EXAMPLE_TEXT[1],
    }


def _title(chosen):
    title = "The stages of the quantum internet (Wehner, Elkouss, Hanson 2018)"
    if chosen is not None:
        title += f": stage {int(chosen)} highlighted"
    return title


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
        fig = Figure(figsize=(10.0, 7.0), layout="constrained")
        ax = fig.add_subplot()
    else:
        fig = ax.figure
    for stage in Stage:
        y = int(stage)
        style = _rung_style(stage, chosen)
        box = FancyBboxPatch(
            (0.02 + 0.05 * y, y - 0.42),
            0.62,
            0.84,
            boxstyle="round,pad=0.01,rounding_size=0.05",
            facecolor=style["facecolor"],
            edgecolor=style["edgecolor"],
            linewidth=style["linewidth"],
            gid=f"stage-{y}",
        )
        ax.add_patch(box)
        ax.text(
            0.04 + 0.05 * y,
            y + 0.24,
            f"{y}  {stage.title}",
            fontsize=11,
            fontweight="bold",
            color=style["text"],
            va="center",
            gid=f"stage-{y}-title",
        )
        ax.text(
            0.04 + 0.05 * y,
            y + 0.1,
            textwrap.fill(stage.capability, 58),
            fontsize=MIN_FONT_PT,
            color=style["text"],
            va="top",
            gid=f"stage-{y}-capability",
        )
        if show_examples:
            examples = textwrap.fill(", ".join(stage.examples), 40)
            ax.text(
                0.70 + 0.05 * y,
                y,
                examples,
                fontsize=MIN_FONT_PT,
                va="center",
                color=style["examples"],
                gid=f"stage-{y}-examples",
            )
    ax.set_xlim(0.0, 1.40)
    ax.set_ylim(-0.6, 5.6)
    ax.set_yticks([int(s) for s in Stage])
    ax.set_xticks([])
    ax.set_ylabel("stage (functionality grows upward)")
    ax.set_xlabel("capability of any two end nodes (left) and example applications (right)")
    ax.set_title(_title(chosen))
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    return fig


class StageLadderView:
    """The ladder as a PNG that follows a changing highlight, redrawing only what changed.

    Drawing the whole ladder renders some 1,500 glyphs. A view keeps one
    figure: it is drawn once in full, and once more with the rungs and the
    title hidden, as a background. A new highlight changes at most two rungs
    (the old choice greys out, the new one lights up) and the title, so only
    their bands are restored from the background and redrawn; the pixels are
    those of :func:`stage_ladder` with the same highlight.

    Example:
        >>> view = StageLadderView(highlight=1)
        >>> png = view.png(highlight=4)
        >>> png[:4] == b"\\x89PNG", int(view.highlight)
        (True, 4)
    """

    def __init__(self, highlight=None):
        self.highlight = _parse_stage(highlight)
        self.figure = stage_ladder(highlight=self.highlight)
        self._canvas = FigureCanvasAgg(self.figure)
        self._ax = self.figure.axes[0]
        self._rungs = {
            stage: [
                a
                for a in (*self._ax.patches, *self._ax.texts)
                if a.get_gid() is not None
                and a.get_gid().split("-")[:2] == ["stage", str(int(stage))]
            ]
            for stage in Stage
        }
        self._canvas.draw()  # lays the figure out once; the layout is then kept
        self.figure.set_layout_engine("none")
        moving = [a for artists in self._rungs.values() for a in artists] + [self._ax.title]
        for artist in moving:
            artist.set_visible(False)
        self._canvas.draw()
        self._background = self._pixels().copy()
        for artist in moving:
            artist.set_visible(True)
        self._canvas.draw()

    def _pixels(self):
        """The canvas' RGBA buffer as a writable (rows, columns, 4) array, row 0 at the top."""
        return np.asarray(self._canvas.buffer_rgba())

    def _rows(self, low, high):
        """Pixel rows (top-down) between display heights ``low`` and ``high``."""
        height = self._background.shape[0]
        return slice(max(0, math.floor(height - high)), min(height, math.ceil(height - low)))

    def _redraw(self, rows, artists):
        """Restore ``rows`` from the background, then draw ``artists`` over them."""
        pixels = self._pixels()
        pixels[rows] = self._background[rows]
        for artist in artists:
            self._ax.draw_artist(artist)

    def png(self, highlight=None) -> bytes:
        """The ladder with ``highlight`` (as in :func:`stage_ladder`) as PNG bytes."""
        chosen = _parse_stage(highlight)
        if chosen is None or self.highlight is None:
            changed = set(Stage)
        else:
            changed = {self.highlight, chosen}
        if chosen != self.highlight:
            self.highlight = chosen
            for stage in changed:
                style = _rung_style(stage, chosen)
                for artist in self._rungs[stage]:
                    part = artist.get_gid().split("-")[-1]
                    if part.isdigit():  # the box
                        artist.set_facecolor(style["facecolor"])
                        artist.set_edgecolor(style["edgecolor"])
                        artist.set_linewidth(style["linewidth"])
                    else:
                        artist.set_color(style["examples" if part == "examples" else "text"])
                y = int(stage)
                (_, low), (_, high) = self._ax.transData.transform([(0, y - 0.5), (0, y + 0.5)])
                self._redraw(self._rows(low, high), self._rungs[stage])
            self._ax.title.set_text(_title(chosen))
            self._redraw(self._rows(self._ax.bbox.y1, self.figure.bbox.height), [self._ax.title])
        from PIL import Image

        buffer = io.BytesIO()
        Image.fromarray(np.asarray(self._canvas.buffer_rgba())).save(buffer, format="png")
        return buffer.getvalue()
