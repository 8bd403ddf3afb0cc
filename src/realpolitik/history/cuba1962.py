"""The Cuban missile crisis, 16-28 October 1962, played day by day (docs/history.md).

A competition in risk taking (Schelling 1966; Powell 1990) with audience costs (Fearon 1994)
over an escalation ladder, vectorised over runs (a loop over the 13 days, none over runs).

Model
-----
Each run draws the two sides' stakes ``v`` and costs of nuclear war ``c`` around the central
values of :data:`INPUTS` (log-normal, log-sd ``spread``). A side's resolve is the largest
cumulative risk of war it accepts rather than back down,
``rho = (v + a) / (v + a + c)``: the resolve ``v / (v + c)`` of the competition in risk taking
(:func:`realpolitik.theory.deterrence.war_of_nerves`) with the audience cost ``a`` of backing down
after a public commitment added to what backing down loses, as in Fearon's (1994) war of
attrition (:mod:`realpolitik.theory.audience` solves its one-shot version). Each side holds a
point belief about the other's resolve; every day of the public crisis it reads the other's
resolve with noise ``noise`` and moves its belief a share ``learning`` towards the reading, and
the other's staying in reveals that its resolve is at least the risk run so far.

Each day, in this order:

1. A side backs down when the cumulative risk it would have to accept to outlast the other,
   ``max(R, belief)``, exceeds its resolve (Powell 1990). The USSR decides only once the crisis
   reaches Moscow (23 October). Both backing down on one day is a compromise.
2. A side that stays climbs at most one rung of the ladder (0 talk, 1 quarantine, 2 DEFCON 2
   alert, 3 air strike or invasion; the Soviet rungs are 1 running the quarantine, 2 the Warsaw
   Pact alert, 3 firing on US forces), to the highest rung open on that date whose risk for
   the day keeps ``R`` within its resolve.
3. The crisis stands at the higher of the two rungs. At rungs 1-2 incidents arrive at a daily
   rate (Schelling's threat that leaves something to chance; Sagan 1993). An incident is no one's
   decision to fight: it becomes war only when the side that suffers it reads it, with noise, as
   a deliberate attack and answers in kind (it answers when its reading of the other's intent to
   attack, truly 0, exceeds 1/2). The reading noise of an incident is set so that without the
   hotline an incident is answered with probability ``p_incident_war`` (``p_u2_war`` for the U-2
   shoot-down of 27 October, a certain incident): ``P = Phi(Phi^-1(p) * f)`` with ``f`` the factor
   by which a channel divides that noise (1 without the hotline). Rung 3 is a deliberate strike
   that becomes nuclear war with probability ``p_strike_war``. ``R`` accumulates the day's risk,
   and the sides choose their rungs from it (step 2), so a clearer channel also lets them climb.

Outcomes: "Soviet withdrawal" (the USSR backs down; the historical outcome, with the secret
Jupiter pledge of 27 October), "compromise" (both back down on one day, or the USSR withdraws
against a public Jupiter trade), "US concession" (the US accepts the missiles), "war", and
"unresolved" (still in crisis at the end of 28 October).

Counterfactuals: ``hotline=True`` (the 1963 Moscow-Washington line) divides the noise of the
daily reading of resolve by ``hotline_noise`` and the noise of reading an incident by
``hotline_incident_noise``: it lowers the chance of war only through fewer misreadings;
``jupiter=True`` offers the Jupiter trade publicly from 22 October, which removes the Soviet
audience cost of backing down (the historical secret pledge removes half of it from 27 October).

A single crisis cannot be calibrated out of sample: every input is set from the sources named in
:data:`INPUTS` and :data:`EVENTS` (none is tuned to the outcome).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from realpolitik.analysis.intervals import normal_interval
from realpolitik.history.calibrate import HistoryError
from realpolitik.history.cases import CaseResult, Outcome, Series
from realpolitik.theory.deterrence import war_of_nerves, war_of_nerves_uncertain

__all__ = [
    "CONDITIONS",
    "DAYS",
    "EVENTS",
    "INPUTS",
    "OBSERVED_US_RUNG",
    "OUTCOMES",
    "REFERENCES",
    "RUNGS",
    "Crisis",
    "CrisisInput",
    "case",
    "label",
    "outcome_table",
    "outcomes",
    "simulate",
]

#: BibTeX keys (see :mod:`realpolitik.citations`) of the model and its inputs.
REFERENCES: tuple[str, ...] = (
    "schelling1966",
    "powell1990",
    "fearon1994",
    "allison1999",
    "fursenko1997",
    "sagan1993",
    "lebow1994",
    "sorensen1965",
)

#: Days of October 1962 played: discovery (16) to Khrushchev's public acceptance (28).
DAYS: tuple[int, ...] = tuple(range(16, 29))

#: The escalation ladder, rung 0 to 3 (US names; the Soviet rungs are their answers).
RUNGS: tuple[str, ...] = ("talk", "quarantine", "DEFCON 2 alert", "air strike or invasion")

#: Outcome labels, in the order of :attr:`Crisis.counts`.
OUTCOMES: tuple[str, ...] = (
    "Soviet withdrawal",
    "compromise",
    "US concession",
    "war",
    "unresolved",
)
_WITHDRAW, _COMPROMISE, _US_CONCEDES, _WAR, _OPEN = range(5)

#: Runs of :func:`case` per condition and its seed.
CASE_RUNS, CASE_SEED = 4000, 1962
_MAX_RUNS = 1_000_000  # memory: about 300 bytes per run and day


@dataclass(frozen=True)
class CrisisInput:
    """One input of the crisis model.

    Attributes
    ----------
    name : str
        The keyword of :func:`simulate` that overrides it.
    value : float
        The central value, read from the sources (not fitted).
    lo, hi : float
        Allowed range of an override (inclusive).
    units, meaning, source : str
        Its units, what it is, and where the value comes from (author year).
    """

    name: str
    value: float
    lo: float
    hi: float
    units: str
    meaning: str
    source: str


_U = "US cost of nuclear war = 1"

#: The inputs with their sources. Values are readings of the sources, not fits.
INPUTS: tuple[CrisisInput, ...] = (
    CrisisInput("v_usa", 0.5, 0.0, 100.0, _U, "US stake: the missiles out of Cuba",
                "Kennedy put the odds of war at one in three to even (Sorensen 1965) and went "
                "on: a resolve of about 1/3 before audience costs, v/(v+c) = 1/3"),
    CrisisInput("c_usa", 1.0, 1e-6, 100.0, _U, "US cost of nuclear war (the unit)",
                "scale of the utilities"),
    CrisisInput("v_ussr", 0.5, 0.0, 100.0, _U, "Soviet stake: Cuba's defence and the balance",
                "equal to the US stake: both motives weighed in Fursenko and Naftali (1997) and "
                "Allison and Zelikow (1999); no source supports a larger one"),
    CrisisInput("c_ussr", 3.0, 1e-6, 100.0, _U, "Soviet cost of nuclear war",
                "about ten times more US than Soviet strategic warheads could be delivered "
                "(about 3,000 against 300; Allison and Zelikow 1999); damage grows less than "
                "in proportion, so a factor 3 (a judgement)"),
    CrisisInput("spread", 0.3, 0.0, 2.0, "log-sd", "run-to-run spread of stakes and costs",
                "the uncertainty of the judgements above"),
    CrisisInput("a_usa", 0.3, 0.0, 100.0, _U, "US audience cost of backing down",
                "Kennedy's public warnings of 4 and 13 September 1962 against offensive "
                "weapons in Cuba, renewed in the address of 22 October, weeks before the "
                "midterm elections (Allison and Zelikow 1999; Fearon 1994)"),
    CrisisInput("a_ussr", 0.3, 0.0, 100.0, _U, "Soviet audience cost of backing down",
                "the TASS statement of 11 September 1962 committed Khrushchev to Cuba's "
                "defence; the Presidium cited Cuba when it ousted him in 1964 (Fursenko and "
                "Naftali 1997); set equal to the US one"),
    CrisisInput("bias_ussr", 0.5, 0.0, 1.0, "factor", "Khrushchev's initial reading of US resolve",
                "he judged Kennedy weak after the Bay of Pigs and Vienna 1961 (Lebow and Stein "
                "1994; Fursenko and Naftali 1997): half of its value"),
    CrisisInput("noise", 0.15, 0.0, 1.0, "resolve", "sd of a day's reading of the other's resolve",
                "messages went by cable and took hours (Khrushchev's letter of 26 October about "
                "twelve; Allison and Zelikow 1999); a judgement"),
    CrisisInput("learning", 0.25, 0.0, 1.0, "share", "weight of a day's reading in the belief",
                "a judgement: about four days to take in a changed signal"),
    CrisisInput("incidents_1", 0.5, 0.0, 10.0, "1/day", "incident rate at the quarantine rung",
                "naval encounters, submarines forced to surface (Sagan 1993)"),
    CrisisInput("incidents_2", 1.0, 0.0, 10.0, "1/day", "incident rate at DEFCON 2",
                "about one serious incident a day under the alert: false warnings, a test "
                "launch from Vandenberg, a U-2 lost over Chukotka (Sagan 1993)"),
    CrisisInput("p_incident_war", 0.02, 0.0, 1.0, "probability",
                "chance an incident is misread as an attack and answered (no hotline)",
                "none of about ten did (Sagan 1993): a few percent is consistent with that"),
    CrisisInput("p_u2_war", 0.1, 0.0, 1.0, "probability",
                "chance the U-2 shoot-down is answered as an attack (no hotline)",
                "ExComm had agreed to strike a SAM site if a U-2 was downed; Kennedy held back "
                "on 27 October (Allison and Zelikow 1999)"),
    CrisisInput("p_strike_war", 0.5, 0.0, 1.0, "probability", "chance a strike becomes war",
                "Soviet tactical nuclear weapons were in Cuba, unknown to the US (Fursenko and "
                "Naftali 1997); a judgement"),
    CrisisInput("hotline_noise", 3.0, 1.0, 100.0, "factor",
                "hotline: noise of reading resolve divided by",
                "teletype messages in minutes, not hours (hotline memorandum, 20 June 1963)"),
    CrisisInput("hotline_incident_noise", 2.0, 1.0, 100.0, "factor",
                "hotline: noise of reading an incident divided by",
                "an incident explained within the hour (Lebow and Stein 1994); less than for "
                "resolve, since an incident must first be known at the top; a judgement"),
    CrisisInput("secret_share", 0.5, 0.0, 1.0, "share", "audience cost lifted by the secret pledge",
                "Robert Kennedy's pledge to Dobrynin on 27 October was private: it saved face in "
                "the Presidium, not in public (Fursenko and Naftali 1997)"),
)  # fmt: skip
_INPUT = {i.name: i for i in INPUTS}

#: Dated events that open rungs and commitments: (day, what, effect in the model, source).
EVENTS: tuple[tuple[int, str, str, str], ...] = (
    (16, "Kennedy shown the U-2 photographs", "first day; US rungs 0 only (secret ExComm)",
     "Allison and Zelikow 1999"),
    (22, "address: quarantine proclaimed, DEFCON 3", "crisis public; US rung 1 open",
     "Allison and Zelikow 1999"),
    (23, "Soviet statement; Warsaw Pact alert", "Soviet rungs open; the USSR decides and "
     "both sides read each other's resolve from now",
     "Fursenko and Naftali 1997"),
    (24, "quarantine in force; SAC at DEFCON 2", "US rungs 2-3 open", "Sagan 1993"),
    (27, "U-2 shot down over Cuba; secret Jupiter pledge", "a certain incident; secret "
     "pledge lowers the Soviet audience cost", "Allison and Zelikow 1999"),
    (28, "Khrushchev accepts on Radio Moscow", "last day", "Fursenko and Naftali 1997"),
)  # fmt: skip
# The address reached Moscow at 2 a.m. on 23 October: the Presidium's first decisions and the
# first exchanges (the Soviet statement, Khrushchev's letter) are of the 23rd.
_PUBLIC, _MOSCOW, _US_RUNG3, _SECRET_DAY, _U2_DAY = 22, 23, 24, 27, 27
_PUBLIC_TRADE_DAY = _PUBLIC

#: Observed US rung each day (0 before 22 October and on the day of the settlement).
OBSERVED_US_RUNG: tuple[int, ...] = (0, 0, 0, 0, 0, 0, 1, 1, 2, 2, 2, 2, 0)


def _cap(side: int, day: int) -> int:
    """Highest rung open to ``side`` (0 US, 1 USSR) on ``day``, from :data:`EVENTS`."""
    if side == 0:
        return 0 if day < _PUBLIC else (1 if day < _US_RUNG3 else 3)
    return 0 if day < _MOSCOW else 3


@dataclass(frozen=True, eq=False)  # arrays: compared by identity
class Crisis:
    """Simulated runs of the crisis.

    Attributes
    ----------
    outcome : numpy.ndarray
        Per run, an index into :data:`OUTCOMES`.
    day : numpy.ndarray
        Per run, the day of October the crisis ended (-1 if unresolved).
    rung_usa, rung_ussr : numpy.ndarray
        Rung of each side, shape (runs, days); 0 once settled, 3 once at war.
    risk : numpy.ndarray
        Cumulative risk of war run by the end of the crisis, per run.
    hotline, jupiter : bool
        The counterfactual switches.
    """

    outcome: np.ndarray
    day: np.ndarray
    rung_usa: np.ndarray
    rung_ussr: np.ndarray
    risk: np.ndarray
    hotline: bool
    jupiter: bool

    @property
    def counts(self) -> dict[str, int]:
        """Number of runs per outcome, in :data:`OUTCOMES` order."""
        n = np.bincount(self.outcome, minlength=len(OUTCOMES))
        return {name: int(k) for name, k in zip(OUTCOMES, n, strict=True)}

    @property
    def probabilities(self) -> dict[str, float]:
        """Share of runs per outcome (they sum to 1)."""
        runs = self.outcome.size
        return {name: k / runs for name, k in self.counts.items()}


def _params(runs: int, seed: int, options: dict[str, float]) -> dict[str, float]:
    """Check ``runs``, ``seed`` and the input overrides; return the inputs by name."""
    if (
        isinstance(runs, bool)
        or not isinstance(runs, int | np.integer)
        or not (1 <= runs <= _MAX_RUNS)
    ):
        raise HistoryError(f"runs = {runs!r} is out of range; allowed: integers 1..{_MAX_RUNS:,}")
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise HistoryError(f"seed = {seed!r} is out of range; allowed: integers >= 0")
    out = {i.name: i.value for i in INPUTS}
    for name, value in options.items():
        if name not in _INPUT:
            raise HistoryError(f"cuba1962 option {name!r} is unknown; allowed: {sorted(_INPUT)}")
        spec = _INPUT[name]
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        if not ok or not math.isfinite(value) or not spec.lo <= value <= spec.hi:
            raise HistoryError(
                f"cuba1962 option {name} = {value!r} is out of range; allowed: "
                f"[{spec.lo:g}, {spec.hi:g}]"
            )
        out[name] = float(value)
    return out


def answered(p_answer: float, clarity: float) -> float:
    """Chance an incident is read as a deliberate attack and answered, with a clearer channel.

    The side that suffers the incident reads the other's intent to attack (truly 0) with normal
    noise and answers when the reading exceeds 1/2; the noise is the one that answers with
    probability ``p_answer`` through the normal channel, divided by ``clarity`` (>= 1):
    ``Phi(Phi^-1(p_answer) * clarity)``.
    """
    from scipy.stats import norm

    return float(norm.cdf(norm.ppf(p_answer) * clarity))


def _hazards(p: dict[str, float], hotline: bool) -> tuple[np.ndarray, float]:
    """Daily risk of war at each rung, and the U-2 shoot-down's chance of war."""
    clarity = p["hotline_incident_noise"] if hotline else 1.0
    war = answered(p["p_incident_war"], clarity)
    rates = np.array([0.0, p["incidents_1"], p["incidents_2"]])
    h = np.append(1.0 - np.exp(-rates * war), p["p_strike_war"])
    return h, answered(p["p_u2_war"], clarity)


