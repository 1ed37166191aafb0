"""Tasks of module 05 (stage 1, BB84): sifting, estimating the QBER, Eve's errors, sifted key.

References call the library: ``qie.sift``, ``qie.intercept_resend_qber`` and
``qie.fiber_transmissivity``.
"""

from __future__ import annotations

import math

import numpy as np

from qinternet_edu.channels import fiber_transmissivity
from qinternet_edu.exercises.registry import (
    Case,
    Task,
    compare_allclose,
    compare_bits,
    register,
    register_module,
)
from qinternet_edu.qkd.bb84 import sift
from qinternet_edu.qkd.eavesdroppers import intercept_resend_qber

register_module("05", "Stage 1: BB84")


# 05.1 -----------------------------------------------------------------------------------------


def _sifted_key(alice_bits, alice_bases, bob_bits, bob_bases):
    return sift(alice_bits, alice_bases, bob_bits, bob_bases).alice_key


def _sift_case(alice_bits, alice_bases, bob_bits, bob_bases, label=""):
    return Case(
        {
            "alice_bits": list(alice_bits),
            "alice_bases": list(alice_bases),
            "bob_bits": list(bob_bits),
            "bob_bases": list(bob_bases),
        },
        label=label,
    )


def _random_sift_case(rng, n, *, noise, label=""):
    a = rng.integers(0, 2, n).tolist()
    alpha = rng.integers(0, 2, n).tolist()
    beta = rng.integers(0, 2, n).tolist()
    coin = rng.integers(0, 2, n).tolist()
    flips = (rng.random(n) < noise).astype(int).tolist()
    bob = [
        (ai if al == be else ci) ^ fi
        for ai, al, be, ci, fi in zip(a, alpha, beta, coin, flips, strict=True)
    ]
    return _sift_case(a, alpha, bob, beta, label)


def _sift_cases(rng):
    return [
        _sift_case(
            [0, 1, 1, 0, 1, 0, 0, 1],
            [0, 0, 1, 1, 0, 1, 0, 1],
            [0, 1, 1, 1, 0, 0, 0, 1],
            [0, 1, 1, 0, 0, 1, 1, 1],
            "8 photons, no errors",
        ),
        _sift_case([1, 0, 1], [0, 0, 0], [1, 0, 1], [0, 0, 0], "all bases agree: keep all"),
        _sift_case([1, 0, 1], [0, 1, 0], [0, 0, 1], [1, 0, 1], "no basis agrees: empty key"),
        _sift_case(
            [1, 1, 0, 0, 1, 0],
            [1, 1, 0, 0, 1, 1],
            [0, 1, 1, 0, 0, 0],
            [1, 1, 0, 0, 0, 1],
            "6 photons, Bob's bits have errors (return Alice's key)",
        ),
        _random_sift_case(rng, 40, noise=0.0, label="40 random photons, no noise"),
        _random_sift_case(rng, 60, noise=0.1, label="60 random photons, 10 % noise"),
    ]


def _sift_hidden(rng):
    return [_random_sift_case(rng, int(rng.integers(20, 200)), noise=0.05) for _ in range(3)]


register(
    Task(
        task_id="05.1",
        title="Sift the key",
        skill="implement",
        kind="function",
        reference=_sifted_key,
        cases=_sift_cases,
        hidden_cases=_sift_hidden,
        compare=compare_bits(),
        hints=(
            "After Bob has measured, Alice and Bob announce their bases (never their bits) and "
            "keep only the positions where the two bases are the same.",
            "Go through the positions in order and keep alice_bits[i] whenever "
            "alice_bases[i] == bob_bases[i]; Bob's bits play no part in choosing.",
            "With numpy: a = np.asarray(alice_bits); return a[np.asarray(alice_bases) == "
            "np.asarray(bob_bases)] (or qie.sift(...).alice_key).",
        ),
        switched_off=("sift",),
        points=1,
    )
)


