"""Tasks of module 06 (QKD post-processing): key fraction, leakage, final key length, reach.

References call the library: ``qie.bb84_asymptotic_key_rate``, ``qie.binary_entropy``,
``qie.secure_key_length`` and ``qie.decoy_bb84_max_distance_km``.
"""

from __future__ import annotations

from qinternet_edu.exercises.registry import Case, Task, compare_allclose, register, register_module
from qinternet_edu.information import binary_entropy
from qinternet_edu.qkd.amplification import secure_key_length
from qinternet_edu.qkd.decoy import decoy_bb84_max_distance_km
from qinternet_edu.qkd.keyrate import bb84_asymptotic_key_rate
from qinternet_edu.qkd.twin_field import twin_field_plob_crossover_km

register_module("06", "QKD post-processing")


# 06.1 -----------------------------------------------------------------------------------------
def _key_fraction(qber):
    return float(bb84_asymptotic_key_rate(qber))


def _fraction_cases(rng):
    rows = [
        (0.0, "Q = 0: every sifted bit is secret"),
        (0.01, "Q = 1 %"),
        (0.05, "Q = 5 %"),
        (0.1, "Q = 10 %, just below the threshold"),
        (0.15, "Q = 15 %: above the threshold, no key"),
        (0.25, "Q = 25 %, a full intercept-resend attack"),
    ]
    cases = [Case({"qber": q}, label=label) for q, label in rows]
    cases.append(Case({"qber": round(float(rng.uniform(0.0, 0.11)), 4)}))
    return cases


def _fraction_hidden(rng):
    return [Case({"qber": round(float(rng.uniform(0.0, 0.2)), 4)}) for _ in range(4)]


register(
    Task(
        task_id="06.1",
        title="The asymptotic secret fraction 1 - 2h(Q)",
        skill="implement",
        kind="function",
        reference=_key_fraction,
        cases=_fraction_cases,
        hidden_cases=_fraction_hidden,
        compare=compare_allclose(rtol=1e-6, atol=1e-9),
        hints=(
            "Shor and Preskill: error correction costs h(Q) bits per sifted bit, privacy "
            "amplification another h(Q) for what Eve may know, so 1 - 2 h(Q) bits stay secret.",
            "h(Q) = -Q log2(Q) - (1 - Q) log2(1 - Q) is the binary entropy in bits (base 2), with "
            "h(0) = 0; qie.binary_entropy computes it.",
            "Above about 11 % the formula turns negative: no key can be made there, so return "
            "0.0, never a negative fraction (max(0.0, 1 - 2 h(Q))).",
        ),
        points=1,
    )
)


# 06.2 -----------------------------------------------------------------------------------------
def _leakage(n_bits, qber, leaked_bits):
    limit = n_bits * float(binary_entropy(qber))
    return [limit, leaked_bits / limit]


def _leak_case(n, q, leaked, label=""):
    return Case({"n_bits": n, "qber": q, "leaked_bits": leaked}, label=label)


def _leak_cases(rng):
    return [
        _leak_case(100_000, 0.03, 22_528, "Cascade on 100,000 bits at 3 %: 22,528 parities"),
        _leak_case(10_000, 0.01, 1_000, "10,000 bits at 1 %, 1,000 parities"),
        _leak_case(1_000_000, 0.05, 335_000, "1e6 bits at 5 %, 335,000 parities"),
        _leak_case(50_000, 0.11, 29_000, "50,000 bits at 11 %"),
        _leak_case(
            int(rng.integers(10_000, 1_000_000)),
            round(float(rng.uniform(0.005, 0.1)), 4),
            int(rng.integers(1_000, 100_000)),
        ),
    ]


def _leak_hidden(rng):
    return [
        _leak_case(
            int(rng.integers(1_000, 10_000_000)),
            round(float(rng.uniform(0.002, 0.2)), 4),
            int(rng.integers(100, 1_000_000)),
        )
        for _ in range(3)
    ]