def simulate(
    runs: int = CASE_RUNS,
    seed: int = CASE_SEED,
    *,
    hotline: bool = False,
    jupiter: bool = False,
    **options: float,
) -> Crisis:
    """Play the crisis day by day, 16-28 October 1962, in ``runs`` independent runs.

    Parameters
    ----------
    runs : int
        Independent runs, 1..1,000,000.
    seed : int
        Root seed (>= 0). The same seed gives the same runs, and the counterfactuals share the
        random numbers of the historical runs (common random numbers).
    hotline : bool
        The 1963 hotline: less noise in reading resolve and in reading incidents.
    jupiter : bool
        The Jupiter trade offered publicly from 22 October (no Soviet audience cost).
    **options : float
        Overrides of :data:`INPUTS` by name, each within its range.

    Returns
    -------
    Crisis
        Per-run outcomes, end days, rungs and cumulative risk.

    Raises
    ------
    HistoryError
        A bad ``runs`` or ``seed``, an unknown option or a value outside its range.
    """
    p = _params(runs, seed, options)
    rng = np.random.default_rng(seed)
    n, days = int(runs), len(DAYS)
    draws = rng.standard_normal((3, 2, n))  # stakes, costs, first beliefs
    readings = rng.standard_normal((days, 2, n))
    uniforms = rng.random((days, n))
    v = np.array([[p["v_usa"]], [p["v_ussr"]]]) * np.exp(p["spread"] * draws[0])
    c = np.array([[p["c_usa"]], [p["c_ussr"]]]) * np.exp(p["spread"] * draws[1])
    noise = p["noise"] / (p["hotline_noise"] if hotline else 1.0)
    h, u2 = _hazards(p, hotline)

    def resolve(day: int) -> np.ndarray:
        share = 0.0
        if jupiter and day >= _PUBLIC_TRADE_DAY:
            share = 1.0
        elif day >= _SECRET_DAY:
            share = p["secret_share"]
        a = np.array([[p["a_usa"]], [p["a_ussr"] * (1.0 - share)]])
        return (v + a) / (v + a + c)

    rho = resolve(DAYS[0])
    first = rho[::-1] * np.array([[1.0], [p["bias_ussr"]]]) + p["noise"] * draws[2]
    belief = np.clip(first, 0.0, 1.0)  # from intelligence before the crisis: no hotline
    rung = np.zeros((2, n), dtype=np.int64)
    log = np.zeros((days, 2, n), dtype=np.int8)
    risk, open_ = np.zeros(n), np.ones(n, dtype=bool)
    outcome, end = np.full(n, _OPEN), np.full(n, -1)
    for t, day in enumerate(DAYS):
        rho = resolve(day)
        if day >= _MOSCOW:
            reading = rho[::-1] + noise * readings[t]
            belief = (1.0 - p["learning"]) * belief + p["learning"] * reading
        belief = np.clip(np.maximum(belief, risk), 0.0, 1.0)
        backs = open_ & (np.maximum(risk, belief) > rho)
        backs[1] &= day >= _MOSCOW
        settled = backs[0] | backs[1]
        soviet = _COMPROMISE if jupiter and day >= _PUBLIC_TRADE_DAY else _WITHDRAW
        outcome[backs[1] & ~backs[0]] = soviet
        outcome[backs[0] & ~backs[1]] = _US_CONCEDES
        outcome[backs[0] & backs[1]] = _COMPROMISE
        end[settled] = day
        open_ &= ~settled
        rung = _climb(rung, risk, rho, h, day) * open_
        level = rung.max(axis=0)
        daily = h[level]
        if day == _U2_DAY:
            daily = 1.0 - (1.0 - daily) * (1.0 - u2 * (level >= 1))
        war = open_ & (uniforms[t] < daily)
        outcome[war], end[war] = _WAR, day
        risk = np.where(open_, 1.0 - (1.0 - risk) * (1.0 - daily), risk)
        open_ &= ~war
        log[t] = np.where(outcome == _WAR, 3, rung)
    return Crisis(outcome, end, log[:, 0].T.copy(), log[:, 1].T.copy(), risk, hotline, jupiter)


