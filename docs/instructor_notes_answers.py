"""Numbers behind docs/instructor-notes.md: the explorers' "Try to answer" questions.

Every number comes from the explorer's own data function in
``qinternet_edu/widgets/*.py``, called with the explorer's parameter values (its
slider defaults unless the question names others, and the explorer's seed and
Monte Carlo size). Run from the repository root:

    python docs/instructor_notes_answers.py

and compare the printed lines with the notes. tests/test_instructor_notes.py
imports this file and checks a few of the numbers in the notes against it.
Keys are question labels ``"NN.k"``: module NN, k-th question of its explorer.
"""

from __future__ import annotations

import math

import numpy as np

from qinternet_edu import swap_fidelity
from qinternet_edu.widgets.apps import (
    clock_sync_explorer_data,
    nonlocal_cnot_explorer_data,
    telescope_explorer_data,
)
from qinternet_edu.widgets.channels import channel_explorer_data
from qinternet_edu.widgets.entanglement import chsh_explorer_data, noise_chsh_explorer_data
from qinternet_edu.widgets.network import build_network_data, relay_explorer_data
from qinternet_edu.widgets.qkd import (
    bb84_explorer_data,
    key_rate_explorer_data,
    password_explorer_data,
)
from qinternet_edu.widgets.qubits import qubit_measurement_data
from qinternet_edu.widgets.repeaters import (
    _EXPLORER_REALIZATIONS,
    memory_explorer_data,
    repeater_explorer_data,
)
from qinternet_edu.widgets.satellites import satellite_pass_explorer_data


def _bisect(f, lo, hi, *, tol=1e-9):
    """Root of a monotone function f on [lo, hi] (f(lo) and f(hi) of opposite signs)."""
    flo = f(lo)
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        fmid = f(mid)
        if (fmid > 0) == (flo > 0):
            lo, flo = mid, fmid
        else:
            hi = mid
        if hi - lo < tol:
            break
    return 0.5 * (lo + hi)


def module_01():
    x = {phi: qubit_measurement_data(90.0, phi, "X").probability_0 for phi in (0, 45, 90, 135, 180)}
    y = {phi: qubit_measurement_data(90.0, phi, "Y").probability_0 for phi in (90, 270)}
    z = {phi: qubit_measurement_data(90.0, phi, "Z").probability_0 for phi in (0, 90, 180)}
    # Default state of the explorer (theta 60, phi 0, Z basis): sampled fraction vs probability.
    errors = {}
    for shots in (100, 1000, 5000):
        d = qubit_measurement_data(60.0, 0.0, "Z", shots=shots, seed=0)
        errors[shots] = abs(d.counts_0 / shots - d.probability_0)
    p = qubit_measurement_data(60.0, 0.0, "Z").probability_0
    return {
        "01.1": {"x_p0_by_phi": x, "y_p0_by_phi": y},
        "01.2": {"x_p0_by_phi": x, "z_p0_by_phi": z},
        "01.3": {
            "p0_theta60": p,
            "sampling_error_by_shots": errors,
            # shots for a standard error of 0.005 (two decimals): p(1-p)/0.005^2
            "shots_for_se_0.005_at_theta60": p * (1 - p) / 0.005**2,
            "shots_for_se_0.005_worst": 0.25 / 0.005**2,
        },
    }


def module_02():
    best = chsh_explorer_data()
    rotated = chsh_explorer_data(30.0, 120.0, 75.0, -15.0)
    bob_turned = chsh_explorer_data(0.0, 90.0, 75.0, -15.0)
    v_star = _bisect(lambda v: chsh_explorer_data(visibility=v).win_probability - 0.75, 0.0, 1.0)
    return {
        "02.1": {
            "default_win": best.win_probability,
            "all_rotated_30_win": rotated.win_probability,
        },
        "02.2": {
            "bob_turned_30_win": bob_turned.win_probability,
            "bob_turned_30_S": bob_turned.chsh_value,
            "alice_follows_win": rotated.win_probability,
        },
        "02.3": {
            "visibility_threshold": v_star,
            "win_at_0.70": chsh_explorer_data(visibility=0.70).win_probability,
            "win_at_0.71": chsh_explorer_data(visibility=0.71).win_probability,
        },
    }


