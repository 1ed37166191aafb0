"""Tasks of module 03 (channels): decibels, detector clicks, loss budgets, the PLOB bound.

References call the library: ``qie.db_to_transmissivity``, ``qie.transmissivity_to_db``,
``qie.ThresholdDetector`` and ``qie.plob_bound``.
"""

from __future__ import annotations

from qinternet_edu.channels import fiber_transmissivity, plob_bound
from qinternet_edu.exercises.registry import Case, Task, compare_allclose, register, register_module
from qinternet_edu.hardware import ThresholdDetector
from qinternet_edu.units import db_to_transmissivity, transmissivity_to_db

register_module("03", "Channels")


# 03.1 -----------------------------------------------------------------------------------------
def _link_transmissivity(length_km, attenuation_db_per_km, extra_loss_db):
    return db_to_transmissivity(attenuation_db_per_km * length_km + extra_loss_db)


def _link_cases(rng):
    rows = [
        (100.0, 0.2, 0.0, "100 km at 0.2 dB/km, no extra loss"),
        (50.0, 0.2, 3.0, "50 km at 0.2 dB/km, 3 dB in connectors and optics"),
        (0.0, 0.2, 10.0, "no fiber, 10 dB of optics"),
        (25.0, 0.35, 1.5, "25 km at 0.35 dB/km (1310 nm), 1.5 dB extra"),
        (421.0, 0.17, 0.0, "421 km of ultra-low-loss fiber at 0.17 dB/km"),
    ]
    cases = [
        Case(
            {"length_km": L, "attenuation_db_per_km": a, "extra_loss_db": x},
            label=label,
        )
        for L, a, x, label in rows
    ]
    for _ in range(2):
        cases.append(
            Case(
                {
                    "length_km": round(float(rng.uniform(1, 300)), 1),
                    "attenuation_db_per_km": round(float(rng.uniform(0.16, 0.4)), 3),
                    "extra_loss_db": round(float(rng.uniform(0, 8)), 2),
                }
            )
        )
    return cases


def _link_hidden(rng):
    return [
        Case(
            {
                "length_km": round(float(rng.uniform(1, 600)), 1),
                "attenuation_db_per_km": round(float(rng.uniform(0.15, 0.5)), 3),
                "extra_loss_db": round(float(rng.uniform(0, 15)), 2),
            }
        )
        for _ in range(3)
    ]


register(
    Task(
        task_id="03.1",
        title="From decibels to transmissivity",
        skill="implement",
        kind="function",
        reference=_link_transmissivity,
        cases=_link_cases,
        hidden_cases=_link_hidden,
        # Relative tolerance: transmissivities span many orders of magnitude.
        compare=compare_allclose(rtol=1e-6, atol=0.0),
        hints=(
            "Losses in decibels add up along a link: the fiber contributes attenuation times "
            "length, and the extra optics their own dB.",
            "A loss of D dB transmits the fraction eta = 10^(-D/10) (10 dB: 1/10, 20 dB: 1/100).",
            "Return 10 ** (-(attenuation_db_per_km * length_km + extra_loss_db) / 10), or call "
            "qie.db_to_transmissivity on the total loss.",
        ),
        points=1,
    )
)


# 03.2 -----------------------------------------------------------------------------------------
def _click_probability(eta_channel, efficiency, dark_count_probability, mean_photon_number):
    detector = ThresholdDetector(
        efficiency=efficiency, dark_count_probability=dark_count_probability
    )
    return detector.click_probability(eta_channel, mean_photon_number=mean_photon_number)


def _click_case(eta, eff, dark, mu, label=""):
    return Case(
        {
            "eta_channel": eta,
            "efficiency": eff,
            "dark_count_probability": dark,
            "mean_photon_number": mu,
        },
        label=label,
    )


def _click_cases(rng):
    return [
        _click_case(1.0, 0.5, 0.0, None, "one photon, lossless channel, 50 % detector, no dark"),
        _click_case(0.01, 0.8, 1e-6, None, "one photon, 100 km of fiber, SNSPD-like detector"),
        _click_case(0.5, 0.6, 0.1, None, "one photon, eta 0.5, very noisy detector (0.1 dark)"),
        _click_case(0.0, 0.9, 1e-5, 0.5, "channel cut (eta = 0): only dark counts remain"),
        _click_case(1.0, 1.0, 0.0, 2.0, "coherent pulse mu = 2, perfect channel and detector"),
        _click_case(0.1, 0.25, 1e-4, 0.5, "coherent pulse mu = 0.5, eta 0.1, InGaAs-like"),
        _click_case(0.8, 0.7, 0.05, 3.0, "bright pulse mu = 3, eta 0.8, 0.05 dark"),
    ]


def _click_hidden(rng):
    cases = []
    for k in range(4):
        mu = None if k % 2 == 0 else round(float(rng.uniform(0.1, 5)), 2)
        cases.append(
            _click_case(
                round(float(rng.uniform(0, 1)), 4),
                round(float(rng.uniform(0.1, 1)), 3),
                round(float(rng.uniform(0, 0.2)), 4),
                mu,
            )
        )
    return cases


