"""QKD explorers (modules 05-07) and figures, driven without a browser."""

import matplotlib

matplotlib.use("Agg")

import pytest

import qinternet_edu as qie
from qinternet_edu.widgets import qkd as wqkd


def _slider(ui, name):
    (widget,) = [w for w in ui.children if getattr(w, "description", "") == name]
    return widget


def test_bb84_explorer_data_follows_f_over_four():
    clean = wqkd.bb84_explorer_data(0.0, 20_000, 10.0, seed=1)
    assert clean.qber == 0.0 and not clean.eve_detected
    half = wqkd.bb84_explorer_data(0.5, 20_000, 10.0, seed=1)
    assert half.qber_theory == 0.125
    assert half.qber == pytest.approx(0.125, abs=4 * half.qber_standard_error + 1e-3)
    assert half.eve_detected


def test_bb84_explorer_reacts_to_its_sliders():
    ui = qie.widgets.bb84_explorer()
    ui.update()
    assert ui.result.qber == 0.0
    _slider(ui, "Eve fraction").value = 1.0
    ui.update()
    assert ui.result.eve_fraction == 1.0
    assert ui.result.qber > 0.2


def test_key_rate_explorer_reacts_to_its_sliders():
    ui = qie.widgets.key_rate_explorer()
    ui.update()
    first = ui.result
    assert 0 < first.key_rate < first.plob
    _slider(ui, "length (km)").value = 200.0
    ui.update()
    assert ui.result.key_rate == 0.0
    _slider(ui, "length (km)").value = 100.0
    _slider(ui, "detector η").value = 0.5
    ui.update()
    assert ui.result.key_rate > qie.decoy_bb84_key_rate(100.0)


def test_password_explorer_reacts_to_its_sliders():
    data = wqkd.password_explorer_data(16, 16, n_trials=10, seed=2)
    assert data.success_rate == 1.0  # 16 runs try all 16 passwords
    ui = qie.widgets.password_explorer()
    ui.update()
    first = ui.result
    assert first.expected_rate == pytest.approx(4 / 16)
    _slider(ui, "runs").value = 0
    ui.update()
    assert ui.result.success_rate == 0.0
    assert ui.result.expected_rate == 0.0


def test_figures_have_labelled_axes():
    fig = qie.plots.qber_vs_eve_fraction(n_pulses=1_000, n_points=3)
    assert "Eve" in fig.axes[0].get_xlabel()
    assert "QBER" in fig.axes[0].get_ylabel()
    fig = qie.plots.key_rate_vs_distance(n_points=10)
    assert fig.axes[0].get_xlabel() == "fiber length (km)"
    assert len(fig.axes[0].lines) == 3
    fig = qie.plots.bb84_step_table(6)
    assert len(fig.axes) == 1
    with pytest.raises(ValueError, match="n_points"):
        qie.plots.qber_vs_eve_fraction(n_points=1)
    with pytest.raises(ValueError, match="max_length_km"):
        qie.plots.key_rate_vs_distance(max_length_km=0.0)