register(
    Task(
        task_id="06.2",
        title="Bits leaked by error correction vs the Shannon limit",
        skill="implement",
        kind="function",
        reference=_leakage,
        cases=_leak_cases,
        hidden_cases=_leak_hidden,
        compare=compare_allclose(rtol=1e-6, atol=1e-9),
        hints=(
            "To correct n bits that differ with probability Q, any protocol must reveal at least "
            "n h(Q) bits (Slepian-Wolf, the Shannon limit); real protocols reveal more.",
            "The efficiency is f = leaked_bits / (n h(Q)): 1 is perfect, Cascade reaches about "
            "1.1-1.2. Use the base-2 binary entropy, qie.binary_entropy(Q).",
            "Return [n_bits * h(Q), leaked_bits / (n_bits * h(Q))].",
        ),
        points=1,
    )
)


# 06.3 -----------------------------------------------------------------------------------------
def _final_length(n_bits, qber, leaked_bits, epsilon):
    return secure_key_length(n_bits, qber=qber, leaked_bits=leaked_bits, epsilon=epsilon)


def _length_case(n, q, leaked, eps, label=""):
    return Case({"n_bits": n, "qber": q, "leaked_bits": leaked, "epsilon": eps}, label=label)


def _length_cases(rng):
    return [
        _length_case(100_000, 0.02, 16_000, 1e-10, "100,000 bits at 2 %, 16,000 leaked"),
        _length_case(100_000, 0.0, 0, 1e-10, "no errors, nothing leaked"),
        _length_case(1_000_000, 0.03, 225_000, 1e-9, "1e6 bits at 3 %, Cascade-like leak"),
        _length_case(10_000, 0.1, 6_000, 1e-10, "10,000 bits at 10 %: nothing survives"),
        _length_case(500, 0.0, 100, 1e-100, "a tiny key with a paranoid epsilon"),
        _length_case(
            int(rng.integers(10_000, 1_000_000)),
            round(float(rng.uniform(0.0, 0.06)), 4),
            int(rng.integers(0, 50_000)),
            float(10.0 ** -rng.integers(6, 15)),
        ),
    ]


def _length_hidden(rng):
    return [
        _length_case(
            int(rng.integers(1_000, 10_000_000)),
            round(float(rng.uniform(0.0, 0.1)), 4),
            int(rng.integers(0, 100_000)),
            float(10.0 ** -rng.integers(3, 20)),
        )
        for _ in range(3)
    ]


register(
    Task(
        task_id="06.3",
        title="Final key length after privacy amplification",
        skill="implement",
        kind="function",
        reference=_final_length,
        cases=_length_cases,
        hidden_cases=_length_hidden,
        # Within one bit: rounding down or not is a matter of taste, the log2 terms are not.
        compare=compare_allclose(rtol=0.0, atol=1.01),
        hints=(
            "Start from what Eve may know: n h(Q) bits from the phase errors, plus every parity "
            "bit announced during error correction. Subtract both from n.",
            "The leftover hash lemma costs another 2 log2(1/epsilon) bits (base 2) so that the "
            "hashed key is epsilon-close to perfect.",
            "l = n (1 - h(Q)) - leaked_bits - 2 log2(1/epsilon), rounded down; return 0 when "
            "that is negative (no key). Don't subtract h(Q) twice: leaked_bits already is the "
            "error-correction cost.",
        ),
        points=2,
    )
)


# 06.4 -----------------------------------------------------------------------------------------
def _max_distance(detector_efficiency, misalignment, dark_count_probability, attenuation_db_per_km):
    return decoy_bb84_max_distance_km(
        detector_efficiency=detector_efficiency,
        misalignment=misalignment,
        dark_count_probability=dark_count_probability,
        attenuation_db_per_km=attenuation_db_per_km,
    )


def _reach_case(eff, mis, dark, alpha, label=""):
    return Case(
        {
            "detector_efficiency": eff,
            "misalignment": mis,
            "dark_count_probability": dark,
            "attenuation_db_per_km": alpha,
        },
        label=label,
    )


