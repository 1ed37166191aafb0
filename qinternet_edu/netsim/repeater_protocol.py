"""The textbook repeater-chain protocol at event level, to set beside the vectorized model.

:func:`run_repeater_protocol` runs the protocol of a
:class:`qinternet_edu.RepeaterChain` (the nested scheme of
:mod:`qinternet_edu.repeaters`: optional BBPSSW purification of each link,
then swaps up a binary tree, restarts after failures, cut-offs) as SimPy
processes: each heralded link is one timeout of a geometric number of
attempts, each swap or purification waits for the two pairs below it, and,
with ``classical_delays=True``, for the messages that carry its outcome
(:func:`qinternet_edu.swap_message_delay_s` for a swap, the segment's fiber
delay for purification parities). Stored pairs decay with the chain's memory
model while they wait.

With ``classical_delays=False`` it simulates the same process as
:func:`qinternet_edu.simulate_repeater_chain`, so the two agree in
distribution; with it on, it agrees with ``simulate_repeater_chain`` on the
chain with ``classical_communication=True``, and the difference from the
first shows what waiting for messages costs.

Source: H.-J. Briegel, W. Dür, J. I. Cirac, P. Zoller, PRL 81, 5932 (1998);
N. Sangouard, C. Simon, H. de Riedmatten, N. Gisin, RMP 83, 33 (2011);
cut-offs as in S. Brand, T. Coopmans, D. Elkouss, IEEE JSAC 38, 619 (2020).

Example:
    >>> from qinternet_edu import RepeaterChain
    >>> chain = RepeaterChain(total_length_km=20.0, n_segments=2)
    >>> res = run_repeater_protocol(chain, 2000, seed=1, classical_delays=False)
    >>> round(res.mean_delivery_attempts / 4.89, 0)  # E[max of two geometrics] = 4.89 attempts
    1.0
"""

from __future__ import annotations

import math

import numpy as np
import simpy

from .._validation import check_int, make_rng
from ..repeaters import (
    _MAX_CUTOFF_ROUNDS,
    _MAX_ROUNDS,
    RepeaterChain,
    RepeaterChainResult,
    _bbpssw_kernel,
    _swap_kernel,
    swap_message_delay_s,
)
from ..units import fiber_delay_s

__all__ = ["run_repeater_protocol"]