# 05.2 -----------------------------------------------------------------------------------------
def _sample_qber(alice_key, bob_key, sample_positions):
    a = np.asarray(alice_key)[list(sample_positions)]
    b = np.asarray(bob_key)[list(sample_positions)]
    k = a.size
    q = float(np.count_nonzero(a != b)) / k
    return [q, math.sqrt(q * (1.0 - q) / k)]


def _sample_case(rng, n, k, qber, label=""):
    a = rng.integers(0, 2, n)
    b = a ^ (rng.random(n) < qber)
    positions = np.sort(rng.choice(n, size=k, replace=False))
    return Case(
        {
            "alice_key": a.tolist(),
            "bob_key": b.astype(int).tolist(),
            "sample_positions": positions.tolist(),
        },
        label=label,
    )


def _sample_cases(rng):
    cases = [
        Case(
            {
                "alice_key": [0, 1, 1, 0, 1, 0, 0, 1, 1, 0],
                "bob_key": [0, 1, 0, 0, 1, 0, 0, 1, 0, 0],
                "sample_positions": [0, 2, 4, 6],
            },
            label="10 bits, errors at 2 and 8, sample 0, 2, 4, 6",
        ),
        Case(
            {
                "alice_key": [1, 1, 0, 0, 1, 1],
                "bob_key": [1, 1, 0, 0, 1, 1],
                "sample_positions": [1, 3, 5],
            },
            label="identical keys: QBER 0, standard error 0",
        ),
    ]
    cases.append(_sample_case(rng, 400, 40, 0.05, "400 bits at 5 % error, 40 sampled"))
    cases.append(_sample_case(rng, 2000, 300, 0.25, "2000 bits at 25 % error, 300 sampled"))
    return cases


def _sample_hidden(rng):
    return [
        _sample_case(
            rng,
            int(rng.integers(200, 3000)),
            int(rng.integers(20, 150)),
            float(rng.uniform(0.01, 0.3)),
        )
        for _ in range(3)
    ]


register(
    Task(
        task_id="05.2",
        title="Estimate the QBER on a random sample",
        skill="implement",
        kind="function",
        reference=_sample_qber,
        cases=_sample_cases,
        hidden_cases=_sample_hidden,
        compare=compare_allclose(rtol=1e-9, atol=1e-12),
        hints=(
            "Only the revealed sample counts: compare Alice's and Bob's bits at the positions "
            "in sample_positions, not over the whole key (Alice and Bob don't know the rest).",
            "QBER = (number of sampled positions where the bits differ) / (sample size k). "
            "Each sampled bit is a coin that is wrong with probability Q: binomial statistics.",
            "The binomial standard error of a fraction Q measured on k trials is "
            "sqrt(Q (1 - Q) / k), with k the sample size (not the key length). Return "
            "[qber, standard_error].",
        ),
        points=1,
    )
)


# 05.3 -----------------------------------------------------------------------------------------
def _qber_with_eve(eve_fraction, misalignment):
    eve = float(intercept_resend_qber(eve_fraction))
    # Two independent flips: an error survives when exactly one of them happens.
    return eve * (1.0 - misalignment) + (1.0 - eve) * misalignment


def _eve_case(f, e, label=""):
    return Case({"eve_fraction": f, "misalignment": e}, label=label)


def _eve_cases(rng):
    return [
        _eve_case(1.0, 0.0, "Eve intercepts everything, perfect optics"),
        _eve_case(0.0, 0.02, "no Eve, 2 % misalignment"),
        _eve_case(0.2, 0.0, "Eve intercepts 20 %, perfect optics"),
        _eve_case(1.0, 0.1, "Eve intercepts everything, 10 % misalignment"),
        _eve_case(0.5, 0.03, "Eve intercepts half, 3 % misalignment"),
        _eve_case(round(float(rng.uniform(0, 1)), 3), round(float(rng.uniform(0, 0.1)), 4)),
    ]


def _eve_hidden(rng):
    return [
        _eve_case(round(float(rng.uniform(0, 1)), 3), round(float(rng.uniform(0, 0.2)), 4))
        for _ in range(3)
    ]


