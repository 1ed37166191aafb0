"""Explorers of modules 02, 09, 10 and 11 and the repeater figures, exercised without a browser."""

import math

import ipywidgets as widgets
import matplotlib
import numpy as np
import pytest
from matplotlib.figure import Figure

import qinternet_edu as qie
from qinternet_edu.widgets.entanglement import (
    NoiseChshData,
    chsh_explorer,
    chsh_explorer_data,
    noise_chsh_explorer,
    noise_chsh_explorer_data,
)
from qinternet_edu.widgets.repeaters import (
    MemoryExplorerData,
    RepeaterExplorerData,
    memory_explorer,
    memory_explorer_data,
    repeater_explorer,
    repeater_explorer_data,
)

matplotlib.use("Agg")


def _control(ui, description):
    for child in ui.children:
        if getattr(child, "description", None) == description:
            return child
    raise AssertionError(f"no control {description!r} in {[c.description for c in ui.children]}")


def test_exported_from_the_packages():
    assert qie.widgets.chsh_explorer is chsh_explorer
    assert qie.widgets.repeater_explorer is repeater_explorer
    assert qie.widgets.memory_explorer is memory_explorer
    assert qie.widgets.noise_chsh_explorer is noise_chsh_explorer
    assert callable(qie.plots.purification_map)


# --- pure functions --------------------------------------------------------------------------


def test_chsh_data_optimal_and_classical_angles():
    best = chsh_explorer_data(0, 90, 45, -45)
    assert best.win_probability == pytest.approx(math.cos(math.pi / 8) ** 2, abs=1e-12)
    same = chsh_explorer_data(0, 0, 0, 0)
    assert same.win_probability == pytest.approx(0.75, abs=1e-12)
    noisy = chsh_explorer_data(0, 90, 45, -45, visibility=0.5)
    assert noisy.chsh_value == pytest.approx(math.sqrt(2), abs=1e-12)
    with pytest.raises(ValueError, match="bob_angle_1_deg"):
        chsh_explorer_data(0, 90, 45, float("nan"))
    with pytest.raises(ValueError, match="visibility"):
        chsh_explorer_data(visibility=2.0)


def test_noise_data_thresholds():
    perfect = noise_chsh_explorer_data(1.0)
    assert isinstance(perfect, NoiseChshData)
    assert perfect.chsh_value == pytest.approx(2 * math.sqrt(2))
    assert perfect.key_fraction == 1.0 and perfect.qber == 0.0
    # the CHSH violation ends at visibility 1/sqrt2, F ~ 0.780; key ends at Q ~ 11 %, F ~ 0.835
    assert noise_chsh_explorer_data(0.79).violates_chsh
    assert not noise_chsh_explorer_data(0.77).violates_chsh
    assert noise_chsh_explorer_data(0.80).key_fraction == 0.0
    assert noise_chsh_explorer_data(0.85).key_fraction > 0.0
    with pytest.raises(ValueError, match="fidelity"):
        noise_chsh_explorer_data(0.1)


def test_repeater_data_purification_and_links():
    plain = repeater_explorer_data(100.0, 2, link_fidelity=0.9, n_realizations=2000)
    pur = repeater_explorer_data(
        100.0, 2, link_fidelity=0.9, purification_rounds=1, n_realizations=2000
    )
    assert isinstance(plain, RepeaterExplorerData)
    assert pur.mean_fidelity > plain.mean_fidelity
    assert pur.rate_hz < plain.rate_hz
    far = repeater_explorer_data(
        800.0, 16, link_fidelity=0.995, coherence_time_s=None, n_realizations=2000
    )
    # with 0.98 links, 15 swaps leave F ~ 0.74: below the key threshold
    assert repeater_explorer_data(800.0, 16, coherence_time_s=None).key_bits_per_use == 0.0
    assert far.beats_plob and far.key_bits_per_use > far.plob_bits_per_use
    with pytest.raises(ValueError, match="total_length_km"):
        repeater_explorer_data(0.0, 2)
    with pytest.raises(ValueError, match="n_segments"):
        repeater_explorer_data(100.0, 0)