def module_03():
    km_3db = _bisect(lambda L: channel_explorer_data(L).loss_db - 3.0, 0.0, 500.0)
    km_10db = _bisect(lambda L: channel_explorer_data(L).loss_db - 10.0, 0.0, 500.0)
    plob = {
        L: channel_explorer_data(float(L)).plob_bits_per_use for L in (10, 50, 60, 100, 300, 350)
    }
    target = channel_explorer_data(400.0).plob_bits_per_use
    reach_016 = _bisect(
        lambda L: math.log(channel_explorer_data(L, 0.16).plob_bits_per_use / target), 1.0, 1000.0
    )
    return {
        "03.1": {
            "km_for_3db": km_3db,
            "km_for_10db": km_10db,
            "eta_15km": channel_explorer_data(15.0).transmissivity,
        },
        "03.2": {
            "plob": plob,
            "ratio_300_350": plob[300] / plob[350],
            "ratio_10_60": plob[10] / plob[60],
            "ratio_50_100": plob[50] / plob[100],
        },
        "03.3": {
            "plob_400km_0.2": target,
            "km_016_same_plob": reach_016,
            "extra_km": reach_016 - 400.0,
        },
    }


def module_04():
    d = relay_explorer_data(2)
    d10 = relay_explorer_data(10)
    other_seed = relay_explorer_data(2, seed=1)
    return {
        "04.1": {"n_published_2_relays": len(d.published), "published": d.published},
        "04.2": {
            "n_nodes_know_10_relays": len(d10.nodes_that_learn_key),
            "keys_agree": d10.keys_agree,
        },
        "04.3": {
            "published_seed0": d.published,
            "published_seed1": other_seed.published,
            "know_seed0": d.nodes_that_learn_key,
            "know_seed1": other_seed.nodes_that_learn_key,
        },
    }


def module_05():
    detected = {
        f: bb84_explorer_data(f, 20_000, 10.0, seed=0).eve_detected
        for f in (0.0, 0.005, 0.01, 0.02, 0.05, 0.1)
    }
    smallest = min(f for f, seen in detected.items() if seen)
    by_length = {L: bb84_explorer_data(1.0, 20_000, float(L), seed=0) for L in (0, 10, 50, 100)}
    sifted_10km = bb84_explorer_data(0.1, 20_000, 10.0, seed=0).sifted
    # Detection rule of the explorer: QBER > 4 standard errors, i.e. sifted > 16 (1 - q) / q.
    need = {f: 16 * (1 - f / 4) / (f / 4) for f in (0.1, 0.05)}
    return {
        "05.1": {"detected_by_fraction": detected, "smallest_detected": smallest},
        "05.2": {
            "qber_by_length": {L: d.qber for L, d in by_length.items()},
            "sifted_by_length": {L: d.sifted for L, d in by_length.items()},
        },
        "05.3": {
            "sifted_needed": need,
            "sifted_per_20000_pulses_10km": sifted_10km,
            "ratio": need[0.05] / need[0.1],
        },
    }


def _max_distance(detector_efficiency=0.045, misalignment=0.033):
    return _bisect(
        lambda L: (
            1.0
            if key_rate_explorer_data(L, detector_efficiency, misalignment).key_rate > 0
            else -1.0
        ),
        0.0,
        400.0,
        tol=0.01,
    )


def module_06():
    gys = _max_distance()
    good = _max_distance(0.6)
    tenfold = _max_distance(0.45)
    half_error = _max_distance(0.045, 0.0165)
    fractions = {L: key_rate_explorer_data(float(L)).fraction_of_plob for L in (10, 50, 100, 130)}
    return {
        "06.1": {"max_km_4.5pc": gys, "max_km_60pc": good},
        "06.2": {"max_km_eta_0.45": tenfold, "max_km_e_0.0165": half_error},
        "06.3": {"fraction_of_plob": fractions},
    }


def module_07():
    half = {n: password_explorer_data(16, n) for n in (4, 8)}
    return {
        "07.1": {
            "expected_at_8_runs": half[8].expected_rate,
            "simulated_at_8_runs": half[8].success_rate,
        },
        "07.2": {
            "max_consistent": max(
                password_explorer_data(p, n).max_consistent_per_run
                for p, n in ((16, 4), (16, 8), (64, 32), (64, 64))
            )
        },
        "07.3": {
            "expected_64_at_32": password_explorer_data(64, 32).expected_rate,
            "simulated_64_at_32": password_explorer_data(64, 32).success_rate,
            "pin_runs_for_half": 10_000 / 2,
        },
    }