register(
    Task(
        task_id="05.3",
        title="The errors an intercept-resend Eve causes",
        skill="implement",
        kind="function",
        reference=_qber_with_eve,
        cases=_eve_cases,
        hidden_cases=_eve_hidden,
        compare=compare_allclose(rtol=1e-9, atol=1e-12),
        hints=(
            "Follow one sifted photon that Eve intercepted: with probability 1/2 she measured in "
            "the wrong basis; then she resends the wrong basis state and Bob, measuring in "
            "Alice's basis, gets a fair coin. An error is half of that half.",
            "On a fraction f of the photons that gives QBER f/4 from Eve alone (not f/2: a "
            "wrong basis gives a random result, which is right half of the time).",
            "Misalignment flips Bob's bit independently with probability e. Two independent flips "
            "cancel: QBER = q(1 - e) + (1 - q)e with q = f/4, not q + e.",
        ),
        points=2,
    )
)


# 05.4 -----------------------------------------------------------------------------------------
def _expected_sifted(n_pulses, length_km, attenuation_db_per_km, detector_efficiency):
    eta = fiber_transmissivity(length_km, attenuation_db_per_km=attenuation_db_per_km)
    return n_pulses * eta * detector_efficiency / 2.0


def _sifted_case(n, length, alpha, eff, label=""):
    return Case(
        {
            "n_pulses": n,
            "length_km": length,
            "attenuation_db_per_km": alpha,
            "detector_efficiency": eff,
        },
        label=label,
    )


def _sifted_cases(rng):
    return [
        _sifted_case(1_000_000, 0.0, 0.2, 1.0, "1e6 photons, no fiber, perfect detector"),
        _sifted_case(1_000_000, 50.0, 0.2, 1.0, "1e6 photons, 50 km at 0.2 dB/km"),
        _sifted_case(10**9, 100.0, 0.2, 0.8, "1e9 photons, 100 km, 80 % detector"),
        _sifted_case(10**8, 25.0, 0.35, 0.25, "1e8 photons, 25 km at 0.35 dB/km, 25 % detector"),
        _sifted_case(
            int(rng.integers(10**6, 10**9)),
            round(float(rng.uniform(1, 200)), 1),
            0.2,
            round(float(rng.uniform(0.1, 0.9)), 2),
        ),
    ]


def _sifted_hidden(rng):
    return [
        _sifted_case(
            int(rng.integers(10**5, 10**10)),
            round(float(rng.uniform(0, 300)), 1),
            round(float(rng.uniform(0.16, 0.4)), 3),
            round(float(rng.uniform(0.05, 1.0)), 3),
        )
        for _ in range(3)
    ]


register(
    Task(
        task_id="05.4",
        title="Expected sifted key over a lossy fiber",
        skill="implement",
        kind="function",
        reference=_expected_sifted,
        cases=_sifted_cases,
        hidden_cases=_sifted_hidden,
        compare=compare_allclose(rtol=1e-6, atol=1e-9),
        hints=(
            "Three things must go right for a sifted bit: the photon crosses the fiber, the "
            "detector clicks, and Bob's basis matches Alice's. They are independent.",
            "The fiber transmits eta = 10^(-alpha L / 10) (module 03); the detector clicks with "
            "probability detector_efficiency; the bases agree with probability 1/2.",
            "Return n_pulses * eta * detector_efficiency / 2 (qie.fiber_transmissivity gives eta).",
        ),
        points=1,
    )
)


# 05.5 -----------------------------------------------------------------------------------------
# A design across stages 0 and 1: decoy-state BB84 links (qie.decoy_bb84_key_rate), trusted
# nodes to cut a long fiber, and a catalogue of detectors. The cheapest design is unique: the
# detectors' prices differ, and a tie in cost between numbers of nodes goes to fewer nodes.
_MAX_TRUSTED_NODES = 20

_DETECTORS = {
    "InGaAs APD": {"efficiency": 0.1, "dark_count_probability": 1e-5, "price": 8},
    "cooled InGaAs APD": {"efficiency": 0.2, "dark_count_probability": 1e-6, "price": 20},
    "SNSPD": {"efficiency": 0.85, "dark_count_probability": 1e-8, "price": 60},
}