def _climb(
    rung: np.ndarray, risk: np.ndarray, rho: np.ndarray, h: np.ndarray, day: int
) -> np.ndarray:
    """Each side's rung for the day: at most one up, the highest whose day keeps risk <= rho."""
    new = np.zeros_like(rung)
    for side in (0, 1):
        top = np.minimum(rung[side] + 1, _cap(side, day))
        for k in range(1, len(RUNGS)):
            fits = (1.0 - (1.0 - risk) * (1.0 - h[k]) <= rho[side]) & (k <= top)
            new[side] = np.where(fits, k, new[side])
    return new


#: The four conditions of :func:`outcome_table`: (hotline, jupiter).
CONDITIONS: tuple[tuple[bool, bool], ...] = (
    (False, False),
    (True, False),
    (False, True),
    (True, True),
)


def label(hotline: bool, jupiter: bool) -> str:
    """Name of a condition: ``"historical"``, ``"hotline"``, ``"jupiter"`` or both."""
    return {
        (False, False): "historical",
        (True, False): "hotline",
        (False, True): "jupiter",
        (True, True): "hotline and jupiter",
    }[(hotline, jupiter)]


def outcomes(crisis: Crisis) -> tuple[Outcome, ...]:
    """Return a simulated condition's outcome shares with Wilson 95% intervals (run = unit)."""
    runs = crisis.outcome.size
    name = label(crisis.hotline, crisis.jupiter)
    return tuple(
        Outcome.from_counts(f"{k} ({name})", hits, runs) for k, hits in crisis.counts.items()
    )


