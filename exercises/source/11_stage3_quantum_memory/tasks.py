"""Tasks of module 11 (stage 3): memory decay, storage times, teleportation through stored pairs.

References call the library (``qie.memory_decay``, ``qie.teleportation_fidelity``); the
storage-time references invert the library's decay with ``scipy.optimize.brentq`` (imported
inside the functions), so that they follow the library's memory model.
"""

from __future__ import annotations

from qinternet_edu.entanglement import teleportation_fidelity
from qinternet_edu.exercises.registry import (
    Case,
    Task,
    compare_allclose,
    named,
    register,
    register_module,
)
from qinternet_edu.hardware import memory_decay

register_module("11", "Stage 3: quantum memory")


def _longest_time(initial_fidelity, target_fidelity, coherence_time_s):
    """Largest t with memory_decay(F0, t, T) >= target (F0 >= target > 1/4)."""
    from scipy.optimize import brentq

    if initial_fidelity <= target_fidelity:
        return 0.0
    hi = coherence_time_s
    while memory_decay(initial_fidelity, hi, coherence_time_s) > target_fidelity:
        hi *= 2.0
    return float(
        brentq(
            lambda t: memory_decay(initial_fidelity, t, coherence_time_s) - target_fidelity,
            0.0,
            hi,
            xtol=1e-15,
            rtol=1e-13,
        )
    )


# 11.1 -----------------------------------------------------------------------------------------
def _decay(fidelity, time_s, coherence_time_s):
    return float(memory_decay(fidelity, time_s, coherence_time_s))


def _decay_case(f, t, tau, label=""):
    return Case({"fidelity": f, "time_s": t, "coherence_time_s": tau}, label=label)


def _decay_cases(rng):
    cases = [
        _decay_case(1.0, 0.0, 1.0, "no waiting"),
        _decay_case(1.0, 1.0, 1.0, "a perfect pair stored for one coherence time"),
        _decay_case(0.95, 0.005, 0.01, "F = 0.95, 5 ms in a 10 ms memory"),
        _decay_case(0.9, 30.0, 10.0, "F = 0.9, 30 s in a 10 s memory"),
        _decay_case(0.8, 100.0, 0.1, "long after the memory forgot"),
        _decay_case(0.25, 0.3, 1.0, "white noise stays white noise"),
    ]
    for f, t, tau in zip(
        rng.uniform(0.5, 1.0, 2).round(3),
        rng.uniform(0.0, 2.0, 2).round(3),
        rng.uniform(0.1, 3.0, 2).round(2),
        strict=True,
    ):
        cases.append(_decay_case(float(f), float(t), float(tau)))
    return cases


register(
    Task(
        task_id="11.1",
        title="A pair stored in a memory",
        skill="implement",
        kind="function",
        reference=_decay,
        cases=_decay_cases,
        hidden_cases=lambda rng: [
            _decay_case(float(f), float(t), float(tau))
            for f, t, tau in zip(
                rng.uniform(0.25, 1, 3).round(3),
                rng.uniform(0, 5, 3).round(3),
                rng.uniform(0.01, 2, 3).round(3),
                strict=True,
            )
        ],
        compare=compare_allclose(rtol=1e-6, atol=1e-9),
        hints=(
            "Depolarizing memory: the pair survives untouched with probability exp(-t/T); "
            "otherwise it becomes white noise I/4.",
            "White noise I/4 has fidelity 1/4 with phi+, not 0: the fidelity is a mixture of F0 "
            "and 1/4.",
            "F(t) = 1/4 + (F0 - 1/4) exp(-t/T).",
        ),
        switched_off=("memory_decay",),
        points=1,
    )
)


# 11.2 -----------------------------------------------------------------------------------------
def _storage_case(f0, target, tau, label=""):
    return Case(
        {"initial_fidelity": f0, "target_fidelity": target, "coherence_time_s": tau},
        label=label,
    )


def _storage_cases(rng):
    cases = [
        _storage_case(1.0, 0.5, 1.0, "F0 = 1, target 1/2, T = 1 s"),
        _storage_case(0.95, 0.835, 0.2, "F0 = 0.95, target 0.835 (BBM92 key), T = 0.2 s"),
        _storage_case(0.9, 0.9, 10.0, "the target is the initial fidelity"),
        _storage_case(0.99, 0.98, 0.01, "F0 = 0.99, target 0.98, T = 10 ms"),
        _storage_case(0.8, 0.3, 5.0, "a target just above white noise"),
    ]
    for f0, frac, tau in zip(
        rng.uniform(0.7, 1.0, 2).round(3),
        rng.uniform(0.2, 0.9, 2),
        rng.uniform(0.01, 10.0, 2).round(3),
        strict=True,
    ):
        target = round(0.25 + frac * (float(f0) - 0.25), 4)
        cases.append(_storage_case(float(f0), target, float(tau)))
    return cases