def module_08():
    over = satellite_pass_explorer_data(90.0, 500.0)
    low = satellite_pass_explorer_data(20.0, 500.0)
    high = satellite_pass_explorer_data(60.0, 1500.0)
    ref = satellite_pass_explorer_data(60.0, 500.0)
    up = satellite_pass_explorer_data(60.0, 500.0, direction="uplink")
    return {
        "08.1": {
            "duration_90": over.duration_s,
            "duration_20": low.duration_s,
            "min_loss_90": over.min_loss_db,
            "min_loss_20": low.min_loss_db,
        },
        "08.2": {
            "duration_500": ref.duration_s,
            "duration_1500": high.duration_s,
            "min_loss_500": ref.min_loss_db,
            "min_loss_1500": high.min_loss_db,
            "max_loss_500": ref.max_loss_db,
            "max_loss_1500": high.max_loss_db,
        },
        "08.3": {
            "down_min": ref.min_loss_db,
            "up_min": up.min_loss_db,
            "down_max": ref.max_loss_db,
            "up_max": up.max_loss_db,
        },
    }


def module_09():
    f_chsh = _bisect(lambda f: noise_chsh_explorer_data(f).chsh_value - 2.0, 0.25, 1.0)
    f_key = _bisect(
        lambda f: 1.0 if noise_chsh_explorer_data(f).key_fraction > 0 else -1.0, 0.5, 1.0, tol=1e-7
    )
    f_half = _bisect(lambda f: noise_chsh_explorer_data(f).key_fraction - 0.5, f_key, 1.0)
    f_di = _bisect(lambda f: 0.07 - noise_chsh_explorer_data(f).qber, 0.25, 1.0)
    return {
        "09.1": {
            "f_chsh": f_chsh,
            "f_key": f_key,
            "qber_at_f_key": noise_chsh_explorer_data(f_key).qber,
        },
        "09.2": {"f_half_bit": f_half},
        "09.3": {"f_qber_7pc": f_di, "S_there": noise_chsh_explorer_data(f_di).chsh_value},
    }


def _chain(length, links, fidelity, rounds=0):
    d = repeater_explorer_data(
        float(length),
        links,
        link_fidelity=fidelity,
        purification_rounds=rounds,
        n_realizations=_EXPLORER_REALIZATIONS,
    )
    return {
        "key": d.key_bits_per_use,
        "plob": d.plob_bits_per_use,
        "fidelity": d.mean_fidelity,
        "beats": d.beats_plob,
    }


def module_10():
    return {
        "10.1": {n: _chain(200, n, 0.98) for n in (1, 2, 4, 8, 16)},
        "10.2": {
            "8@400": {f: _chain(400, 8, f) for f in (0.98, 0.985, 0.99)},
            "16@800": {f: _chain(800, 16, f) for f in (0.99, 0.995)},
            "8@800": {f: _chain(800, 8, f) for f in (0.995, 1.0)},
        },
        "10.3": {
            "8@400": {r: _chain(400, 8, 0.98, r) for r in (0, 1)},
            "4@400": {r: _chain(400, 4, 0.98, r) for r in (0, 1)},
            "4@200": {r: _chain(200, 4, 0.98, r) for r in (0, 1)},
        },
    }


def _memory(t, length, cutoff=None):
    return memory_explorer_data(
        t,
        cutoff_time_s=cutoff,
        total_length_km=float(length),
        n_realizations=_EXPLORER_REALIZATIONS,
    )


def module_11():
    grid = [round(x, 1) for x in np.arange(-3.0, 1.01, 0.1)]

    def first_t(length):
        for x in grid:
            if _memory(10**x, length).teleportation_fidelity > 2 / 3:
                return 10**x
        return None

    cut = {}
    for ms in (1, 2, 5, 10, 20, 50, 100):
        try:
            d = _memory(0.1, 200, ms * 1e-3)
            cut[ms] = (d.mean_fidelity, d.mean_delivery_time_s)
        except ValueError:
            cut[ms] = None
    none = _memory(0.1, 200)
    times = {t: _memory(t, 200).mean_delivery_time_s for t in (0.01, 0.1, 10.0)}
    far = _memory(10.0, 600)
    return {
        "11.1": {
            "t_200km": first_t(200),
            "t_600km": first_t(600),
            "600km_T10": (far.mean_fidelity, far.teleportation_fidelity, far.mean_delivery_time_s),
        },
        "11.2": {"by_cutoff_ms": cut, "no_cutoff": (none.mean_fidelity, none.mean_delivery_time_s)},
        "11.3": {"delivery_time_by_t": times},
    }