def test_memory_data_longer_memory_better_pairs():
    short = memory_explorer_data(0.005, n_realizations=3000)
    long = memory_explorer_data(5.0, n_realizations=3000)
    assert isinstance(short, MemoryExplorerData)
    assert short.mean_fidelity < long.mean_fidelity
    cut = memory_explorer_data(0.005, cutoff_time_s=0.002, n_realizations=3000)
    assert cut.mean_fidelity > short.mean_fidelity
    assert cut.mean_delivery_time_s > short.mean_delivery_time_s
    assert long.teleportation_fidelity == pytest.approx(
        qie.teleportation_fidelity(long.mean_fidelity)
    )
    with pytest.raises(ValueError, match="coherence_time_s"):
        memory_explorer_data(0.0)
    with pytest.raises(ValueError, match="cutoff_time_s"):
        memory_explorer_data(1.0, cutoff_time_s=-1.0)


# --- the explorers: build, move a slider, the result changes ---------------------------------


def test_chsh_explorer_reacts_to_angles():
    ui = chsh_explorer()
    assert isinstance(ui, widgets.interactive)
    ui.update()
    before = ui.result.win_probability
    assert before == pytest.approx(math.cos(math.pi / 8) ** 2, abs=1e-9)
    _control(ui, "Bob, question 1 (deg)").value = 45.0
    ui.update()
    assert ui.result.win_probability < before


def test_noise_chsh_explorer_reacts_to_fidelity():
    ui = noise_chsh_explorer()
    ui.update()
    before = ui.result
    _control(ui, "pair fidelity F").value = 0.8
    ui.update()
    assert ui.result.chsh_value < before.chsh_value
    assert ui.result.key_fraction == 0.0 < before.key_fraction


def test_repeater_explorer_reacts_to_purification():
    ui = repeater_explorer()
    ui.update()
    before = ui.result
    assert before.n_segments == 4
    _control(ui, "purification rounds").value = 1
    ui.update()
    assert ui.result.purification_rounds == 1
    assert ui.result.rate_hz < before.rate_hz
    _control(ui, "log2(links)").value = 3
    ui.update()
    assert ui.result.n_segments == 8


def test_memory_explorer_reacts_to_coherence_time():
    ui = memory_explorer()
    ui.update()
    before = ui.result.mean_fidelity
    _control(ui, "log10(coherence time / s)").value = 1.0
    ui.update()
    assert ui.result.mean_fidelity > before
    _control(ui, "cut-off (ms, 0 = none)").value = 5.0
    ui.update()
    assert ui.result.cutoff_time_s == pytest.approx(5e-3)


# --- figures ---------------------------------------------------------------------------------


def test_figures_have_labelled_axes():
    fig = qie.plots.repeater_rate_vs_distance(
        [50.0, 300.0, 600.0], n_segments=(1, 4), n_realizations=500
    )
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert ax.get_xlabel() == "distance (km)" and "per channel use" in ax.get_ylabel()
    assert len(ax.get_lines()) == 4
    fig2 = qie.plots.fidelity_vs_swaps((0.9,), max_swaps=3)
    ys = fig2.axes[0].get_lines()[0].get_ydata()
    np.testing.assert_allclose(ys[1], qie.swap_fidelity(0.9, 0.9))
    fig3 = qie.plots.purification_map(n_points=11)
    bbpssw_line = fig3.axes[0].get_lines()[1]
    np.testing.assert_allclose(
        bbpssw_line.get_ydata(), qie.bbpssw(np.linspace(0.25, 1, 11)).fidelity
    )
    with pytest.raises(ValueError, match="max_swaps"):
        qie.plots.fidelity_vs_swaps(max_swaps=0)
    with pytest.raises(ValueError, match="link_fidelities"):
        qie.plots.fidelity_vs_swaps((1.5,))
    with pytest.raises(ValueError, match="n_points"):
        qie.plots.purification_map(n_points=1)


def test_figure_draws_on_given_axes():
    fig = Figure()
    ax = fig.add_subplot()
    assert qie.plots.purification_map(ax=ax) is fig
