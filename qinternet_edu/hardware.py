"""Hardware of a quantum link: photon sources, threshold detectors and quantum memories.

Each device is a small frozen dataclass with keyword-only physical parameters,
validated when it is built; its methods are vectorized over numpy arrays.
:func:`memory_decay` is also exported as a plain function for the repeater
and memory models.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ._validation import (
    as_output,
    check_fidelity,
    check_int,
    check_nonnegative,
    check_positive,
    check_probability,
    check_real,
    make_rng,
)

__all__ = [
    "QuantumMemory",
    "SinglePhotonSource",
    "ThresholdDetector",
    "WeakCoherentSource",
    "memory_decay",
]


def _output(value, *inputs):
    """A float when every input was a plain scalar, else a float array."""
    if all(np.ndim(v) == 0 and not isinstance(v, np.ndarray) for v in inputs):
        return float(value)
    return np.asarray(value, dtype=float)


def _check_n_max(n_max):
    return check_int("n_max", n_max, low=0)


def _check_photon_numbers(name, value):
    """Check non-negative integer photon numbers (scalar or array); return an int array."""
    if isinstance(value, bool | np.bool_):
        raise TypeError(f"{name} must be non-negative integers; got the bool {value!r}")
    arr = np.asarray(value)
    if arr.dtype == bool or arr.dtype.kind not in "iuf":
        raise TypeError(f"{name} must be non-negative integers; got dtype {arr.dtype}")
    if arr.dtype.kind == "f":
        if not np.all(np.isfinite(arr)) or np.any(arr != np.round(arr)):
            raise ValueError(f"{name} must be non-negative integers; got non-integer values")
        arr = arr.astype(np.int64)
    if np.any(arr < 0):
        raise ValueError(
            f"{name} must be non-negative integers; got {arr[arr < 0].flat[0].item()!r}"
        )
    return arr


@dataclass(frozen=True, kw_only=True)
class SinglePhotonSource:
    """A (near-)single-photon source: a quantum dot or a heralded photon-pair source.

    Each pulse holds at least one photon with probability ``efficiency``; a
    residual two-photon component is set by the measured second-order
    correlation ``g2`` = g^(2)(0) (0 for an ideal source; below 1/2 is the
    usual test that the emitter is a single-photon source). Three or more
    photons are neglected, so the photon-number distribution is
    P(0) = 1 - efficiency, P(2) from g2 = 2 P(2) / (P(1) + 2 P(2))^2,
    P(1) = efficiency - P(2).

    Attributes:
        efficiency: probability in [0, 1] that a pulse contains a photon.
        g2: second-order autocorrelation at zero delay, in [0, 0.5].

    Source: R. J. Glauber, Phys. Rev. 130, 2529 (1963) for g2; the
    single-photon criterion and the two-photon estimate as in P. Grangier,
    G. Roger, A. Aspect, Europhys. Lett. 1, 173 (1986).

    Example:
        >>> SinglePhotonSource(efficiency=0.6).photon_number_probabilities(2).tolist()
        [0.4, 0.6, 0.0]
        >>> src = SinglePhotonSource(efficiency=0.5, g2=0.02)
        >>> round(src.probability_multiphoton(), 6)
        0.002525
    """

    efficiency: float = 1.0
    g2: float = 0.0

    def __post_init__(self):
        object.__setattr__(self, "efficiency", check_probability("efficiency", self.efficiency))
        object.__setattr__(self, "g2", check_real("g2", self.g2, low=0.0, high=0.5))

    def probability_multiphoton(self) -> float:
        """Probability P(2) that a pulse holds two photons (three or more neglected)."""
        e, g = self.efficiency, self.g2
        # Root of g (e + P2)^2 = 2 P2 that vanishes with g; stable form, real for g e <= 1/2.
        return g * e * e / ((1.0 - g * e) + math.sqrt(1.0 - 2.0 * g * e))

    @property
    def mean_photon_number(self) -> float:
        """Mean photons per pulse, P(1) + 2 P(2)."""
        return self.efficiency + self.probability_multiphoton()

    def photon_number_probabilities(self, n_max=2) -> np.ndarray:
        """Probabilities P(0), ..., P(n_max) of the photon number per pulse.

        Args:
            n_max: the largest photon number listed (>= 0); entries beyond 2 are 0.
        """
        n = _check_n_max(n_max)
        p2 = self.probability_multiphoton()
        full = np.array([1.0 - self.efficiency, self.efficiency - p2, p2])
        out = np.zeros(n + 1)
        out[: min(n + 1, 3)] = full[: n + 1]
        return out

    def sample_photon_numbers(self, n_pulses, *, seed=None, rng=None) -> np.ndarray:
        """Photon numbers of ``n_pulses`` pulses (ints 0, 1 or 2), seeded.

        Example:
            >>> SinglePhotonSource(efficiency=1.0).sample_photon_numbers(4, seed=1).tolist()
            [1, 1, 1, 1]
        """
        n = check_int("n_pulses", n_pulses, low=0)
        gen = make_rng(seed, rng)
        cumulative = np.cumsum(self.photon_number_probabilities(2))
        return np.searchsorted(cumulative[:-1], gen.random(n), side="right").astype(np.int64)


@dataclass(frozen=True, kw_only=True)
class WeakCoherentSource:
    """An attenuated laser: Poisson photon numbers with mean ``mean_photon_number``.

    A phase-randomized weak coherent pulse holds n photons with probability
    exp(-mu) mu^n / n!. Pulses with two or more photons leak information to a
    photon-number-splitting attack, which decoy states defeat.

    Attributes:
        mean_photon_number: mu >= 0 (0 is a vacuum decoy).

    Source: G. Brassard, N. Lütkenhaus, T. Mor, B. C. Sanders, "Limitations
    on practical quantum cryptography", Phys. Rev. Lett. 85, 1330 (2000).

    Example:
        >>> src = WeakCoherentSource(mean_photon_number=0.5)
        >>> src.photon_number_probabilities(2).round(4).tolist()
        [0.6065, 0.3033, 0.0758]
        >>> round(src.probability_multiphoton(), 4)
        0.0902
    """

    mean_photon_number: float

    def __post_init__(self):
        object.__setattr__(
            self,
            "mean_photon_number",
            check_nonnegative("mean_photon_number", self.mean_photon_number),
        )

    def photon_number_probabilities(self, n_max=10) -> np.ndarray:
        """Poisson probabilities P(0), ..., P(n_max) (they add up to less than 1 by the tail).

        Args:
            n_max: the largest photon number listed (>= 0).
        """
        n = np.arange(_check_n_max(n_max) + 1)
        mu = self.mean_photon_number
        log_factorial = np.array([math.lgamma(k + 1.0) for k in n])
        if mu == 0.0:
            return (n == 0).astype(float)
        return np.exp(-mu + n * math.log(mu) - log_factorial)

    def probability_multiphoton(self) -> float:
        """Probability of two or more photons, 1 - exp(-mu)(1 + mu), accurate for tiny mu."""
        mu = self.mean_photon_number
        if mu < 0.1:
            # exp(-mu) mu^2 sum_k mu^k / (k+2)!: no cancellation for small mu.
            series = sum(mu**k / math.factorial(k + 2) for k in range(16))
            return math.exp(-mu) * mu * mu * series
        return 1.0 - math.exp(-mu) * (1.0 + mu)

    def sample_photon_numbers(self, n_pulses, *, seed=None, rng=None) -> np.ndarray:
        """Poisson photon numbers of ``n_pulses`` pulses, seeded.

        Example:
            >>> nums = WeakCoherentSource(mean_photon_number=0.5).sample_photon_numbers(
            ...     100_000, seed=3)
            >>> round(float(nums.mean()), 2)
            0.5
        """
        n = check_int("n_pulses", n_pulses, low=0)
        return make_rng(seed, rng).poisson(self.mean_photon_number, size=n).astype(np.int64)


@dataclass(frozen=True, kw_only=True)
class ThresholdDetector:
    """A threshold (click / no-click) single-photon detector, such as an SPAD or SNSPD.

    It cannot count photons: each arriving photon is detected independently
    with probability ``efficiency`` and, independently, a dark count fires in
    the detection window with probability ``dark_count_probability``. It
    clicks if either happens, so with n photons arriving
    P(click | n) = 1 - (1 - p_dark)(1 - efficiency)^n.

    Attributes:
        efficiency: detection efficiency in [0, 1].
        dark_count_probability: probability of a dark count per detection
            window, in [0, 1] (e.g. 1e-6 for an InGaAs SPAD, 1e-8 for an SNSPD).
        dead_time_s: time after a click during which the detector is blind, >= 0.

    Source: X. Ma, B. Qi, Y. Zhao, H.-K. Lo, "Practical decoy state for quantum
    key distribution", Phys. Rev. A 72, 012326 (2005), eq. for the n-photon
    yield Y_n = 1 - (1 - Y_0)(1 - eta)^n.

    Example:
        >>> det = ThresholdDetector(efficiency=0.5, dark_count_probability=1e-6)
        >>> round(det.click_probability(0.01, mean_photon_number=0.5), 6)
        0.002497
    """

    efficiency: float
    dark_count_probability: float
    dead_time_s: float = 0.0

    def __post_init__(self):
        object.__setattr__(self, "efficiency", check_probability("efficiency", self.efficiency))
        object.__setattr__(
            self,
            "dark_count_probability",
            check_probability("dark_count_probability", self.dark_count_probability),
        )
        object.__setattr__(self, "dead_time_s", check_nonnegative("dead_time_s", self.dead_time_s))

    def click_probability(self, eta_channel, *, mean_photon_number=None):
        """Probability of a click behind a channel of transmissivity ``eta_channel``.

        For a phase-randomized coherent pulse of mean photon number mu (the
        exact Poisson sum of the n-photon yields):
        P = 1 - (1 - p_dark) exp(-eta_channel * efficiency * mu).
        With ``mean_photon_number=None`` one photon is sent:
        P = 1 - (1 - p_dark)(1 - eta_channel * efficiency).

        Args:
            eta_channel: channel transmissivity in [0, 1] (scalar or array).
            mean_photon_number: mu >= 0 of a coherent pulse, or None for a
                single photon (scalar or array; broadcasts with eta_channel).

        Returns:
            The click probability in [0, 1].

        Source: H.-K. Lo, X. Ma, K. Chen, "Decoy state quantum key
        distribution", Phys. Rev. Lett. 94, 230504 (2005); X. Ma et al.,
        Phys. Rev. A 72, 012326 (2005), gain Q_mu.

        Example:
            >>> det = ThresholdDetector(efficiency=1.0, dark_count_probability=0.0)
            >>> det.click_probability(0.25)
            0.25
        """
        eta = np.asarray(check_probability("eta_channel", eta_channel))
        survive_dark = 1.0 - self.dark_count_probability
        if mean_photon_number is None:
            value = 1.0 - survive_dark * (1.0 - eta * self.efficiency)
            return as_output(value, eta_channel)
        mu = np.asarray(check_nonnegative("mean_photon_number", mean_photon_number))
        value = -np.expm1(-eta * self.efficiency * mu) * survive_dark + (1.0 - survive_dark)
        return _output(value, eta_channel, mean_photon_number)

    def sample_clicks(self, photon_numbers, *, seed=None, rng=None):
        """Which detection windows click, given the photons that reach the detector in each.

        Vectorized: one uniform draw per window, compared with
        1 - (1 - p_dark)(1 - efficiency)^n.

        Args:
            photon_numbers: non-negative integers (an array, e.g. from a
                source's ``sample_photon_numbers`` thinned by the channel).
            seed, rng: a seed or a ``numpy.random.Generator`` (one of them).

        Returns:
            A bool array of the same shape: True where the detector clicked.

        Example:
            >>> det = ThresholdDetector(efficiency=1.0, dark_count_probability=0.0)
            >>> det.sample_clicks([0, 1, 3, 0], seed=1).tolist()
            [False, True, True, False]
        """
        n = _check_photon_numbers("photon_numbers", photon_numbers)
        gen = make_rng(seed, rng)
        no_click = (1.0 - self.dark_count_probability) * (1.0 - self.efficiency) ** n
        return gen.random(n.shape) >= no_click

    def dead_time_limited_rate(self, click_rate_hz):
        """Registered count rate R / (1 + R tau) for a true click rate R (non-paralyzable).

        Args:
            click_rate_hz: the rate at which clicks would occur without dead
                time, >= 0 (scalar or array).

        Returns:
            The registered rate in Hz; it saturates at 1 / dead_time_s.

        Source: G. F. Knoll, Radiation Detection and Measurement, 4th ed.
        (Wiley, 2010), section 4.VII (non-paralyzable model).

        Example:
            >>> det = ThresholdDetector(efficiency=0.8, dark_count_probability=1e-7,
            ...                         dead_time_s=1e-6)
            >>> round(det.dead_time_limited_rate(1e6))
            500000
        """
        rate = check_nonnegative("click_rate_hz", click_rate_hz)
        return as_output(np.asarray(rate) / (1.0 + np.asarray(rate) * self.dead_time_s), rate)


def memory_decay(fidelity, time_s, coherence_time_s):
    """Fidelity of a stored pair after ``time_s``: F(t) = 1/4 + (F0 - 1/4) exp(-t / T).

    The memory is modelled as depolarizing noise: the stored pair keeps its
    state with probability exp(-t/T) and otherwise becomes white noise. Its
    fidelity with phi+ therefore decays towards 1/4 (the fully mixed state),
    not towards 0. The same formula holds for any two-qubit state with fidelity
    F0 in [0, 1] (a state below 1/4 rises to 1/4).

    Args:
        fidelity: initial fidelity F0 in [0, 1] (scalar or array).
        time_s: storage time in seconds, >= 0 (scalar or array).
        coherence_time_s: the memory's coherence time T in seconds, > 0.

    Returns:
        F(t), broadcast over the inputs.

    Source: L. Hartmann, B. Kraus, H.-J. Briegel, W. Dür, "Role of memory
    errors in quantum repeaters", Phys. Rev. A 75, 032310 (2007)
    (depolarizing memory noise with a decay exp(-t/T)).

    Example:
        >>> round(memory_decay(1.0, 1.0, 1.0), 4)  # 1/4 + 3/4 e^-1
        0.5259
        >>> memory_decay([1.0, 0.25], 0.0, 0.5).tolist()
        [1.0, 0.25]
    """
    f = np.asarray(check_fidelity("fidelity", fidelity))
    t = np.asarray(check_nonnegative("time_s", time_s, allow_inf=True))
    tau = np.asarray(check_positive("coherence_time_s", coherence_time_s, allow_inf=True))
    try:
        np.broadcast_shapes(f.shape, t.shape, tau.shape)
    except ValueError:
        raise ValueError(
            "fidelity, time_s and coherence_time_s must have broadcastable shapes; "
            f"got {f.shape}, {t.shape} and {tau.shape}"
        ) from None
    if np.any(np.isinf(t) & np.isinf(tau)):
        raise ValueError(
            "time_s and coherence_time_s cannot both be infinite (their ratio is undefined)"
        )
    return _output(0.25 + (f - 0.25) * np.exp(-t / tau), fidelity, time_s, coherence_time_s)


@dataclass(frozen=True, kw_only=True)
class QuantumMemory:
    """A quantum memory whose stored pairs depolarize with coherence time ``coherence_time_s``.

    Attributes:
        coherence_time_s: T > 0 in seconds (e.g. about 1 s for an NV-centre
            carbon spin, 10 ms for a rare-earth ensemble).

    Source: L. Hartmann et al., Phys. Rev. A 75, 032310 (2007).

    Example:
        >>> mem = QuantumMemory(coherence_time_s=0.01)
        >>> round(mem.stored_fidelity(0.95, 0.005), 4)
        0.6746
    """

    coherence_time_s: float

    def __post_init__(self):
        object.__setattr__(
            self, "coherence_time_s", check_positive("coherence_time_s", self.coherence_time_s)
        )

    def stored_fidelity(self, initial_fidelity, time_s):
        """Fidelity after storing a pair of fidelity ``initial_fidelity`` for ``time_s``.

        It decays to 1/4, not to 0; see :func:`memory_decay`.
        """
        try:
            return memory_decay(initial_fidelity, time_s, self.coherence_time_s)
        except (ValueError, TypeError) as error:
            message = str(error).replace("fidelity must", "initial_fidelity must", 1)
            raise type(error)(message) from None