register(
    Task(
        task_id="11.2",
        title="Longest storage for a target fidelity",
        skill="implement",
        kind="function",
        reference=_longest_time,
        cases=_storage_cases,
        hidden_cases=lambda rng: [
            _storage_case(0.97, round(float(t), 3), round(float(tau), 3))
            for t, tau in zip(rng.uniform(0.3, 0.95, 3), rng.uniform(0.001, 20, 3), strict=True)
        ],
        compare=compare_allclose(rtol=1e-6, atol=1e-12),
        hints=(
            "Set the decay of task 11.1 equal to the target and solve for t.",
            "F0 - 1/4 decays exponentially: (F_target - 1/4) = (F0 - 1/4) exp(-t/T).",
            "t = T ln((F0 - 1/4) / (F_target - 1/4)); it is 0 when the target equals F0.",
        ),
        points=1,
    )
)


# 11.3 -----------------------------------------------------------------------------------------
def _teleport_after_storage(pair_fidelity, storage_time_s, coherence_time_s):
    stored = memory_decay(pair_fidelity, storage_time_s, coherence_time_s)
    return float(teleportation_fidelity(stored))


def _teleport_case(f, t, tau, label=""):
    return Case({"pair_fidelity": f, "storage_time_s": t, "coherence_time_s": tau}, label=label)


def _teleport_cases(rng):
    cases = [
        _teleport_case(1.0, 0.0, 1.0, "a perfect pair used at once"),
        _teleport_case(0.9, 0.0, 1.0, "F = 0.9 used at once"),
        _teleport_case(0.5, 0.0, 1.0, "F = 1/2: the classical limit"),
        _teleport_case(0.95, 0.1, 0.2, "F = 0.95 after 0.1 s in a 0.2 s memory"),
        _teleport_case(0.9, 50.0, 1.0, "a forgotten pair"),
    ]
    for f, t, tau in zip(
        rng.uniform(0.6, 1.0, 2).round(3),
        rng.uniform(0.0, 1.0, 2).round(3),
        rng.uniform(0.1, 2.0, 2).round(2),
        strict=True,
    ):
        cases.append(_teleport_case(float(f), float(t), float(tau)))
    return cases


register(
    Task(
        task_id="11.3",
        title="Teleport through a stored pair",
        skill="implement",
        kind="function",
        reference=_teleport_after_storage,
        cases=_teleport_cases,
        hidden_cases=lambda rng: [
            _teleport_case(float(f), float(t), 0.5)
            for f, t in zip(
                rng.uniform(0.3, 1, 3).round(3), rng.uniform(0, 1, 3).round(3), strict=True
            )
        ],
        compare=compare_allclose(rtol=1e-6, atol=1e-9),
        hints=(
            "First the pair's fidelity when it is used: the decay of task 11.1.",
            "Then the average fidelity of teleporting a qubit through a pair of fidelity F. "
            "With a perfect pair it is 1; with F = 1/2 it equals the classical 2/3.",
            "f = (2F + 1)/3, with F the fidelity after storage (not before).",
        ),
        uses=("stored_fidelity",),
        points=1,
    )
)


# 11.4 -----------------------------------------------------------------------------------------
def _teleport_deadline(pair_fidelity, coherence_time_s):
    if pair_fidelity <= 0.5:
        return None
    return _longest_time(pair_fidelity, 0.5, coherence_time_s)


def _deadline_cases(rng):
    rows = [
        (1.0, 1.0, "a perfect pair, T = 1 s"),
        (0.95, 0.2, "F = 0.95, T = 0.2 s"),
        (0.7, 10.0, "F = 0.7, T = 10 s"),
        (0.6, 0.01, "F = 0.6, T = 10 ms"),
        (0.5, 1.0, "F = 1/2: never better than 2/3"),
        (0.45, 5.0, "F = 0.45"),
    ]
    cases = [
        Case({"pair_fidelity": f, "coherence_time_s": tau}, label=label) for f, tau, label in rows
    ]
    for f, tau in zip(
        rng.uniform(0.55, 1.0, 2).round(3), rng.uniform(0.01, 5, 2).round(3), strict=True
    ):
        cases.append(Case({"pair_fidelity": float(f), "coherence_time_s": float(tau)}))
    return cases


register(
    Task(
        task_id="11.4",
        title="How long a teleporter may wait",
        skill="implement",
        kind="function",
        reference=_teleport_deadline,
        cases=_deadline_cases,
        hidden_cases=lambda rng: [
            Case({"pair_fidelity": float(f), "coherence_time_s": float(tau)})
            for f, tau in zip(
                rng.uniform(0.4, 1, 3).round(3), rng.uniform(0.001, 3, 3).round(3), strict=True
            )
        ],
        compare=named(
            "optional",
            none_reason="this pair never beats 2/3, even used at once",
            unit=" s",
            rtol=1e-6,
            atol=1e-12,
        ),
        hints=(
            "Teleportation beats the classical 2/3 when (2F + 1)/3 > 2/3: find the pair fidelity "
            "that condition needs.",
            "It needs F > 1/2. Now use task 11.2 with that target: how long until the stored "
            "pair decays to 1/2?",
            "t = T ln((F0 - 1/4) / (1/4)) = T ln(4 F0 - 1); return None when F0 <= 1/2.",
        ),
        uses=("longest_storage",),
        points=2,
    )
)