register(
    Task(
        task_id="03.2",
        title="Detector click probability with dark counts",
        skill="implement",
        kind="function",
        reference=_click_probability,
        cases=_click_cases,
        hidden_cases=_click_hidden,
        compare=compare_allclose(rtol=1e-6, atol=1e-12),
        hints=(
            "A threshold detector clicks if a photon is detected OR a dark count fires; the two "
            "are independent. Compute the probability of no click, then take 1 minus it.",
            "One photon: it is detected with probability eta_channel * efficiency, so "
            "P(no click) = (1 - p_dark)(1 - eta * efficiency).",
            "A coherent pulse holds a Poisson number of photons: each survives and is detected "
            "with probability eta * efficiency, so none is detected with probability "
            "exp(-eta * efficiency * mu). Then combine with the dark count as before.",
        ),
        points=2,
    )
)


# 03.3 -----------------------------------------------------------------------------------------
def _max_length(efficiency, dark_count_probability, attenuation_db_per_km, signal_to_noise):
    # Longest fiber with eta * efficiency >= signal_to_noise * p_dark.
    needed = signal_to_noise * dark_count_probability / efficiency
    if needed >= 1.0:
        return 0.0  # even a lossless link is too noisy
    return transmissivity_to_db(needed) / attenuation_db_per_km


def _length_case(eff, dark, alpha, snr, label=""):
    return Case(
        {
            "efficiency": eff,
            "dark_count_probability": dark,
            "attenuation_db_per_km": alpha,
            "signal_to_noise": snr,
        },
        label=label,
    )


def _length_cases(rng):
    return [
        _length_case(0.8, 1e-8, 0.2, 1.0, "SNSPD-like: 80 %, 1e-8 dark, 0.2 dB/km, SNR 1"),
        _length_case(0.25, 1e-6, 0.2, 10.0, "InGaAs-like: 25 %, 1e-6 dark, 0.2 dB/km, SNR 10"),
        _length_case(0.8, 1e-8, 0.17, 100.0, "SNSPD, ultra-low-loss 0.17 dB/km, SNR 100"),
        _length_case(0.1, 0.05, 0.2, 10.0, "a detector too noisy for any fiber: 10 %, 0.05 dark"),
        _length_case(0.5, 1e-4, 0.3, 20.0, "50 %, 1e-4 dark, 0.3 dB/km, SNR 20"),
    ]


def _length_hidden(rng):
    return [
        _length_case(
            round(float(rng.uniform(0.1, 0.95)), 3),
            float(10.0 ** rng.uniform(-9, -4)),
            round(float(rng.uniform(0.15, 0.4)), 3),
            round(float(rng.uniform(1, 100)), 1),
        )
        for _ in range(3)
    ]


register(
    Task(
        task_id="03.3",
        title="How far before dark counts win",
        skill="implement",
        kind="function",
        reference=_max_length,
        cases=_length_cases,
        hidden_cases=_length_hidden,
        compare=compare_allclose(rtol=1e-6, atol=1e-6),
        hints=(
            "The signal (a single photon detected) has probability eta * efficiency; the noise "
            "is the dark-count probability. Find the smallest eta with "
            "eta * efficiency >= signal_to_noise * p_dark.",
            "Turn that smallest eta into a loss budget in dB, -10 log10(eta) "
            "(qie.transmissivity_to_db), and divide by the attenuation in dB/km.",
            "If the required eta is 1 or more, not even zero fiber is good enough: return 0.0.",
        ),
        points=2,
    )
)


# 03.4 -----------------------------------------------------------------------------------------
def _plob_rate(length_km, attenuation_db_per_km, repetition_rate_hz):
    eta = fiber_transmissivity(length_km, attenuation_db_per_km=attenuation_db_per_km)
    return repetition_rate_hz * plob_bound(eta)


def _rate_case(L, alpha, rate, label=""):
    return Case(
        {"length_km": L, "attenuation_db_per_km": alpha, "repetition_rate_hz": rate},
        label=label,
    )


def _rate_cases(rng):
    return [
        _rate_case(100.0, 0.2, 1e9, "100 km at 0.2 dB/km, 1 GHz"),
        _rate_case(10.0, 0.2, 1e9, "10 km (eta = 0.63: the small-eta shortcut fails), 1 GHz"),
        _rate_case(1.0, 0.2, 1e6, "1 km, 1 MHz"),
        _rate_case(405.0, 0.17, 2.5e9, "405 km at 0.17 dB/km, 2.5 GHz"),
        _rate_case(300.0, 0.2, 1e9, "300 km at 0.2 dB/km, 1 GHz"),
    ]


def _rate_hidden(rng):
    return [
        _rate_case(
            # At most 69 dB (eta >= 1.3e-7), so that -np.log2(1 - eta) is still accurate.
            round(float(rng.uniform(1, 300)), 1),
            round(float(rng.uniform(0.15, 0.23)), 3),
            float(10.0 ** rng.integers(6, 11)),
        )
        for _ in range(3)
    ]


register(
    Task(
        task_id="03.4",
        title="The PLOB limit of a fiber link, in bits per second",
        skill="implement",
        kind="function",
        reference=_plob_rate,
        cases=_rate_cases,
        hidden_cases=_rate_hidden,
        compare=compare_allclose(rtol=1e-6, atol=0.0),
        hints=(
            "Find the link's transmissivity eta first (task 03.1), then the PLOB bound on secret "
            "bits per channel use, then multiply by the channel uses per second.",
            "PLOB: -log2(1 - eta) bits per use. Mind the base 2 (np.log2), and do not replace "
            "it by 1.44 eta: that is only true for small eta.",
            "Return repetition_rate_hz * qie.plob_bound(eta) (or -np.log2(1 - eta) times the "
            "rate; np.log1p(-eta) / np.log(2) is the accurate form for tiny eta).",
        ),
        uses=("link_transmissivity",),
        points=1,
    )
)
