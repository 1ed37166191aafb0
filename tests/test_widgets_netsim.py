"""Explorers of modules 15 and 16 (event-level network), exercised without a browser."""

import math

import pytest

import qinternet_edu as qie
from qinternet_edu.stages import Stage
from qinternet_edu.widgets import netsim as wnet


def test_exported_from_the_package():
    assert qie.widgets.network_stack_explorer is wnet.network_stack_explorer
    assert qie.widgets.node_program_explorer is wnet.node_program_explorer


def test_chain_delivers_every_pair_with_the_swap_fidelity():
    d = wnet.network_stack_data(n_repeaters=2, n_pairs=10, coherence_time_s=1e9, seed=4)
    assert d.path == ("A", "R1", "R2", "B") and d.delivered == 10
    assert d.stage == Stage.QUANTUM_MEMORY
    # ideal links (fidelity 1): swapping keeps fidelity 1 up to the tiny decay in 1e9 s
    assert d.mean_fidelity == pytest.approx(1.0, abs=1e-6)


def test_short_memories_cost_fidelity_and_schedules_differ():
    long = wnet.network_stack_data(n_repeaters=3, coherence_time_s=10.0, seed=5)
    short = wnet.network_stack_data(n_repeaters=3, coherence_time_s=0.005, seed=5)
    assert short.mean_fidelity < long.mean_fidelity - 0.05
    nested = wnet.network_stack_data(n_repeaters=3, schedule="nested", seed=5)
    assert nested.delivered == 20


def test_node_program_applications_report_their_stage():
    stages = {
        app: wnet.node_program_data(application=app, n_rounds=20, seed=2).stage
        for app in wnet.APPLICATIONS
    }
    assert int(stages[wnet.APPLICATIONS[0]]) == 2
    assert int(stages[wnet.APPLICATIONS[1]]) == 1  # the same key, one stage lower
    assert int(stages[wnet.APPLICATIONS[2]]) == 3
    assert int(stages[wnet.APPLICATIONS[3]]) == 2


def test_keys_agree_and_teleportation_is_exact_on_ideal_links():
    key = wnet.node_program_data(application=wnet.APPLICATIONS[0], n_rounds=30, seed=1)
    assert key.value == 30  # ideal pairs: every Z outcome agrees
    tele = wnet.node_program_data(application=wnet.APPLICATIONS[2], n_rounds=10, seed=1)
    assert tele.value == 1.0  # |+> teleported and measured in X gives + every time


def test_blind_round_statistics_match_cos_squared():
    d = wnet.node_program_data(application=wnet.APPLICATIONS[4], n_rounds=8, seed=7)
    assert "to within 1e-9" in d.summary and int(d.stage) == 3


def test_bad_application_names_the_choices():
    with pytest.raises(ValueError, match="application"):
        wnet.node_program_data(application="chess")
    with pytest.raises(ValueError, match="n_repeaters"):
        wnet.network_stack_data(n_repeaters=-1)


def test_explorers_build_and_return_data():
    ui = wnet.network_stack_explorer()
    assert isinstance(ui.result, wnet.NetworkStackData)
    ui = wnet.node_program_explorer()
    assert isinstance(ui.result, wnet.NodeProgramData)
    assert math.isfinite(ui.result.value)
