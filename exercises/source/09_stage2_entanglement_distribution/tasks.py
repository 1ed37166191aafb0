"""Tasks of module 09 (stage 2): CHSH and QBER of noisy pairs, the BBM92 key, thresholds, heralding.

References call the library (``qie.chsh_from_visibility``, ``qie.werner_qber``,
``qie.secret_key_rate_bbm92``, ``qie.bb84_qber_threshold``, ``qie.heralded_link``).
"""

from __future__ import annotations

import math

from qinternet_edu.entanglement import werner_qber
from qinternet_edu.exercises.registry import Case, Task, compare_allclose, register, register_module
from qinternet_edu.heralding import heralded_link
from qinternet_edu.qkd.entanglement_based import chsh_from_visibility
from qinternet_edu.qkd.keyrate import bb84_qber_threshold
from qinternet_edu.repeaters import secret_key_rate_bbm92
from qinternet_edu.states import werner_parameter_to_fidelity

register_module("09", "Stage 2: entanglement distribution")


# 09.1 -----------------------------------------------------------------------------------------
def _chsh_and_qber(visibility):
    """[S, QBER] of the Werner pair V |phi+><phi+| + (1 - V) I/4 at the optimal CHSH angles."""
    fidelity = werner_parameter_to_fidelity(visibility)
    return [float(chsh_from_visibility(visibility)), float(werner_qber(fidelity))]


def _visibility_cases(rng, values, n_random):
    cases = [Case({"visibility": v}, label=label) for v, label in values]
    for v in rng.uniform(0.0, 1.0, n_random).round(4):
        cases.append(Case({"visibility": float(v)}))
    return cases


_CHSH_VALUES = [
    (1.0, "a perfect pair, V = 1"),
    (0.9, "V = 0.9"),
    (1 / math.sqrt(2), "V = 1/sqrt2"),
    (0.5, "V = 0.5"),
    (0.0, "white noise, V = 0"),
]

register(
    Task(
        task_id="09.1",
        title="CHSH value and QBER of a Werner pair",
        skill="implement",
        kind="function",
        reference=_chsh_and_qber,
        cases=lambda rng: _visibility_cases(rng, _CHSH_VALUES, 2),
        hidden_cases=lambda rng: _visibility_cases(rng, [], 4),
        compare=compare_allclose(rtol=1e-6, atol=1e-9),
        hints=(
            "White noise scales every correlator by the visibility V, so the best CHSH value "
            "of the pair is V times that of a perfect pair.",
            "A perfect pair reaches S = 2 sqrt2 at the optimal angles. In matching bases the "
            "outcomes of the noisy pair differ only in the white-noise part, half of the time.",
            "S = 2 sqrt2 V and QBER = (1 - V)/2; return [S, QBER]. V is the visibility, not the "
            "fidelity F = (1 + 3V)/4.",
        ),
        points=1,
    )
)


# 09.2 -----------------------------------------------------------------------------------------
def _bbm92_key_fraction(visibility):
    """Secret bits per sifted pair: max(0, 1 - 2 h(Q)) with Q = (1 - V)/2 (Shor-Preskill)."""
    return float(secret_key_rate_bbm92(1.0, werner_parameter_to_fidelity(visibility)))


_KEY_VALUES = [
    (1.0, "a perfect pair, V = 1 (no errors)"),
    (0.95, "V = 0.95"),
    (0.9, "V = 0.9"),
    (0.8, "V = 0.8, just above the threshold"),
    (0.75, "V = 0.75: a Bell violation, but no key"),
    (0.5, "V = 0.5"),
]

register(
    Task(
        task_id="09.2",
        title="Secret key per pair in BBM92",
        skill="implement",
        kind="function",
        reference=_bbm92_key_fraction,
        cases=lambda rng: _visibility_cases(rng, _KEY_VALUES, 2),
        hidden_cases=lambda rng: [
            Case({"visibility": float(v)}) for v in rng.uniform(0.7, 1.0, 4).round(4)
        ],
        compare=compare_allclose(rtol=1e-6, atol=1e-9),
        hints=(
            "First the error rate of the sifted key, Q = (1 - V)/2 (task 09.1). Error correction "
            "costs h(Q) bits per pair and privacy amplification another h(Q).",
            "h is the binary entropy, h(q) = -q log2 q - (1 - q) log2(1 - q), with h(0) = 0 "
            "(avoid log2(0): treat q = 0 apart, or use qie.binary_entropy).",
            "Return max(0, 1 - 2 h(Q)): a key fraction is never negative.",
        ),
        points=1,
    )
)


