"""Quantum repeater chains: Monte Carlo delivery times and fidelities, analytic checks, key rates.

A chain of ``n_segments`` elementary links covers ``total_length_km``. Each
link is heralded at its own midpoint station (:mod:`qinternet_edu.heralding`)
and retried until it succeeds; the nodes keep their half of a pair in a
memory that depolarizes (:func:`qinternet_edu.memory_decay`) while it waits.

The protocol simulated here (the nested, "doubling" scheme of Briegel, Dür,
Cirac and Zoller, PRL 81, 5932 (1998), as analysed by Sangouard et al., RMP
83, 33 (2011)) is a binary tree over the segments:

* optional **purification** first: each elementary pair is distilled from
  ``2**purification_rounds`` raw pairs by BBPSSW rounds (two pairs in, one
  out, :func:`qinternet_edu.bbpssw`, with the Werner twirl);
* then **swapping** up the tree: two adjacent pairs are swapped as soon as
  both exist (:func:`qinternet_edu.swap_fidelity`). For ``n_segments = 2**k``
  this is the textbook nested scheme; other numbers split the chain into
  halves as evenly as possible.

Whenever a swap (probability ``swap_success_probability``; 1/2 for a
linear-optics Bell measurement) or a purification fails, both input pairs are
lost and both sub-trees start again from that moment. With a cut-off, a pair
that has waited ``cutoff_time_s`` for its partner is discarded and its
sub-tree regenerated. Local operations take no time; the delivered pair is
used at once. Each attempt lasts ``segment_length / c_fiber`` (midpoint
heralding, see :mod:`qinternet_edu.heralding`), which includes the herald's
message back to the nodes.

Three options, all off by default (so earlier results do not change):

* ``classical_communication=True``: a swap's outcome travels from the
  swapping station to the farther end of the new pair, and a purification's
  parities cross the segment, before the next step may use the pair (or
  restart after a failure); the pair waits in memory meanwhile.
* ``dark_count_probability > 0``: detector dark counts at the midpoint
  station herald false pairs (:func:`noisy_heralded_link`).
* ``memory_noise="both_memories"``: ``coherence_time_s`` is the coherence
  time of each memory, and both halves of a stored pair decohere
  (:func:`stored_pair_fidelity`); the default ``"pair"`` reads it as the
  pair's coherence time.

The Monte Carlo is vectorized over realizations: the first attempts of all
links are one ``(n_realizations, n_segments)`` array of geometric draws;
retries (after failed swaps, failed purification or cut-offs) loop over a few
rounds, each vectorized over the realizations still pending.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ._validation import (
    check_choice,
    check_fidelity,
    check_int,
    check_nonnegative,
    check_positive,
    check_probability,
    check_real,
    check_samples,
    make_rng,
)
from .channels import fiber_transmissivity, plob_bound
from .entanglement import _bbm92_key_fraction
from .hardware import memory_decay
from .heralding import HERALDING_SCHEMES, HeraldedLink, heralded_link
from .units import FIBER_ATTENUATION_DB_PER_KM, fiber_delay_s

__all__ = [
    "MEMORY_NOISE_MODELS",
    "RepeaterChain",
    "RepeaterChainResult",
    "RepeaterVsPlob",
    "analytic_delivery_time",
    "expected_max_geometric",
    "noisy_heralded_link",
    "repeater_vs_plob",
    "secret_key_rate_bbm92",
    "simulate_repeater_chain",
    "stored_pair_fidelity",
    "swap_message_delay_s",
]

#: How ``coherence_time_s`` is read: the pair's, or each memory's (both halves decay).
MEMORY_NOISE_MODELS = ("pair", "both_memories")

_CHUNK = 1 << 17  # realizations per chunk: memory stays flat as n_realizations grows
_MAX_ROUNDS = 100_000  # retry rounds of a failed swap or purification before giving up
_MAX_CUTOFF_ROUNDS = 10_000  # discard-and-regenerate rounds before a cut-off is too short
_POOL_MIN = 1024  # smallest refill of a sub-tree's pool of fresh realizations


@dataclass(frozen=True, kw_only=True)
class RepeaterChain:
    """A repeater chain to simulate: geometry, hardware and protocol (keyword-only, validated).

    Attributes:
        total_length_km: end-to-end fiber length in km, >= 0.
        n_segments: number of elementary links, >= 1 (a power of two for the
            textbook nested scheme; 1 means no repeater).
        attenuation_db_per_km: fiber loss (default 0.2 dB/km).
        detector_efficiency: detection efficiency at each midpoint station.
        emission_efficiency: probability that a node emits a photon into the fiber.
        scheme: heralding scheme, ``"double_click"`` or ``"single_click"``.
        link_fidelity: fidelity of a fresh double-click pair, in [1/4, 1].
        bright_state_population: alpha of the single-click scheme (fidelity 1 - alpha).
        coherence_time_s: memory coherence time of a stored pair (``None``:
            perfect memories).
        cutoff_time_s: longest time a pair may wait for its partner (``None``: no cut-off).
        purification_rounds: BBPSSW rounds on each elementary link (0, 1, 2, ...).
        swap_success_probability: probability that a swap succeeds (1/2 for
            linear optics).
        preparation_time_s: local time added to every attempt.
        seed: default seed of :func:`simulate_repeater_chain`.
        classical_communication: if True, swaps and purifications wait for
            their classical messages (default False: they take no time).
        dark_count_probability: dark-count probability per detector and
            detection window at the midpoint stations (default 0).
        memory_noise: ``"pair"`` (default: ``coherence_time_s`` is a stored
            pair's) or ``"both_memories"`` (it is each memory's; both decay).

    Example:
        >>> chain = RepeaterChain(total_length_km=400.0, n_segments=4)
        >>> chain.segment_length_km, round(chain.link.success_probability, 4)
        (100.0, 0.005)
    """

    total_length_km: float
    n_segments: int = 1
    attenuation_db_per_km: float = FIBER_ATTENUATION_DB_PER_KM
    detector_efficiency: float = 1.0
    emission_efficiency: float = 1.0
    scheme: str = "double_click"
    link_fidelity: float = 1.0
    bright_state_population: float = 0.1
    coherence_time_s: float | None = None
    cutoff_time_s: float | None = None
    purification_rounds: int = 0
    swap_success_probability: float = 1.0
    preparation_time_s: float = 0.0
    seed: int | None = None
    classical_communication: bool = False
    dark_count_probability: float = 0.0
    memory_noise: str = "pair"

    def __post_init__(self):
        def put(name, value):
            object.__setattr__(self, name, value)

        put("total_length_km", check_nonnegative("total_length_km", self.total_length_km))
        put("n_segments", check_int("n_segments", self.n_segments, low=1))
        put("scheme", check_choice("scheme", self.scheme, HERALDING_SCHEMES))
        put("link_fidelity", check_fidelity("link_fidelity", self.link_fidelity, low=0.25))
        if self.coherence_time_s is not None:
            put("coherence_time_s", check_positive("coherence_time_s", self.coherence_time_s))
        if self.cutoff_time_s is not None:
            put("cutoff_time_s", check_nonnegative("cutoff_time_s", self.cutoff_time_s))
        put(
            "purification_rounds",
            check_int("purification_rounds", self.purification_rounds, low=0, high=10),
        )
        p_swap = check_probability("swap_success_probability", self.swap_success_probability)
        if p_swap == 0.0:
            raise ValueError("swap_success_probability must be in (0, 1]; got 0.0")
        put("swap_success_probability", p_swap)
        if self.seed is not None:
            make_rng(self.seed)  # validates the seed
        if not isinstance(self.classical_communication, bool):
            value = self.classical_communication
            raise TypeError(f"classical_communication must be True or False; got {value!r}")
        put(
            "dark_count_probability",
            check_probability("dark_count_probability", self.dark_count_probability),
        )
        put("memory_noise", check_choice("memory_noise", self.memory_noise, MEMORY_NOISE_MODELS))
        self.link  # validates the heralding parameters  # noqa: B018

    @property
    def segment_length_km(self) -> float:
        """Length of one elementary link in km."""
        return self.total_length_km / self.n_segments

    @property
    def link(self) -> HeraldedLink:
        """The elementary link (one segment), from :func:`qinternet_edu.heralded_link`.

        With ``dark_count_probability > 0``, from :func:`noisy_heralded_link`.
        """
        link = heralded_link(
            length_km=self.segment_length_km,
            scheme=self.scheme,
            attenuation_db_per_km=self.attenuation_db_per_km,
            detector_efficiency=self.detector_efficiency,
            emission_efficiency=self.emission_efficiency,
            bright_state_population=self.bright_state_population,
            link_fidelity=self.link_fidelity,
            preparation_time_s=self.preparation_time_s,
        )
        if self.dark_count_probability > 0.0:
            link = noisy_heralded_link(link, dark_count_probability=self.dark_count_probability)
        return link

    @property
    def pair_coherence_time_s(self) -> float | None:
        """Coherence time of a stored pair: ``coherence_time_s``, halved if both memories decay."""
        if self.coherence_time_s is None:
            return None
        return self.coherence_time_s / (2.0 if self.memory_noise == "both_memories" else 1.0)


def noisy_heralded_link(link, *, dark_count_probability):
    """A heralded link whose midpoint detectors have dark counts: more heralds, lower fidelity.

    Each detection round of the station has two threshold detectors behind a
    beam splitter. A round gives the single click it needs either from the
    photon (probability eta (1 - p_d): it arrives, and the other detector
    stays dark) or from a dark count while the photon is lost (probability
    2 p_d (1 - p_d)(1 - eta)), the threshold-detector law of
    :class:`qinternet_edu.ThresholdDetector`. A herald built on a dark count
    leaves the memories uncorrelated, modelled as the fully mixed state
    (fidelity 1/4). With c_t and c_f the photon and dark-count click
    probabilities of a round and c = c_t + c_f:

    * double click (two rounds): p = c^2 / 2 and a fraction g = (c_t / c)^2
      of the heralds are real, F = g F_link + (1 - g)/4;
    * single click (one round, photon click probability 2 alpha eta):
      p = c, g = c_t / c, F = g (1 - alpha) + (1 - g)/4.

    With p_d = 0 this is :func:`qinternet_edu.heralded_link`. Far away the
    photon clicks fall below the dark counts, g -> 0 and the link's pairs stop
    carrying key: the same distance limit as a direct link's signal-to-noise
    in module 03, here with the loss of half the link per photon.

    Args:
        link: a :class:`qinternet_edu.HeraldedLink` (noise-free).
        dark_count_probability: p_d per detector and detection window, in [0, 1).

    Returns:
        A new ``HeraldedLink`` with the noisy success probability and fidelity.

    Source: threshold-detector clicks, X. Ma, B. Qi, Y. Zhao, H.-K. Lo, PRA 72,
    012326 (2005); double-click heralding, S. D. Barrett, P. Kok, PRA 71,
    060310(R) (2005). Counting a dark-count herald as a fully mixed pair, to
    first order in p_d, is the course's own model (checked against a
    click-by-click Monte Carlo in the tests), not a formula from a paper.

    Example:
        >>> ideal = heralded_link(length_km=400.0)  # eta = 1e-4 per arm
        >>> noisy = noisy_heralded_link(ideal, dark_count_probability=1e-5)
        >>> round(noisy.success_probability / ideal.success_probability, 2)  # (1.2)^2
        1.44
        >>> round(noisy.fidelity, 3)  # g = (1/1.2)^2
        0.771
    """
    if not isinstance(link, HeraldedLink):
        raise TypeError(f"link must be a HeraldedLink; got {type(link).__name__}")
    p_d = check_probability("dark_count_probability", dark_count_probability)
    if p_d >= 1.0:
        raise ValueError("dark_count_probability must be in [0, 1); got 1.0")
    eta = link.arm_efficiency
    if link.scheme == "double_click":
        c_true = eta * (1.0 - p_d)
        c_false = 2.0 * p_d * (1.0 - p_d) * (1.0 - eta)
        c = c_true + c_false
        p = c * c / 2.0
        genuine = (c_true / c) ** 2
    else:
        photon = link.success_probability  # 2 alpha eta
        c_true = photon * (1.0 - p_d)
        c_false = 2.0 * p_d * (1.0 - p_d) * (1.0 - photon)
        p = c_true + c_false
        genuine = c_true / p
    fidelity = genuine * link.fidelity + (1.0 - genuine) / 4.0
    tau = link.attempt_duration_s
    return HeraldedLink(
        scheme=link.scheme,
        length_km=link.length_km,
        arm_efficiency=eta,
        success_probability=float(p),
        fidelity=float(fidelity),
        attempt_duration_s=tau,
        mean_waiting_time_s=float(tau / p),
        rate_hz=float(p / tau),
    )


def stored_pair_fidelity(fidelity, time_s, *, coherence_time_a_s, coherence_time_b_s=None):
    """Fidelity of a pair after both halves waited ``time_s`` in memories that depolarize.

    Each memory depolarizes its own qubit, keeping it with probability
    exp(-t/T_i); on a Werner pair each half multiplies the Werner parameter by
    its factor, so F(t) = 1/4 + (F0 - 1/4) exp(-t/T_a - t/T_b):
    :func:`qinternet_edu.memory_decay` applied once per memory. With equal
    memories the pair decays twice as fast as one memory.

    Args:
        fidelity: F0 in [0, 1] (scalar or array).
        time_s: storage time in seconds, >= 0.
        coherence_time_a_s: coherence time of one memory, > 0.
        coherence_time_b_s: of the other (default: the same).

    Returns:
        F(t).

    Source: depolarizing memories on both qubits, L. Hartmann, B. Kraus,
    H.-J. Briegel, W. Dür, PRA 75, 032310 (2007); the depolarizing channel,
    Nielsen and Chuang (2000), eq. (8.100).

    Example:
        >>> round(stored_pair_fidelity(1.0, 0.5, coherence_time_a_s=1.0), 4)  # 1/4 + 3/4 e^-1
        0.5259
    """
    t_b = coherence_time_a_s if coherence_time_b_s is None else coherence_time_b_s
    check_positive("coherence_time_b_s", t_b)
    return memory_decay(memory_decay(fidelity, time_s, coherence_time_a_s), time_s, t_b)


def swap_message_delay_s(left_length_km, right_length_km):
    """Time for a swap's outcome to reach both ends of the new pair: max(L_left, L_right) n / c.

    The station between the two pairs sends its Bell-measurement result to
    both far ends at once; the pair may be used when the farther one knows.

    Args:
        left_length_km, right_length_km: lengths of the two pairs being joined.

    Returns:
        The delay in seconds.

    Source: signalling at the group velocity of fiber (:func:`qinternet_edu.fiber_delay_s`);
    that a swap's result must reach the ends before the pair is used follows
    from the protocol of H.-J. Briegel, W. Dür, J. I. Cirac, P. Zoller, PRL
    81, 5932 (1998); the timing (one message to the farther end) is the
    course's convention.

    Example:
        >>> round(swap_message_delay_s(100.0, 50.0) * 1e6, 1)  # microseconds
        489.7
    """
    left = check_nonnegative("left_length_km", left_length_km)
    right = check_nonnegative("right_length_km", right_length_km)
    return float(fiber_delay_s(max(left, right)))


@dataclass(frozen=True)
class RepeaterChainResult:
    """What a Monte Carlo run of a repeater chain delivered.

    Attributes:
        n_realizations: independent runs of the chain, each delivering one pair.
        mean_delivery_time_s: mean time until the end-to-end pair exists.
        delivery_time_std_error_s: standard error of that mean.
        rate_hz: pairs per second, 1 / mean delivery time (the chain restarts
            after each delivery).
        mean_fidelity: mean fidelity of the delivered pairs.
        fidelity_std_error: standard error of that mean.
        mean_delivery_attempts: mean delivery time in units of one attempt of
            an elementary link (the channel uses).
        delivery_times_s: every realization's delivery time (array).
        fidelities: every realization's delivered fidelity (array).
    """

    n_realizations: int
    mean_delivery_time_s: float
    delivery_time_std_error_s: float
    rate_hz: float
    mean_fidelity: float
    fidelity_std_error: float
    mean_delivery_attempts: float
    delivery_times_s: np.ndarray = field(repr=False)
    fidelities: np.ndarray = field(repr=False)

    def delivery_time_quantile(self, q):
        """The ``q``-quantile of the delivery time in seconds (e.g. 0.5 for the median)."""
        q = check_probability("q", q)
        return float(np.quantile(self.delivery_times_s, q))


# ------------------------------------------------------------------ Monte Carlo kernel
def _swap_kernel(f1, f2):
    return f1 * f2 + (1.0 - f1) * (1.0 - f2) / 3.0


def _bbpssw_kernel(f1, f2):
    e1, e2 = (1.0 - f1) / 3.0, (1.0 - f2) / 3.0
    norm = f1 * f2 + f1 * e2 + f2 * e1 + 5.0 * e1 * e2
    return (f1 * f2 + e1 * e2) / norm, norm


class _Sampler:
    """Samples (ready time, fidelity) of the pair spanning a range of leaves of the tree.

    Leaves are raw elementary pairs: ``2**purification_rounds`` per segment.
    Retries (failed swap or purification, cut-off) need fresh, independent
    realizations of a sub-tree started at time 0; they are drawn from a pool
    per sub-tree that is refilled in bulk, so a retry round is a few numpy
    operations and the recursion runs only when a pool is refilled.
    """

    def __init__(self, chain: RepeaterChain, rng: np.random.Generator):
        link = chain.link
        self.p = link.success_probability
        self.tau = link.attempt_duration_s
        self.f_link = link.fidelity
        self.per_segment = 2**chain.purification_rounds
        self.p_swap = chain.swap_success_probability
        self.coherence = chain.pair_coherence_time_s
        self.cutoff = chain.cutoff_time_s
        self.classical = chain.classical_communication
        self.segment_km = chain.segment_length_km
        self.rng = rng
        self.log_q = math.log1p(-self.p) if self.p < 1.0 else 0.0
        self.pools: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = {}

    def attempts(self, size):
        """Geometric attempt counts 1, 2, ... with mean 1/p, by inversion (as floats).

        N = ceil(ln V / ln(1 - p)) with V uniform in (0, 1]; about three times
        faster than ``Generator.geometric`` and exactly geometric.
        """
        v = 1.0 - self.rng.random(size)
        n = np.ceil(np.log(v) / self.log_q) if self.log_q < 0.0 else np.zeros(size)
        return np.maximum(n, 1.0)

    def _decay(self, f, wait):
        if self.coherence is None:
            return f
        return memory_decay(f, wait, self.coherence)

    def take(self, lo, hi, m):
        """``m`` fresh realizations of the sub-tree over leaves [lo, hi), from its pool."""
        t_pool, f_pool = self.pools.get((lo, hi), (np.empty(0), np.empty(0)))
        if t_pool.size < m:
            t_new, f_new = self.node(lo, hi, max(2 * m, _POOL_MIN))
            t_pool = np.concatenate([t_pool, t_new])
            f_pool = np.concatenate([f_pool, f_new])
        self.pools[(lo, hi)] = (t_pool[m:], f_pool[m:])
        return t_pool[:m].copy(), f_pool[:m].copy()

    def _split(self, lo, hi):
        n_seg = (hi - lo) // self.per_segment
        if n_seg > 1:
            return lo + ((n_seg + 1) // 2) * self.per_segment, True
        return lo + (hi - lo) // 2, False

    def node(self, lo, hi, size, first=None):
        """Pair over leaves [lo, hi); ``first`` optionally holds pre-drawn leaf attempts."""
        if hi - lo == 1:
            attempts = self.attempts(size) if first is None else first[:, 0]
            return attempts * self.tau, np.full(size, self.f_link)
        mid, swap = self._split(lo, hi)
        t_left, f_left = self.node(lo, mid, size, None if first is None else first[:, : mid - lo])
        t_right, f_right = self.node(mid, hi, size, None if first is None else first[:, mid - lo :])
        t_out = np.empty(size)
        f_out = np.empty(size)
        pending = np.arange(size)
        for _ in range(_MAX_ROUNDS):
            if self.cutoff is not None:
                self._apply_cutoff(lo, mid, hi, t_left, f_left, t_right, f_right)
            ready = np.maximum(t_left, t_right)
            # only the earlier pair waits (for |t_left - t_right|); the later one is fresh
            left_first = t_left < t_right
            f1 = self._decay(np.where(left_first, f_left, f_right), np.abs(t_left - t_right))
            f2 = np.where(left_first, f_right, f_left)
            if swap:
                f_new = _swap_kernel(f1, f2)
                p_ok = self.p_swap
            else:
                f_new, p_ok = _bbpssw_kernel(f1, f2)
            if np.all(np.asarray(p_ok) >= 1.0):
                ok = np.ones(pending.size, dtype=bool)
            else:
                ok = self.rng.random(pending.size) < p_ok
            if self.classical:
                delay = self._message_delay(lo, mid, hi, swap)
                ready = ready + delay
                f_new = self._decay(f_new, delay)
            t_out[pending[ok]] = ready[ok]
            f_out[pending[ok]] = f_new[ok]
            failed = ~ok
            if not failed.any():
                return t_out, f_out
            # both pairs are lost; both sub-trees start again when the operation failed
            pending, restart = pending[failed], ready[failed]
            t_left, f_left = self.take(lo, mid, pending.size)
            t_right, f_right = self.take(mid, hi, pending.size)
            t_left += restart
            t_right += restart
        raise RuntimeError("repeater chain did not finish: success probabilities too small")

    def _message_delay(self, lo, mid, hi, swap):
        """Classical time of the operation joining [lo, mid) and [mid, hi)."""
        if swap:  # the station at mid tells both far ends
            k = self.per_segment
            return swap_message_delay_s(
                (mid - lo) // k * self.segment_km, (hi - mid) // k * self.segment_km
            )
        return float(fiber_delay_s(self.segment_km))  # parities cross the segment

    def _apply_cutoff(self, lo, mid, hi, t_left, f_left, t_right, f_right):
        """Discard pairs that waited longer than the cut-off; regenerate them (in place)."""
        cutoff = self.cutoff
        for _ in range(_MAX_CUTOFF_ROUNDS):
            left_old = np.flatnonzero(t_right - t_left > cutoff)
            right_old = np.flatnonzero(t_left - t_right > cutoff)
            if left_old.size == 0 and right_old.size == 0:
                return
            for idx, (a, b), times, fids in (
                (left_old, (lo, mid), t_left, f_left),
                (right_old, (mid, hi), t_right, f_right),
            ):
                if idx.size:
                    # the old pair is discarded at its expiry; its sub-tree starts again then
                    t_new, f_new = self.take(a, b, idx.size)
                    times[idx] = times[idx] + cutoff + t_new
                    fids[idx] = f_new
        raise ValueError(
            f"cutoff_time_s = {cutoff!r} is too short for these links: pairs are almost never "
            "ready together; use a longer cut-off"
        )


def _check_cutoff_feasible(sampler, size):
    """Refuse at once a cut-off under which the lowest swaps almost surely never finish.

    The first operation of every chain joins two elementary pairs, each ready
    after a geometric number of attempts of duration tau (success p). A try
    (the first pair of each, or a pair regenerated after a discard) succeeds
    only if the two ready times differ by at most the cut-off c, a window that
    holds at most k = floor(2c / tau) + 1 attempt times. So a try succeeds with
    probability at most q = 1 - (1 - p)^k, one realization finishes within the
    allowed rounds R with probability at most s = 1 - (1 - q)^R, and all
    ``size`` realizations of a chunk with at most s^size. Below 1e-9 the
    simulation would only grind through R rounds before giving up, so this
    raises the same error up front (a closed-form bound, no sampling).
    """
    cutoff = sampler.cutoff
    if cutoff is None or sampler.p >= 1.0:
        return
    k = math.floor(2.0 * cutoff / sampler.tau) + 1
    q = -math.expm1(k * sampler.log_q)
    if q >= 1.0:
        return
    s = -math.expm1(_MAX_CUTOFF_ROUNDS * math.log1p(-q))
    if s <= 0.0 or size * math.log(s) < math.log(1e-9):
        raise ValueError(
            f"cutoff_time_s = {cutoff!r} is too short for these links: pairs are almost never "
            f"ready together (a link succeeds with probability {sampler.p:.3g} per attempt of "
            f"{sampler.tau:.3g} s); use a longer cut-off"
        )


def simulate_repeater_chain(chain, n_realizations=100_000, *, seed=None):
    """Monte Carlo of many independent runs of a repeater chain: delivery time and fidelity.

    Args:
        chain: a ``RepeaterChain``.
        n_realizations: independent runs, >= 1 (each delivers one end-to-end pair).
        seed: seed of the run (default ``chain.seed``); same seed, same result.

    Returns:
        ``RepeaterChainResult`` with the delivery-time distribution, the mean
        rate in pairs per second and the mean delivered fidelity.

    Source: protocol of H.-J. Briegel, W. Dür, J. I. Cirac, P. Zoller, PRL 81,
    5932 (1998) with restarts after failed swaps as in N. Sangouard, C. Simon,
    H. de Riedmatten, N. Gisin, RMP 83, 33 (2011); memory decoherence and
    cut-offs as in S. Brand, T. Coopmans, D. Elkouss, IEEE JSAC 38, 619 (2020).

    Example:
        >>> chain = RepeaterChain(total_length_km=200.0, n_segments=2, coherence_time_s=1.0)
        >>> res = simulate_repeater_chain(chain, 20_000, seed=1)
        >>> round(res.mean_delivery_attempts, 0), round(res.mean_fidelity, 3)
        (298.0, 0.934)
    """
    if not isinstance(chain, RepeaterChain):
        raise TypeError(f"chain must be a RepeaterChain; got {type(chain).__name__}")
    n = check_samples("n_realizations", n_realizations)
    rng = make_rng(chain.seed if seed is None else seed)
    sampler = _Sampler(chain, rng)
    _check_cutoff_feasible(sampler, min(n, _CHUNK))
    leaves = chain.n_segments * sampler.per_segment
    times = np.empty(n)
    fids = np.empty(n)
    for start in range(0, n, _CHUNK):
        size = min(_CHUNK, n - start)
        first = sampler.attempts((size, leaves))  # first attempts of every link
        t, f = sampler.node(0, leaves, size, first)
        times[start : start + size] = t
        fids[start : start + size] = f
    mean_t = float(times.mean())
    se_t = float(times.std(ddof=1) / math.sqrt(n)) if n > 1 else 0.0
    se_f = float(fids.std(ddof=1) / math.sqrt(n)) if n > 1 else 0.0
    return RepeaterChainResult(
        n_realizations=n,
        mean_delivery_time_s=mean_t,
        delivery_time_std_error_s=se_t,
        rate_hz=1.0 / mean_t,
        mean_fidelity=float(fids.mean()),
        fidelity_std_error=se_f,
        mean_delivery_attempts=mean_t / sampler.tau,
        delivery_times_s=times,
        fidelities=fids,
    )


# ------------------------------------------------------------------ analytic results
def expected_max_geometric(success_probability, n):
    """Mean of the maximum of n independent geometric attempt counts (1, 2, ...) with mean 1/p.

    This is the exact mean number of attempt rounds until all n links of a
    chain exist, when every link retries independently and stored pairs wait:
    E[max] = sum_{j=1..n} (-1)^(j+1) C(n, j) / (1 - (1-p)^j). For n = 2 it is
    (3 - 2p) / (p (2 - p)), about 3/(2p): the origin of the "3/2".

    Args:
        success_probability: p in (0, 1].
        n: number of links, >= 1.

    Returns:
        The expected maximum (in attempts).

    Source: inclusion-exclusion over the links; e.g. B. Eisenberg, "On the
    expectation of the maximum of IID geometric random variables", Stat.
    Probab. Lett. 78, 135 (2008). For n > 24 the alternating sum loses
    precision, so the series sum_k [1 - (1 - (1-p)^k)^n] is summed instead.

    Example:
        >>> round(expected_max_geometric(0.01, 2), 2)  # about 1.5 / p
        149.75
        >>> expected_max_geometric(1.0, 8)
        1.0
    """
    p = check_real("success_probability", success_probability, low=0.0, high=1.0, low_open=True)
    n = check_int("n", n, low=1)
    if p == 1.0:
        return 1.0
    log_q = math.log1p(-p)
    if n <= 24:
        total = 0.0
        for j in range(1, n + 1):
            total += (-1) ** (j + 1) * math.comb(n, j) / (-math.expm1(j * log_q))
        return total
    # the tail is negligible once n q^k < 1e-17
    k_max = math.ceil((math.log(1e-17) - math.log(n)) / log_q) + 1
    total, start = 0.0, 0
    while start < k_max:
        k = np.arange(start, min(start + 1_000_000, k_max), dtype=float)
        qk = np.exp(k * log_q)
        total += float(np.sum(-np.expm1(n * np.log1p(-qk[qk < 1.0]))) + np.sum(qk >= 1.0))
        start += 1_000_000
    return total


def analytic_delivery_time(
    chain=None,
    *,
    success_probability=None,
    n_segments=None,
    attempt_duration_s=1.0,
    swap_success_probability=1.0,
    method="auto",
):
    """Mean time until a repeater chain delivers a pair, from closed forms.

    Two formulas:

    * ``"exact"`` (deterministic swaps only): the chain is done when its last
      link is, so the mean is ``attempt_duration_s x expected_max_geometric(p,
      n_segments)``, for any number of segments.
    * ``"three_halves"`` (nested swapping, ``n_segments = 2**k``): the
      textbook approximation ``attempt_duration_s (3/2)^k / (p p_swap^k)``,
      valid for small p: each level waits for the later of two pairs (3/2 x
      for exponential times) and repeats after a failed swap (1/p_swap x).
      Coopmans, Brand and Elkouss (2022) show that it is in essence an upper
      bound on the true mean; for p_swap = 1 it overestimates, e.g. (3/2)^2 =
      2.25 against 25/12 ~ 2.08 for four links.

    ``"auto"`` picks ``"exact"`` when swaps are deterministic, else ``"three_halves"``.

    Args:
        chain: a ``RepeaterChain`` to read p, the attempt duration, the number
            of segments and p_swap from (no purification, no cut-off);
            or give the keyword arguments instead.
        success_probability: p per attempt of an elementary link, in (0, 1].
        n_segments: number of elementary links, >= 1.
        attempt_duration_s: duration of one attempt (1.0: answer in attempts).
        swap_success_probability: p_swap in (0, 1].
        method: ``"auto"``, ``"exact"`` or ``"three_halves"``.

    Returns:
        The mean delivery time in seconds (or attempts when attempt_duration_s = 1).

    Source: N. Sangouard, C. Simon, H. de Riedmatten, N. Gisin, "Quantum
    repeaters based on atomic ensembles and linear optics", RMP 83, 33 (2011);
    E. Shchukin, F. Schmidt, P. van Loock, "Waiting time in quantum repeaters
    with probabilistic entanglement swapping", PRA 100, 032322 (2019);
    T. Coopmans, S. Brand, D. Elkouss, "Improved analytical bounds on delivery
    times of long-distance entanglement", PRA 105, 012608 (2022).

    Example:
        >>> round(analytic_delivery_time(success_probability=0.01, n_segments=4,
        ...                              method="three_halves"), 1)
        225.0
        >>> round(analytic_delivery_time(success_probability=0.01, n_segments=4), 1)
        207.8
    """
    method = check_choice("method", method, ("auto", "exact", "three_halves"))
    if chain is not None:
        if not isinstance(chain, RepeaterChain):
            raise TypeError(f"chain must be a RepeaterChain; got {type(chain).__name__}")
        if (
            chain.purification_rounds
            or chain.cutoff_time_s is not None
            or chain.classical_communication
        ):
            raise ValueError(
                "analytic_delivery_time has no closed form with purification_rounds, "
                "cutoff_time_s or classical_communication; use simulate_repeater_chain"
            )
        link = chain.link
        p, n = link.success_probability, chain.n_segments
        tau, p_swap = link.attempt_duration_s, chain.swap_success_probability
    else:
        if success_probability is None or n_segments is None:
            raise ValueError("pass a chain, or both success_probability and n_segments")
        p = check_real("success_probability", success_probability, low=0.0, high=1.0, low_open=True)
        n = check_int("n_segments", n_segments, low=1)
        tau = check_positive("attempt_duration_s", attempt_duration_s)
        p_swap = check_real(
            "swap_success_probability", swap_success_probability, low=0, high=1, low_open=True
        )
    if method == "auto":
        method = "exact" if p_swap == 1.0 else "three_halves"
    if method == "exact":
        if p_swap != 1.0:
            raise ValueError(
                "method='exact' needs deterministic swaps (swap_success_probability = 1); "
                f"got {p_swap!r}"
            )
        return tau * expected_max_geometric(p, n)
    levels = n.bit_length() - 1
    if n != 1 << levels:
        raise ValueError(f"n_segments must be a power of two for the nested 3/2 formula; got {n}")
    return tau * 1.5**levels / (p * p_swap**levels)


def secret_key_rate_bbm92(rate, fidelity, *, sifting_factor=1.0):
    """Asymptotic BBM92 secret-key rate from Werner pairs: rate x sifting x max(0, 1 - 2 h(Q)).

    Both parties measure each pair in Z or X. For a Werner pair the error rate
    is the same in both bases, Q = 2(1 - F)/3, and the Shor-Preskill key
    fraction is 1 - 2 h(Q); it reaches 0 at Q ~ 11 % (F ~ 0.835), below which
    no key is distilled (the rate is 0, not negative).

    Args:
        rate: pairs per second, or pairs per channel use, >= 0; the key rate
            comes out in the same unit (bits per second or per use).
        fidelity: Werner fidelity of the pairs, in [1/4, 1].
        sifting_factor: fraction of pairs measured in matching bases: 1 for the
            asymptotic efficient (biased-basis) protocol, 1/2 for the original.

    Returns:
        The secret-key rate, >= 0 (scalar or array, broadcast).

    Source: C. H. Bennett, G. Brassard, N. D. Mermin, PRL 68, 557 (1992);
    P. W. Shor, J. Preskill, PRL 85, 441 (2000); efficient sifting: H.-K. Lo,
    H. F. Chau, M. Ardehali, J. Cryptol. 18, 133 (2005).

    Example:
        >>> secret_key_rate_bbm92(1000.0, 1.0)
        1000.0
        >>> round(secret_key_rate_bbm92(1000.0, 0.95), 1)
        578.3
        >>> secret_key_rate_bbm92(1000.0, 0.8)
        0.0
    """
    r = check_nonnegative("rate", rate)
    f = check_fidelity("fidelity", fidelity, low=0.25)
    s = check_real("sifting_factor", sifting_factor, low=0.0, high=1.0, low_open=True)
    out = np.asarray(r) * s * _bbm92_key_fraction(f)
    if all(np.ndim(x) == 0 and not isinstance(x, np.ndarray) for x in (rate, fidelity)):
        return float(out)
    return np.asarray(out, dtype=float)


@dataclass(frozen=True)
class RepeaterVsPlob:
    """Secret bits per channel use against distance: PLOB, direct transmission, repeater chains.

    Unit: one *channel use* is one attempt round, in which every elementary
    link sends one optical mode per arm (all links in parallel); direct
    transmission sends one mode through the whole fiber. PLOB is evaluated for
    the end-to-end transmissivity.

    Attributes:
        distances_km: the distances (array).
        transmissivity: end-to-end fiber transmissivity at each distance.
        plob: the PLOB bound -log2(1 - eta), bits per use.
        direct: ideal single-photon BB84 over the whole fiber (no errors,
            efficient sifting): eta x detector efficiency bits per use.
        n_segments: the chain sizes compared.
        repeater: BBM92 key bits per use for each chain size, shape
            ``(len(n_segments), len(distances_km))``.
        fidelity: mean delivered fidelity, same shape.
    """

    distances_km: np.ndarray = field(repr=False)
    transmissivity: np.ndarray = field(repr=False)
    plob: np.ndarray = field(repr=False)
    direct: np.ndarray = field(repr=False)
    n_segments: tuple
    repeater: np.ndarray = field(repr=False)
    fidelity: np.ndarray = field(repr=False)

    def crossover_km(self, n_segments):
        """Shortest listed distance where the chain with ``n_segments`` beats PLOB (or None)."""
        n = check_int("n_segments", n_segments, low=1)
        if n not in self.n_segments:
            raise ValueError(f"n_segments must be one of {self.n_segments}; got {n}")
        wins = self.repeater[self.n_segments.index(n)] > self.plob
        return float(self.distances_km[np.argmax(wins)]) if wins.any() else None


def repeater_vs_plob(
    distances_km,
    *,
    n_segments=(1, 2, 4, 8),
    n_realizations=20_000,
    seed=None,
    **chain_parameters,
):
    """Key rate per channel use of repeater chains against PLOB and direct transmission.

    For each distance and chain size it runs :func:`simulate_repeater_chain`
    and converts the delivered pairs to BBM92 key: bits per use = key
    fraction(mean fidelity) / mean delivery time in attempt rounds.

    Args:
        distances_km: distances in km (array, each > 0).
        n_segments: the chain sizes to compare.
        n_realizations: Monte Carlo runs per point.
        seed: seed (each point gets its own stream from it).
        **chain_parameters: other ``RepeaterChain`` fields (scheme,
            detector_efficiency, coherence_time_s, ...).

    Returns:
        ``RepeaterVsPlob``; see it for the unit of a channel use.

    Source: PLOB: S. Pirandola, R. Laurenza, C. Ottaviani, L. Banchi, Nat.
    Commun. 8, 15043 (2017); rate per channel use as in F. Rozpędek et al.,
    "Near-term quantum-repeater experiments with nitrogen-vacancy centers:
    Overcoming the limitations of direct transmission", PRA 99, 052330 (2019).

    Example:
        >>> cmp = repeater_vs_plob([100.0, 600.0], n_segments=(1, 8), n_realizations=2000,
        ...                        seed=1)
        >>> bool(cmp.repeater[1, 1] > cmp.plob[1]), bool(cmp.repeater[0, 1] < cmp.plob[1])
        (True, True)
    """
    d = np.atleast_1d(check_real("distances_km", distances_km, low=0.0, low_open=True))
    sizes = tuple(check_int("n_segments", k, low=1) for k in n_segments)
    n_real = check_samples("n_realizations", n_realizations, low=2)
    for bad in ("total_length_km", "n_segments", "seed"):
        if bad in chain_parameters:
            raise TypeError(f"repeater_vs_plob sets {bad} itself; do not pass it")
    alpha = chain_parameters.get("attenuation_db_per_km", FIBER_ATTENUATION_DB_PER_KM)
    eta = np.asarray(fiber_transmissivity(d, alpha), dtype=float)
    det = check_probability("detector_efficiency", chain_parameters.get("detector_efficiency", 1))
    seeds = np.random.SeedSequence(seed).spawn(len(sizes) * d.size)
    rates = np.zeros((len(sizes), d.size))
    fids = np.zeros((len(sizes), d.size))
    for i, k in enumerate(sizes):
        for j, length in enumerate(d):
            chain = RepeaterChain(total_length_km=float(length), n_segments=k, **chain_parameters)
            res = simulate_repeater_chain(
                chain, n_real, seed=int(seeds[i * d.size + j].generate_state(1)[0])
            )
            fids[i, j] = res.mean_fidelity
            rates[i, j] = float(_bbm92_key_fraction(res.mean_fidelity)) / (
                res.mean_delivery_attempts
            )
    return RepeaterVsPlob(
        distances_km=d,
        transmissivity=eta,
        plob=np.asarray(plob_bound(eta), dtype=float),
        direct=eta * det,
        n_segments=sizes,
        repeater=rates,
        fidelity=fids,
    )
