"""The stage ladder is legible: no text under 9 pt, and every caption contrasts with its rung."""

import matplotlib.colors as mcolors
import numpy as np
import pytest

import qinternet_edu as qie
from qinternet_edu.plots import stages as pstages
from qinternet_edu.plots.stages import StageLadderView, stage_ladder
from qinternet_edu.stages import Stage


def test_contrast_ratio_matches_published_values():
    # WCAG 2.1: black on white is 21:1; #767676 on white is the often quoted 4.54:1 grey.
    assert pstages.contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0, abs=1e-9)
    assert pstages.contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert pstages.contrast_ratio("#ffffff", "#767676") == pstages.contrast_ratio(
        "#767676", "#ffffff"
    )


@pytest.mark.parametrize("highlight", [None, qie.Stage.QUANTUM_MEMORY])
def test_ladder_text_is_at_least_9_pt_with_aa_contrast(highlight):
    ax = pstages.stage_ladder(highlight=highlight).axes[0]
    fills = {
        int(patch.get_gid().split("-")[1]): mcolors.to_hex(patch.get_facecolor())
        for patch in ax.patches
        if (patch.get_gid() or "").startswith("stage-")
    }
    assert sorted(fills) == list(range(6))
    texts = [t for t in ax.texts if t.get_text().strip()]
    assert len(texts) >= 12
    for text in texts:
        assert text.get_fontsize() >= 9.0, (text.get_text(), text.get_fontsize())
        x, y = text.get_position()
        rung = round(y)
        inside = x < 0.64  # rung captions; the examples stand on the white background
        background = fills[rung] if inside else "#ffffff"
        ratio = pstages.contrast_ratio(mcolors.to_hex(text.get_color()), background)
        assert ratio >= 4.5, (text.get_text()[:30], ratio)


def _randstad():
    """The capstone's city network: two nodes beside each relay, a few km apart."""
    net = qie.network.QuantumNetwork("Randstad")
    for name, kind, pos in [
        ("Bank", "end node", (52.37, 4.90)),
        ("Leiden exchange", "trusted relay", (52.16, 4.49)),
        ("Lab", "end node", (52.17, 4.46)),
        ("Hague exchange", "trusted relay", (52.06, 4.29)),
        ("Ministry", "end node", (52.09, 4.32)),
        ("University", "end node", (52.00, 4.37)),
        ("Data centre", "end node", (51.92, 4.48)),
    ]:
        net.add_node(name, kind=kind, position=pos)
    for a, b, km in [
        ("Bank", "Leiden exchange", 40),
        ("Leiden exchange", "Lab", 3),
        ("Leiden exchange", "Hague exchange", 20),
        ("Hague exchange", "Ministry", 2),
        ("Hague exchange", "University", 12),
        ("University", "Data centre", 15),
    ]:
        net.add_fiber(a, b, length_km=km)
    return net


def test_network_map_labels_cover_no_marker_and_no_other_label():
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(7.0, 5.0), layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    qie.plots.network_map(_randstad(), ax=ax)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    labels = [t for t in ax.texts if t.get_text()]
    assert len(labels) == 7
    boxes = [t.get_window_extent(renderer) for t in labels]
    markers = [
        box
        for collection in ax.collections
        for box in [collection.get_window_extent(renderer)]
        for _ in [0]
    ]
    offsets = []
    for collection in ax.collections:
        for x, y in collection.get_offsets():
            px, py = ax.transData.transform((x, y))
            offsets.append((px, py))
    radius = 5.5 * fig.dpi / 72  # the 120 pt^2 marker
    frame = ax.get_window_extent(renderer)
    for i, box in enumerate(boxes):
        inside = (
            frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 <= box.y1 <= frame.y1
        )
        assert inside, (labels[i].get_text(), "outside the axes")
        for j, other in enumerate(boxes):
            if i < j:
                assert not box.overlaps(other), (labels[i].get_text(), labels[j].get_text())
        for px, py in offsets:
            inside_x = box.x0 - radius < px < box.x1 + radius
            inside_y = box.y0 - radius < py < box.y1 + radius
            assert not (inside_x and inside_y), (labels[i].get_text(), (px, py))
    assert markers


def _rgba(png_bytes):
    import io

    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png_bytes)).convert("RGBA")).astype(int)


def test_ladder_view_redraws_the_same_pixels_as_a_fresh_ladder():
    # Only the changed rungs and the title are redrawn; the picture must be the one a fresh
    # stage_ladder gives (up to a handful of anti-aliased pixels where two bands meet).
    import io

    view = StageLadderView(highlight=1)
    for highlight in (4, 0, 0, 5, None, 2):
        moved = _rgba(view.png(highlight=highlight))
        buffer = io.BytesIO()
        stage_ladder(highlight=highlight).savefig(buffer, format="png")
        fresh = _rgba(buffer.getvalue())
        assert moved.shape == fresh.shape
        differ = np.count_nonzero(np.abs(moved - fresh).sum(axis=2))
        assert differ <= 20, (highlight, differ)
    assert view.highlight == Stage(2)
