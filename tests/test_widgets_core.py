"""Explorers of modules 01 and 03: the pure functions, and the widgets driven without a browser."""

import math

import matplotlib

matplotlib.use("Agg")

import pytest

import qinternet_edu as qie
from qinternet_edu.widgets import channels as wchannels
from qinternet_edu.widgets import qubits as wqubits


def _slider(ui, name):
    (widget,) = [w for w in ui.children if getattr(w, "description", "") == name]
    return widget


# ------------------------------------------------------------------ channels


def test_channel_data_at_100_km():
    data = wchannels.channel_explorer_data(100.0, 0.2)
    assert data.transmissivity == pytest.approx(0.01, rel=1e-12)
    assert data.loss_db == pytest.approx(20.0, abs=1e-12)
    assert data.plob_bits_per_use == pytest.approx(1.45e-2, rel=1e-3)  # Pirandola et al. 2017
    assert data.delay_s == pytest.approx(4.9e-4, rel=0.01)  # ~4.9 us/km
    with pytest.raises(AttributeError):
        data.length_km = 5.0  # frozen


def test_channel_data_for_a_lossless_fiber_reports_an_unbounded_capacity():
    data = wchannels.channel_explorer_data(0.0, 0.2)
    assert data.transmissivity == 1.0
    assert data.loss_db == 0.0
    assert data.plob_bits_per_use == math.inf


@pytest.mark.parametrize(
    ("args", "error", "name"),
    [
        ((-1.0, 0.2), ValueError, "length_km"),
        ((math.nan, 0.2), ValueError, "length_km"),
        (("100", 0.2), TypeError, "length_km"),
        ((True, 0.2), TypeError, "length_km"),
        ((100.0, -0.2), ValueError, "attenuation_db_per_km"),
        ((1e6, 0.2), ValueError, "length_km"),
        (([1.0, 2.0], 0.2), TypeError, "single numbers"),
    ],
)
def test_channel_data_rejects_bad_inputs(args, error, name):
    with pytest.raises(error, match=name):
        wchannels.channel_explorer_data(*args)


def test_channel_explorer_reacts_to_its_sliders():
    ui = qie.widgets.channel_explorer()
    ui.update()
    first = ui.result
    assert first.length_km == pytest.approx(100.0)
    _slider(ui, "length (km)").value = 200.0
    ui.update()
    second = ui.result
    assert second.length_km == pytest.approx(200.0)
    assert second.transmissivity == pytest.approx(1e-4, rel=1e-9)
    assert second.plob_bits_per_use < first.plob_bits_per_use
    _slider(ui, "loss (dB/km)").value = 0.3
    ui.update()
    assert ui.result.loss_db == pytest.approx(60.0, rel=1e-9)


def test_a_fixed_layout_keeps_every_label_inside_later_figures():
    # The explorers' later figures reuse the first one's axes positions; the labels of a
    # figure drawn for other values must still fit inside it (or the layout is wrong).
    from matplotlib.figure import Figure

    from qinternet_edu.widgets._figures import FixedLayout

    layout = FixedLayout()
    first = wchannels._draw(wchannels.channel_explorer_data(100.0, 0.2), 500.0)
    layout.apply(first)
    for length_km, loss in ((0.0, 0.15), (250.0, 0.4), (500.0, 0.3)):
        fig = wchannels._draw(wchannels.channel_explorer_data(length_km, loss), 500.0)
        layout.apply(fig)
        fig.draw_without_rendering()
        renderer = fig._get_renderer()
        box = fig.axes[0].get_tightbbox(renderer)
        assert box.x0 >= 0 and box.y0 >= 0, (length_km, box)
        assert box.x1 <= fig.bbox.width + 0.5 and box.y1 <= fig.bbox.height + 0.5, box
        assert fig.axes[0].get_position().bounds == first.axes[0].get_position().bounds
    # Another number of axes is laid out afresh, not squeezed into the old positions.
    two = Figure(figsize=(6.4, 3.6), layout="constrained")
    two.subplots(1, 2)
    layout.apply(two)
    assert two.axes[0].get_position().x1 < 0.55 < two.axes[1].get_position().x0


# ------------------------------------------------------------------ qubits


def test_qubit_data_known_states():
    plus = wqubits.qubit_measurement_data(90.0, 0.0, "X", shots=500, seed=3)
    assert plus.probability_0 == pytest.approx(1.0, abs=1e-12)
    assert plus.counts_0 == 500
    assert plus.bloch_vector == pytest.approx((1.0, 0.0, 0.0), abs=1e-12)
    one = wqubits.qubit_measurement_data(180.0, 0.0, "Z")
    assert one.probability_1 == pytest.approx(1.0, abs=1e-12)
    plus_i = wqubits.qubit_measurement_data(90.0, 90.0, "Y")
    assert plus_i.probability_0 == pytest.approx(1.0, abs=1e-12)
    # 60 degrees from |0>: P(0) = cos^2(30 deg) = 3/4.
    assert wqubits.qubit_measurement_data(60.0, 0.0, "Z").probability_0 == pytest.approx(0.75)