def _compare_equal():
    from qinternet_edu.exercises.registry import compare_equal

    return compare_equal()


def _design_table(length_km, n_bits, deadline_s, repetition_rate_hz, node_price, detectors):
    """Every (cost, n_nodes, detector, bits delivered / n_bits) of the design space."""
    from qinternet_edu.qkd import decoy_bb84_key_rate

    rows = []
    for n in range(_MAX_TRUSTED_NODES + 1):
        for name, det in detectors.items():
            per_pulse = decoy_bb84_key_rate(
                length_km / (n + 1),
                detector_efficiency=det["efficiency"],
                dark_count_probability=det["dark_count_probability"],
            )
            ratio = repetition_rate_hz * float(per_pulse) * deadline_s / n_bits
            rows.append((n * node_price + (n + 1) * det["price"], n, name, ratio))
    return rows


def _cheapest_design(length_km, n_bits, deadline_s, repetition_rate_hz, node_price, detectors):
    rows = _design_table(length_km, n_bits, deadline_s, repetition_rate_hz, node_price, detectors)
    good = [(cost, n, name) for cost, n, name, ratio in rows if ratio >= 1.0]
    if not good:
        return (-1, "")
    _cost, n, name = min(good)
    return (n, name)


def _design_case(km, bits, deadline, rate, node, label=""):
    return Case(
        {
            "length_km": km,
            "n_bits": bits,
            "deadline_s": deadline,
            "repetition_rate_hz": rate,
            "node_price": node,
            "detectors": _DETECTORS,
        },
        label=label,
    )


def _design_cases(rng):
    rows = [
        (15.0, 64, 3600.0, 1e6, 50, "Delft - The Hague: 64 bits in an hour"),
        (100.0, 10**7, 3600.0, 1e6, 50, "100 km, 10^7 bits in an hour from a 1 MHz source"),
        (250.0, 10**6, 3600.0, 1e9, 50, "250 km, cheap nodes"),
        (280.0, 10**4, 3600.0, 1e9, 300, "280 km, dear nodes"),
        (1000.0, 10**9, 3600.0, 1e9, 30, "1,000 km backbone"),
        (2000.0, 10**10, 60.0, 1e9, 30, "2,000 km, 10^10 bits in a minute: out of reach"),
    ]
    return [_design_case(*row) for row in rows]


def _design_hidden(rng):
    cases = []
    while len(cases) < 3:
        case = _design_case(
            round(float(rng.uniform(20, 1200)), 0),
            int(round(10 ** float(rng.uniform(3, 9)), -2)),
            float(rng.choice([60.0, 600.0, 3600.0])),
            float(rng.choice([1e8, 1e9, 2.5e9])),
            int(rng.choice([30, 100, 300])),
        )
        ratios = [row[3] for row in _design_table(**case.kwargs)]
        # keep the right answer clear of rounding: no design within 10^-6 of the deadline
        if all(abs(r - 1.0) > 1e-6 for r in ratios):
            cases.append(case)
    return cases


register(
    Task(
        task_id="05.5",
        title="Design: the cheapest key link before a deadline",
        skill="design",
        kind="function",
        reference=_cheapest_design,
        cases=_design_cases,
        hidden_cases=_design_hidden,
        compare=_compare_equal(),
        hints=(
            "A design is a number n of equally spaced trusted nodes (n + 1 decoy-state BB84 "
            "links of length_km / (n + 1)) and one detector type, bought once per link. Its "
            "cost is n * node_price + (n + 1) * price.",
            "A link delivers repetition_rate_hz * qie.decoy_bb84_key_rate(link_km, "
            "detector_efficiency=..., dark_count_probability=...) secret bits per second, and "
            "the chain the rate of its slowest link. The design works if that rate times "
            "deadline_s is at least n_bits.",
            "Try every n from 0 to 20 with every detector; among the designs that work keep the "
            "cheapest (on a tie in cost, fewer nodes). Return (n, detector name), or (-1, '') "
            "if none works.",
        ),
        points=2,
    )
)