def _reach_cases(rng):
    return [
        _reach_case(0.045, 0.033, 1.7e-6, 0.21, "the GYS parameters of Lo, Ma, Chen (2005)"),
        _reach_case(0.6, 0.01, 1e-8, 0.2, "SNSPD-like: 60 %, 1e-8 dark counts, 1 % optics"),
        _reach_case(0.1, 0.05, 1e-5, 0.2, "a noisy InGaAs detector, 5 % optical error"),
        _reach_case(0.8, 0.015, 1e-9, 0.17, "ultra-low-loss fiber and a quiet detector"),
    ]


def _reach_hidden(rng):
    return [
        _reach_case(
            round(float(rng.uniform(0.05, 0.9)), 3),
            round(float(rng.uniform(0.005, 0.05)), 4),
            float(10.0 ** rng.uniform(-9, -5)),
            round(float(rng.uniform(0.16, 0.25)), 3),
        )
        for _ in range(2)
    ]


register(
    Task(
        task_id="06.4",
        title="Where the key rate vanishes",
        skill="implement",
        kind="function",
        reference=_max_distance,
        cases=_reach_cases,
        hidden_cases=_reach_hidden,
        compare=compare_allclose(rtol=0.0, atol=0.25),
        hints=(
            "qie.decoy_bb84_key_rate(length_km, detector_efficiency=..., misalignment=..., "
            "dark_count_probability=..., attenuation_db_per_km=...) gives the secret bits per "
            "pulse; it is exactly 0 beyond the maximal distance.",
            "The rate falls with length, so the distance where it reaches 0 can be found by "
            "bisection: keep an interval [lo, hi] with a positive rate at lo and 0 at hi, and "
            "halve it until it is shorter than 0.1 km.",
            "Start with lo = 0 and hi = 1000 km (check that the rate at hi is 0), and return "
            "(lo + hi) / 2 at the end. Pass all four parameters on to decoy_bb84_key_rate.",
        ),
        switched_off=("decoy_bb84_max_distance_km",),
        points=2,
    )
)


# 06.5 -----------------------------------------------------------------------------------------
def _crossover(attenuation_db_per_km, dark_count_probability, misalignment):
    return twin_field_plob_crossover_km(
        attenuation_db_per_km=attenuation_db_per_km,
        dark_count_probability=dark_count_probability,
        misalignment=misalignment,
    )


def _crossover_case(alpha, dark, mis, label=""):
    return Case(
        {
            "attenuation_db_per_km": alpha,
            "dark_count_probability": dark,
            "misalignment": mis,
        },
        label=label,
    )


def _crossover_cases(rng):
    return [
        _crossover_case(0.2, 1e-10, 0.03, "standard fiber"),
        _crossover_case(0.16, 1e-10, 0.03, "ultra-low-loss fiber"),
        _crossover_case(0.2, 1e-8, 0.03, "noisier detectors"),
        _crossover_case(0.2, 1e-10, 0.1, "10 % phase error"),
    ]


def _crossover_hidden(rng):
    return [
        _crossover_case(
            round(float(rng.uniform(0.16, 0.22)), 3),
            float(10.0 ** rng.uniform(-11, -9)),
            round(float(rng.uniform(0.01, 0.08)), 3),
        )
        for _ in range(2)
    ]


register(
    Task(
        task_id="06.5",
        title="Where twin-field QKD beats the repeaterless bound",
        skill="use",
        kind="function",
        reference=_crossover,
        cases=_crossover_cases,
        hidden_cases=_crossover_hidden,
        compare=compare_allclose(rtol=0.0, atol=1.0),
        hints=(
            "qie.twin_field_key_rate(length_km, attenuation_db_per_km=..., "
            "dark_count_probability=..., misalignment=...) accepts an array of lengths; "
            "qie.plob_bound(qie.fiber_transmissivity(length_km, attenuation_db_per_km)) is the "
            "bound at the same lengths.",
            "Scan the length in steps of 10 km from 1 to 3,000 km and compare the two arrays: "
            "np.flatnonzero(rate > bound)[0] is the first length above the bound.",
            "The crossover lies between that length and the one before it: halve that interval "
            "(bisection) until it is shorter than 1 km. Each rate call optimizes the intensities "
            "at every length, so a fine scan of thousands of lengths is slow.",
        ),
        points=2,
    )
)