def test_qubit_data_counts_are_seeded_and_statistical():
    n = 20_000
    a = wqubits.qubit_measurement_data(90.0, 0.0, "Z", shots=n, seed=8)
    b = wqubits.qubit_measurement_data(90.0, 0.0, "Z", shots=n, seed=8)
    assert a == b
    assert a.counts_0 + a.counts_1 == n
    assert a.counts_0 / n == pytest.approx(0.5, abs=4 * math.sqrt(0.25 / n))


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "name"),
    [
        ((200.0, 0.0, "Z"), {}, ValueError, "theta_deg"),
        ((-1.0, 0.0, "Z"), {}, ValueError, "theta_deg"),
        ((math.nan, 0.0, "Z"), {}, ValueError, "theta_deg"),
        (("90", 0.0, "Z"), {}, TypeError, "theta_deg"),
        ((90.0, True, "Z"), {}, TypeError, "phi_deg"),
        ((90.0, 0.0, "W"), {}, ValueError, "basis"),
        ((90.0, 0.0, "Z"), {"shots": 0}, ValueError, "shots"),
        ((90.0, 0.0, "Z"), {"seed": -3}, TypeError, "seed"),
        (([10.0, 20.0], 0.0, "Z"), {}, TypeError, "single numbers"),
    ],
)
def test_qubit_data_rejects_bad_inputs(args, kwargs, error, name):
    with pytest.raises(error, match=name):
        wqubits.qubit_measurement_data(*args, **kwargs)


def test_qubit_explorer_reacts_to_its_controls():
    ui = qie.widgets.qubit_measurement_explorer()
    ui.update()
    start = ui.result
    assert start.basis == "Z"
    assert start.probability_0 == pytest.approx(0.75)
    _slider(ui, "θ (°)").value = 90.0
    ui.update()
    assert ui.result.probability_0 == pytest.approx(0.5)
    _slider(ui, "basis").value = "X"
    ui.update()
    assert ui.result.basis == "X"
    assert ui.result.probability_0 == pytest.approx(1.0)


# ------------------------------------------------------------------ reused figures


def _picture(fig):
    """What a figure shows, as numbers and strings: limits, every line's data, bar heights,
    tick labels, axis labels and legend texts."""
    import numpy as np

    fig.draw_without_rendering()
    ax = fig.axes[0]
    lines = [
        [[None if np.isnan(v) else v for v in xy] for xy in np.asarray(line.get_xydata()).round(12)]
        for line in ax.lines
    ]  # NaN (a gap in a curve) as None, so that equal pictures compare equal
    return (
        np.round(ax.get_xlim(), 12).tolist(),
        np.round(ax.get_ylim(), 12).tolist(),
        [line for line in lines if line],
        [round(float(p.get_height()), 12) for p in ax.patches],
        [t.get_text() for t in ax.get_xticklabels()],
        (ax.get_xlabel(), ax.get_ylabel()),
        [t.get_text() for t in ax.get_legend().get_texts()],
    )


def _explorer_plots():
    from qinternet_edu.widgets import qkd as wqkd

    channel = [wchannels.channel_explorer_data(*a) for a in ((100, 0.2), (0, 0.2), (500, 0.4))]
    key = [wqkd.key_rate_explorer_data(*a) for a in ((50, 0.045, 0.033), (250, 0.9, 0.1))]
    bb84 = [wqkd.bb84_explorer_data(f, 2000, 10.0, seed=0) for f in (0.0, 1.0, 0.5)]
    qubit = [
        wqubits.qubit_measurement_data(*a, shots=s, seed=0)
        for a, s in (((60.0, 0.0, "Z"), 100), ((90.0, 0.0, "X"), 10), ((90.0, 90.0, "Y"), 5000))
    ]
    return [
        ("channel", lambda: wchannels._ChannelPlot(500.0), channel),
        ("key rate", wqkd._KeyRatePlot, key),
        ("bb84", wqkd._BB84Plot, bb84),
        ("qubit", wqubits._QubitPlot, qubit),
    ]


@pytest.mark.parametrize(
    ("name", "make", "states"), _explorer_plots(), ids=[row[0] for row in _explorer_plots()]
)
def test_a_reused_explorer_figure_shows_what_a_new_one_shows(name, make, states):
    # An explorer draws every control change into the one figure it made; after any sequence
    # of changes that figure must show what a figure made afresh for the last state shows.
    import numpy as np

    reused = make()
    for state in [*states, *reversed(states)]:
        again = reused.update(state)
        assert again is reused.fig
        picture = _picture(again)
        assert picture == _picture(make().update(state)), (name, state)
        # and that picture is right: the axes show every point of every line ...
        (x0, x1), (y0, y1) = picture[0], picture[1]
        points = np.array([xy for line in picture[2] for xy in line if None not in xy])
        assert (points[:, 0] >= x0).all() and (points[:, 0] <= x1).all(), (name, state)
        assert (points[:, 1] >= y0).all() and (points[:, 1] <= y1).all(), (name, state)
        # ... and the legend names what is drawn
        if name == "qubit":
            assert picture[6] == [f"fraction in {state.shots} shots", "probability"]