# 09.3 -----------------------------------------------------------------------------------------
def _thresholds():
    """[smallest V with S > 2, smallest V with a BBM92 key]."""
    return [1.0 / math.sqrt(2.0), 1.0 - 2.0 * bb84_qber_threshold()]


register(
    Task(
        task_id="09.3",
        title="How much noise a Bell test and a key survive",
        skill="implement",
        kind="value",
        reference=_thresholds,
        compare=compare_allclose(rtol=0.0, atol=1e-3),
        hints=(
            "Both conditions are on the visibility V: S = 2 sqrt2 V > 2 for the Bell test, and "
            "1 - 2 h((1 - V)/2) > 0 for the key.",
            "The first threshold is 1/sqrt2. For the second, solve 1 - 2 h(Q) = 0 for Q (about "
            "0.11) numerically, e.g. by bisection or scipy.optimize.brentq on your 09.2 function.",
            "Convert the threshold QBER to a visibility with V = 1 - 2Q. The answer is a list "
            "[V_bell, V_key] of visibilities, not fidelities.",
        ),
        points=1,
    )
)


# 09.4 -----------------------------------------------------------------------------------------
def _herald(length_km, scheme, detector_efficiency, emission_efficiency, bright_state_population):
    link = heralded_link(
        length_km=length_km,
        scheme=scheme,
        detector_efficiency=detector_efficiency,
        emission_efficiency=emission_efficiency,
        bright_state_population=bright_state_population,
    )
    return [link.success_probability, link.mean_waiting_time_s]


def _herald_case(length, scheme, det, emit, alpha, label=""):
    return Case(
        {
            "length_km": length,
            "scheme": scheme,
            "detector_efficiency": det,
            "emission_efficiency": emit,
            "bright_state_population": alpha,
        },
        label=label,
    )


def _herald_cases(rng):
    cases = [
        _herald_case(50.0, "double_click", 1.0, 1.0, 0.1, "50 km, double click, ideal hardware"),
        _herald_case(50.0, "single_click", 1.0, 1.0, 0.1, "50 km, single click, alpha = 0.1"),
        _herald_case(10.0, "double_click", 0.9, 0.3, 0.1, "10 km, double click, 90 % x 30 %"),
        _herald_case(100.0, "single_click", 0.8, 0.5, 0.05, "100 km, single click, alpha = 0.05"),
    ]
    for scheme in ("single_click", "double_click"):
        length, det, emit, alpha = rng.uniform([5, 0.5, 0.1, 0.02], [150, 1.0, 1.0, 0.3])
        cases.append(
            _herald_case(
                round(float(length), 1),
                scheme,
                round(float(det), 2),
                round(float(emit), 2),
                round(float(alpha), 3),
            )
        )
    return cases


def _herald_hidden(rng):
    return [
        _herald_case(
            round(float(rng.uniform(1, 200)), 1),
            scheme,
            round(float(rng.uniform(0.3, 1)), 2),
            round(float(rng.uniform(0.05, 1)), 2),
            round(float(rng.uniform(0.01, 0.5)), 3),
        )
        for scheme in ("single_click", "double_click", "single_click")
    ]


register(
    Task(
        task_id="09.4",
        title="Success probability and waiting time of a heralded link",
        skill="implement",
        kind="function",
        reference=_herald,
        cases=_herald_cases,
        hidden_cases=_herald_hidden,
        compare=compare_allclose(rtol=1e-3, atol=0.0),
        hints=(
            "The station is in the middle: each photon crosses length_km / 2 of 0.2 dB/km fiber. "
            "The arm efficiency eta is emission x fiber x detector.",
            "Single click: p = 2 alpha eta. Double click: both photons must arrive, and a linear-"
            "optics Bell measurement succeeds half of the time: p = eta**2 / 2.",
            "One attempt lasts length_km * 1e3 / qie.SPEED_OF_LIGHT_IN_FIBER_M_PER_S seconds "
            "(there and back over half the link); the mean waiting time is that divided by p.",
        ),
        switched_off=("heralded_link",),
        points=2,
    )
)