def module_12():
    grid = [round(x, 2) for x in np.arange(1.0, 6.01, 0.25)]
    errors = {}
    for x in grid:
        r = clock_sync_explorer_data(round(10**x), true_offset_ns=0.2, seed=0)
        errors[x] = (abs(r.estimated_offset_s - r.true_offset_s), r.standard_error_s)
    first_se = next(x for x in grid if errors[x][1] < 1e-12)
    by_offset = {}
    for off in (0.0, 0.125, 0.25, 0.45):
        r = clock_sync_explorer_data(10_000, true_offset_ns=off, seed=0)
        by_offset[off] = (r.estimated_offset_s - r.true_offset_s, r.standard_error_s)
    return {
        "12.1": {"errors_by_log10_pairs": errors, "first_log10_pairs_se_below_1ps": first_se},
        "12.2": {"by_offset_10000_pairs": by_offset},
        "12.3": {"at_0.45": by_offset[0.45]},
    }


def module_13():
    b_res = _bisect(lambda b: 2e-9 - telescope_explorer_data(b).resolution_rad, 1.0, 1e4)
    # First null: the smallest visibility on a 0.1 m grid between resolving and 400 m.
    grid = np.arange(275.0, 400.0, 0.1)
    b_null = float(grid[np.argmin([telescope_explorer_data(b).visibility for b in grid])])
    b_res_k = _bisect(
        lambda b: 2e-9 - telescope_explorer_data(b, wavelength_m=2.2e-6).resolution_rad, 1.0, 1e5
    )
    return {
        "13.1": {
            "baseline_resolves": b_res,
            "baseline_first_null": b_null,
            "null_closed_form": 1.22 * 550e-9 / 2e-9,
        },
        "13.2": {"baseline_resolves_2.2um": b_res_k, "ratio": b_res_k / b_res},
        "13.3": {"resolution_1m_rad": telescope_explorer_data(1.0).resolution_rad},
    }


def module_14():
    f99 = _bisect(
        lambda f: nonlocal_cnot_explorer_data(f).average_gate_fidelity - 0.99, 0.25, 1.0, tol=1e-7
    )
    f999 = _bisect(
        lambda f: nonlocal_cnot_explorer_data(f).average_gate_fidelity - 0.999, 0.25, 1.0, tol=1e-7
    )
    swapped = float(swap_fidelity(0.95, 0.95))
    return {
        "14.1": {"f_for_0.99": f99, "f_for_0.999": f999},
        "14.2": {"gate_at_quarter": nonlocal_cnot_explorer_data(0.25).average_gate_fidelity},
        "14.3": {
            "swapped": swapped,
            "gate_0.95": nonlocal_cnot_explorer_data(0.95).average_gate_fidelity,
            "gate_swapped": nonlocal_cnot_explorer_data(swapped).average_gate_fidelity,
        },
    }


def module_17():
    # One chain A - (n nodes) - B per stage: (end kind, kind in between, how many, km).
    configs = {
        0: ("end node", "trusted relay", 2, 300.0),
        1: ("end node", "trusted relay", 0, 300.0),
        2: ("end node", "repeater", 1, 300.0),
        3: ("repeater", "repeater", 1, 300.0),
        4: ("fault-tolerant processor", "fault-tolerant processor", 1, 300.0),
        5: ("quantum computer", "quantum computer", 1, 300.0),
    }

    def stage(end, mid, n, km):
        s = build_network_data(
            end_kind=end, intermediate_kind=mid, n_intermediate=n, distance_km=km
        ).stage
        return None if s is None else int(s)

    reached = {want: stage(*cfg) for want, cfg in configs.items()}
    # Stretch: the stage of each chain at 500 km per hop and 10 km beyond.
    breaks = {
        "direct 500/510 km": (
            stage("end node", "trusted relay", 0, 500.0),
            stage("end node", "trusted relay", 0, 510.0),
        ),
        "2 relays 1500/1510 km": (
            stage("end node", "trusted relay", 2, 1500.0),
            stage("end node", "trusted relay", 2, 1510.0),
        ),
        "1 repeater 1000/1010 km": (
            stage("repeater", "repeater", 1, 1000.0),
            stage("repeater", "repeater", 1, 1010.0),
        ),
    }
    return {"17.1": {"stage_reached": reached, "stretch": breaks}}


MODULES = (
    module_01,
    module_02,
    module_03,
    module_04,
    module_05,
    module_06,
    module_07,
    module_08,
    module_09,
    module_10,
    module_11,
    module_12,
    module_13,
    module_14,
    module_17,
)


def answers():
    """All answers, keyed by question label ``"NN.k"``."""
    out = {}
    for fn in MODULES:
        out.update(fn())
    return out


if __name__ == "__main__":
    for label, values in answers().items():
        print(label, values)