class _Protocol:
    def __init__(self, chain, rng, classical_delays, env):
        link = chain.link
        self.env = env
        self.rng = rng
        self.tau = link.attempt_duration_s
        self.f_link = link.fidelity
        p = link.success_probability
        self.log_q = math.log1p(-p) if p < 1.0 else 0.0
        self.per_segment = 2**chain.purification_rounds
        self.p_swap = chain.swap_success_probability
        self.coherence = chain.pair_coherence_time_s
        self.cutoff = chain.cutoff_time_s
        self.classical = classical_delays
        self.segment_km = chain.segment_length_km
        self.heralds = 0
        self.delays = {}

    def decay(self, f, wait):
        """:func:`qinternet_edu.memory_decay` for one scalar (its validation costs more than it)."""
        if self.coherence is None or wait <= 0.0:
            return f
        return 0.25 + (f - 0.25) * math.exp(-wait / self.coherence)

    def split(self, lo, hi):
        n_seg = (hi - lo) // self.per_segment
        if n_seg > 1:
            return lo + ((n_seg + 1) // 2) * self.per_segment, True
        return lo + (hi - lo) // 2, False

    def herald(self):
        """One elementary link: a timeout of a geometric number of attempts, drawn at once."""
        if self.log_q == 0.0:
            n = 1
        else:
            n = max(1, math.ceil(math.log(1.0 - self.rng.random()) / self.log_q))
        self.heralds += 1
        wait = n * self.tau
        return self.env.timeout(wait, (self.env.now + wait, self.f_link))

    def pair(self, lo, hi):
        """Event: the pair over leaves [lo, hi) is ready; its value is (ready time, fidelity)."""
        if hi - lo == 1:
            return self.herald()
        return self.env.process(self.join(lo, hi))

    def join(self, lo, hi):
        env = self.env
        mid, swap = self.split(lo, hi)
        for _ in range(_MAX_ROUNDS):
            left, right = self.pair(lo, mid), self.pair(mid, hi)
            if self.cutoff is None:
                yield left & right
            else:
                left, right = yield from self.wait_within_cutoff(lo, mid, hi, left, right)
            (t_l, f_l), (t_r, f_r) = left.value, right.value
            # the earlier pair waited in memory for the later one
            if t_l < t_r:
                f1, f2 = self.decay(f_l, t_r - t_l), f_r
            else:
                f1, f2 = self.decay(f_r, t_l - t_r), f_l
            if swap:
                f_new, p_ok = _swap_kernel(f1, f2), self.p_swap
            else:
                f_new, p_ok = _bbpssw_kernel(f1, f2)
            ok = p_ok >= 1.0 or self.rng.random() < p_ok
            if self.classical:
                delay = self.delay(lo, mid, hi, swap)
                yield env.timeout(delay)  # the outcome's messages
                f_new = self.decay(f_new, delay)
            if ok:
                return env.now, f_new
        raise RuntimeError("repeater chain did not finish: success probabilities too small")

    def delay(self, lo, mid, hi, swap):
        """Classical time of the swap (or purification) joining [lo, mid) and [mid, hi)."""
        key = (lo, hi)
        if key not in self.delays:
            if swap:
                k = self.per_segment
                self.delays[key] = swap_message_delay_s(
                    (mid - lo) // k * self.segment_km, (hi - mid) // k * self.segment_km
                )
            else:
                self.delays[key] = float(fiber_delay_s(self.segment_km))
        return self.delays[key]

    def wait_within_cutoff(self, lo, mid, hi, left, right):
        """Wait for both pairs; one that waits longer than the cut-off is discarded and redone."""
        env, cutoff = self.env, self.cutoff
        for _ in range(_MAX_CUTOFF_ROUNDS):
            if not (left.processed or right.processed):
                yield left | right
            if left.processed and right.processed:
                return left, right
            first_is_left = left.processed
            first, other = (left, right) if first_is_left else (right, left)
            expiry = first.value[0] + cutoff
            if env.now < expiry:
                yield other | env.timeout(expiry - env.now)
            if other.processed:
                return left, right
            # the waiting pair expired: its sub-tree starts again now
            if first_is_left:
                left = self.pair(lo, mid)
            else:
                right = self.pair(mid, hi)
        raise ValueError(
            f"cutoff_time_s = {cutoff!r} is too short for these links: pairs are almost never "
            "ready together; use a longer cut-off"
        )


def _deliveries(chain, n, rng, classical_delays):
    env = simpy.Environment()
    proto = _Protocol(chain, rng, classical_delays, env)
    leaves = chain.n_segments * proto.per_segment
    times = np.empty(n)
    fids = np.empty(n)
    events = [0]

    def serve():
        for i in range(n):
            start = env.now
            t, f = yield proto.pair(0, leaves)
            times[i] = t - start
            fids[i] = f

    env.process(serve())
    step = env.step
    count = 0
    try:
        while True:
            step()
            count += 1
    except simpy.core.EmptySchedule:
        pass
    events[0] = count
    return times, fids, count, proto


def run_repeater_protocol(chain, n_deliveries, *, seed=None, classical_delays=True):
    """Run a repeater chain's textbook protocol event by event, one delivery after another.

    Args:
        chain: a :class:`qinternet_edu.RepeaterChain`.
        n_deliveries: end-to-end pairs to deliver, >= 1; the chain starts again
            after each delivery.
        seed: seed (default ``chain.seed``); same seed, same result.
        classical_delays: if True, swaps and purifications wait for their
            messages (whatever ``chain.classical_communication`` says); if
            False, they take no time, as in the default vectorized model.

    Returns:
        A :class:`qinternet_edu.RepeaterChainResult` (the same fields as
        :func:`qinternet_edu.simulate_repeater_chain`, with standard errors).
    """
    if not isinstance(chain, RepeaterChain):
        raise TypeError(f"chain must be a RepeaterChain; got {type(chain).__name__}")
    n = check_int("n_deliveries", n_deliveries, low=1)
    if not isinstance(classical_delays, bool):
        raise TypeError(f"classical_delays must be True or False; got {classical_delays!r}")
    rng = make_rng(chain.seed if seed is None else seed)
    times, fids, _, _ = _deliveries(chain, n, rng, classical_delays)
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
        mean_delivery_attempts=mean_t / chain.link.attempt_duration_s,
        delivery_times_s=times,
        fidelities=fids,
    )