def outcome_table(runs: int = CASE_RUNS, seed: int = CASE_SEED) -> tuple[Outcome, ...]:
    """Return the outcome shares under the historical inputs and each counterfactual.

    The four conditions share their random numbers (same ``seed``), so their differences are
    paired run by run.
    """
    return tuple(
        o for hl, jp in CONDITIONS for o in outcomes(simulate(runs, seed, hotline=hl, jupiter=jp))
    )


def _paired(a: np.ndarray, b: np.ndarray) -> str:
    """``b - a`` of two per-run indicators with its paired 95% interval, as text."""
    mean, lo, hi = normal_interval(b.astype(float) - a.astype(float))
    return f"{mean:+.3f} [{lo:+.3f}, {hi:+.3f}]"


def _us_rung_series(crisis: Crisis) -> Series:
    """Return the observed US rung by day with the model's 5-50-95% quantiles over runs."""
    lo, med, hi = np.percentile(crisis.rung_usa, [5, 50, 95], axis=0)
    return Series(
        "US rung (0 talk - 3 strike)",
        DAYS,
        tuple(float(x) for x in OBSERVED_US_RUNG),
        tuple(map(float, lo)),
        tuple(map(float, med)),
        tuple(map(float, hi)),
    )


def _findings(runs: dict[object, Crisis]) -> tuple[str, ...]:
    hist, hot, jup = runs[CONDITIONS[0]], runs[CONDITIONS[1]], runs[CONDITIONS[2]]
    p, n = hist.probabilities, hist.outcome.size
    modal = max(p, key=p.__getitem__)
    c = {i.name: i.value for i in INPUTS}
    sure = war_of_nerves(
        c["v_usa"] + c["a_usa"], c["c_usa"], c["v_ussr"] + c["a_ussr"], c["c_ussr"]
    )
    blind = war_of_nerves_uncertain(sure.rho_A)
    ended = hist.day[(hist.outcome == _WITHDRAW)]
    war = hist.outcome == _WAR
    peace = np.isin(hist.outcome, (_WITHDRAW, _COMPROMISE))
    peace_j = np.isin(jup.outcome, (_WITHDRAW, _COMPROMISE))
    return (
        f"Under the historical inputs the most likely outcome is {modal} "
        f"({p[modal]:.3f} of {n:,} runs); US concession {p['US concession']:.3f}, war "
        f"{p['war']:.3f}, still in crisis on 28 October {p['unresolved']:.3f}.",
        f"With complete information (central inputs) the USSR, resolve {sure.rho_B:.2f} against "
        f"{sure.rho_A:.2f}, would back down at once with no war (Powell 1990); the risk run in "
        f"the model comes from Khrushchev's misreading of US resolve. Had the US known nothing "
        f"of Soviet resolve (uniform), war would have had probability {blind.p_war:.2f}.",
        f"The model settles earlier than history: the USSR withdraws on median day "
        f"{np.median(ended):.0f} October (28 in history), having run a mean cumulative risk of "
        f"war of {hist.risk.mean():.3f}, far below Kennedy's one in three to even.",
        f"The hotline changes P(war) by {_paired(war, hot.outcome == _WAR)} (paired over {n:,} "
        f"runs, 95% interval): {_paired(war, runs['readings'].outcome == _WAR)} through clearer "
        f"readings of resolve alone and {_paired(war, runs['accidents'].outcome == _WAR)} "
        f"through fewer incidents misread as attacks alone. It cuts US concessions by "
        f"{_paired(hot.outcome == _US_CONCEDES, hist.outcome == _US_CONCEDES)}.",
        f"A public Jupiter trade changes the share of peaceful Soviet withdrawal or compromise "
        f"by {_paired(peace, peace_j)}: without the audience cost of backing down the USSR "
        f"concedes sooner.",
    )


def case(runs: int = CASE_RUNS, seed: int = CASE_SEED) -> CaseResult:
    """Return the cuba1962 case: the US rung by day and the outcomes under each condition."""
    sims: dict[object, Crisis] = {
        (hl, jp): simulate(runs, seed, hotline=hl, jupiter=jp) for hl, jp in CONDITIONS
    }
    # the hotline's two channels one at a time (the other's factor set to 1)
    sims["readings"] = simulate(runs, seed, hotline=True, hotline_incident_noise=1.0)
    sims["accidents"] = simulate(runs, seed, hotline=True, hotline_noise=1.0)
    return CaseResult(
        name="cuba1962",
        title="The Cuban missile crisis, 16-28 October 1962",
        scenario="cuba1962",
        units="rung of the ladder (0-3)",
        fit_years="not calibrated (inputs from sources)",
        split=None,
        series=(_us_rung_series(sims[CONDITIONS[0]]),),
        outcomes=tuple(o for cond in CONDITIONS for o in outcomes(sims[cond])),
        findings=_findings(sims),
        sources=REFERENCES,
    )
