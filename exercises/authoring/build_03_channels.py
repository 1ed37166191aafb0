"""Build the instructor source of exercises 03 (run from the repository root).

    python exercises/authoring/build_03_channels.py
    jupyter nbconvert --to notebook --execute --inplace \
        --ExecutePreprocessor.record_timing=False exercises/source/03_channels/03_channels.ipynb
    qinternet-edu release
"""

from qinternet_edu.exercises.authoring import (
    Markdown,
    TaskCells,
    build_source_notebook,
    write_notebook,
)

CELLS = [
    Markdown(
        """\
Optical losses are quoted in **decibels**: a loss of D dB lets through the fraction
η = 10^(−D/10) of the photons (the *transmissivity*). Decibels add up along a link:
L km of fiber at α dB/km lose αL dB, and every connector, filter or lens adds its own."""
    ),
    TaskCells(
        "03.1",
        answer="link_transmissivity",
        prompt="""\
**Input:** `length_km` of fiber with loss `attenuation_db_per_km`, and `extra_loss_db` of
other optics in the link.

**Goal:** return the transmissivity η of the whole link (a float in (0, 1]).""",
        solution='''\
def link_transmissivity(length_km, attenuation_db_per_km, extra_loss_db):
    """Return the fraction of photons that cross the whole link."""
    ### BEGIN SOLUTION
    total_db = attenuation_db_per_km * length_km + extra_loss_db
    return 10 ** (-total_db / 10)
    ### END SOLUTION''',
    ),
    Markdown(
        """\
### Detectors and dark counts

A threshold detector only says *click* or *no click*. Each photon that reaches it is
detected with probability `efficiency`, and in every detection window a **dark count** fires
with probability `dark_count_probability`, photon or not. A laser pulse attenuated to
mean photon number μ holds a Poisson-distributed number of photons."""
    ),
    TaskCells(
        "03.2",
        answer="click_probability",
        prompt="""\
**Input:** the channel's transmissivity `eta_channel`, the detector's `efficiency` and
`dark_count_probability`, and `mean_photon_number`: `None` when a single photon is sent,
otherwise μ of a weak coherent pulse.

**Goal:** return the probability that the detector clicks in the window of that pulse.""",
        solution='''\
def click_probability(eta_channel, efficiency, dark_count_probability, mean_photon_number):
    """Return the probability of a click behind the channel."""
    ### BEGIN SOLUTION
    if mean_photon_number is None:
        p_no_photon_detected = 1 - eta_channel * efficiency
    else:
        p_no_photon_detected = np.exp(-eta_channel * efficiency * mean_photon_number)
    return 1 - (1 - dark_count_probability) * p_no_photon_detected
    ### END SOLUTION''',
    ),
    Markdown(
        """\
### How far can a single photon go?

The further the fiber, the rarer the photon clicks, while dark counts keep their pace. A
link is useless once clicks from photons no longer clearly outnumber dark counts."""
    ),
    TaskCells(
        "03.3",
        answer="max_length_km",
        prompt="""\
**Input:** a detector's `efficiency` and `dark_count_probability`, the fiber's
`attenuation_db_per_km`, and a required `signal_to_noise` ratio.

**Goal:** return the longest fiber (in km) for which the probability that a sent single
photon is detected, η × efficiency, is at least `signal_to_noise` times the dark-count
probability. If even a lossless link (η = 1) falls short, return `0.0`.""",
        solution='''\
def max_length_km(efficiency, dark_count_probability, attenuation_db_per_km, signal_to_noise):
    """Return the longest fiber with eta * efficiency >= signal_to_noise * p_dark."""
    ### BEGIN SOLUTION
    eta_min = signal_to_noise * dark_count_probability / efficiency
    if eta_min >= 1:
        return 0.0
    budget_db = qie.transmissivity_to_db(eta_min)
    return budget_db / attenuation_db_per_km
    ### END SOLUTION''',
    ),
    Markdown(
        """\
### The PLOB bound

No amplifier can restore a quantum signal, and no protocol without repeaters can beat the
**PLOB bound**: at most −log₂(1 − η) secret bits per use of a channel of transmissivity η
(Pirandola, Laurenza, Ottaviani, Banchi, 2017). A source that sends `repetition_rate_hz`
pulses per second uses the channel that many times per second."""
    ),
    TaskCells(
        "03.4",
        answer="plob_rate",
        prompt="""\
**Input:** `length_km` of fiber with loss `attenuation_db_per_km`, and the
`repetition_rate_hz` of the source.

**Goal:** return the largest secret-key rate, in bits per second, that any repeaterless
protocol could reach over this fiber.""",
        solution='''\
def plob_rate(length_km, attenuation_db_per_km, repetition_rate_hz):
    """Return the PLOB bound on the key rate in bits per second."""
    ### BEGIN SOLUTION
    eta = link_transmissivity(length_km, attenuation_db_per_km, 0.0)
    return repetition_rate_hz * -np.log2(1 - eta)
    ### END SOLUTION''',
    ),
    Markdown(
        """\
Compare with the record: Boaron et al. (2018) distributed secret keys over 421 km of
ultra-low-loss fiber, at 6.5 bits per second over 405 km with a 2.5 GHz source. How close
to the PLOB limit is that? Try `plob_rate(405, 0.17, 2.5e9)`."""
    ),
]

if __name__ == "__main__":
    notebook = build_source_notebook(
        "03",
        intro="Decibels and fiber loss, detector clicks and dark counts, the reach of a "
        "single-photon link, and the PLOB limit on repeaterless key rates.",
        cells=CELLS,
    )
    print(write_notebook(notebook, "exercises/source/03_channels/03_channels.ipynb"))
