"""The core arms-race model of CORE_MODEL.md as an idiomatic Mesa (>= 3) model, for the benchmark.

Source: the shared design notes' reference/CORE_MODEL.md (the engine's reference configuration); the
arming rule is Richardson's (Richardson, *Arms and Insecurity*, 1960), the war outcome a
ratio-form contest success function (Tullock, 1980; Hirshleifer, 1989).

This is the model a Mesa user would write: one ``mesa.Model`` per run with its own seeded
random number generator, one ``mesa.Agent`` per state, phases run through ``AgentSet.do``,
a ``mesa.DataCollector`` recording military, GDP and budget share per state and year (what
the engine's ``Trajectory`` records), scalar draws from the model's ``random.Random``.
It is deliberately not vectorised: it is the baseline the engine is compared with.

One step (one year), superscript "old" = value at the start of the step:

1. Perception (every state perceives before anyone arms; one draw per observer-target pair)::

       mhat_ij = max(0, m_j_old * (1 + sigma * eps_ij)),  eps_ij ~ N(0, 1)

2. Threat: ``threat_i = od * sum_{j != i} mhat_ij``.
3. Arming: ``m_i_new = clip(m_i_old + dt*(k*threat_i - a*m_i_old + g_i), 0, cap * y_i_old)``
   with ``k = kappa / (N - 1)`` and ``g_i`` the grievance of the state's type.
4. Economy: ``y_i_new = y_i_old * (1 + dt*(r_i - c * m_i_new / y_i_old))``.
5. Crises for every unordered pair ``i < j``: ``R_ij = max(mhat_ij / (m_i_old + tiny),
   mhat_ji / (m_j_old + tiny))``, ``P(crisis) = p0 * R^beta / (1 + R^beta)``,
   ``P(war | crisis) = q_war``; the initiator is the side with the larger ratio (ties: the
   lower index).
6. War: all wars of a step are decided on the post-arming military,
   ``P(i wins) = m_i^gamma / (m_i^gamma + m_j^gamma)`` (0.5 if both are 0), and the losses
   are applied together: ``m_i *= (1-loss_m)**n_lost * (1-cost_m)**n_won``,
   ``y_i *= (1-loss_y)**n_lost``.

Conventions: military and GDP in arbitrary money units, shares and probabilities in [0, 1],
one step = ``dt`` years (default 1). Parameter names are the engine's ``Params`` keys.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any

import mesa
import numpy as np

TINY = 1e-9
"""Guard against division by a zero military in the crisis ratio (CORE_MODEL.md)."""


@dataclass(frozen=True)
class CoreParams:
    """Parameters of the core model with CORE_MODEL.md's defaults (names = engine ``Params``).

    Parameters
    ----------
    reaction : float
        Total reaction kappa; each state reacts with ``k = kappa / (N - 1)``.
    fatigue : float
        Fatigue ``a`` (per year).
    offense_defense_factor : float
        Offense-defense factor ``od`` (> 1: offense dominant).
    grievance_greedy, grievance_secure : float
        Grievance ``g`` of greedy and of security-seeking states (money units per year).
    share_greedy : float
        Probability that a state is greedy (initial conditions only).
    military_cap_share : float
        Maximum military as a share of last year's GDP.
    burden_cost : float
        Economic burden ``c`` of military spending.
    perception_noise : float
        Relative Gaussian perception noise ``sigma``.
    crisis_base_rate : float
        Crisis base rate ``p0`` per pair and step.
    crisis_sensitivity : float
        Sensitivity ``beta`` of the crisis probability to the perceived ratio.
    war_given_crisis : float
        ``q_war`` = P(war | crisis).
    decisiveness : float
        Contest decisiveness ``gamma``.
    loser_military_loss, loser_gdp_loss, winner_military_cost : float
        Loser's military and GDP losses and the winner's military cost (shares per war).
    dt : float
        Step length in years.
    """

    reaction: float = 0.2
    fatigue: float = 0.3
    offense_defense_factor: float = 1.2
    grievance_greedy: float = 0.05
    grievance_secure: float = 0.005
    share_greedy: float = 0.3
    military_cap_share: float = 0.1
    burden_cost: float = 0.2
    perception_noise: float = 0.2
    crisis_base_rate: float = 0.02
    crisis_sensitivity: float = 2.0
    war_given_crisis: float = 0.1
    decisiveness: float = 1.0
    loser_military_loss: float = 0.3
    loser_gdp_loss: float = 0.1
    winner_military_cost: float = 0.1
    dt: float = 1.0

    @classmethod
    def names(cls) -> tuple[str, ...]:
        """Return the parameter names.

        Returns
        -------
        tuple of str
            The field names, in declaration order.
        """
        return tuple(f.name for f in fields(cls))

    def as_dict(self) -> dict[str, float]:
        """Return the parameters as a plain dict.

        Returns
        -------
        dict
            Name -> value.
        """
        return asdict(self)


def core_initial(states: int, runs: int, seed: int, share_greedy: float = 0.3) -> dict:
    """Draw CORE_MODEL.md's initial conditions as arrays shaped (runs, states).

    ``y ~ U(5, 15)``, ``m = 0.02 * y * U(0.5, 1.5)``, greedy with probability
    ``share_greedy``, trend growth ``r ~ U(0.01, 0.05)``.

    Parameters
    ----------
    states, runs : int
        Array shape (runs, states).
    seed : int
        Seed of the numpy generator.
    share_greedy : float
        Probability that a state is greedy.

    Returns
    -------
    dict
        ``military``, ``gdp``, ``growth`` (float64) and ``greedy`` (bool) arrays.
    """
    rng = np.random.default_rng(seed)
    shape = (runs, states)
    gdp = rng.uniform(5.0, 15.0, shape)
    military = 0.02 * gdp * rng.uniform(0.5, 1.5, shape)
    greedy = rng.random(shape) < share_greedy
    growth = rng.uniform(0.01, 0.05, shape)
    return {"military": military, "gdp": gdp, "greedy": greedy, "growth": growth}


class State(mesa.Agent):
    """A state: its military, economy and type, and what it perceives of the others.

    Parameters
    ----------
    model : CoreModel
        The model (one run) the state belongs to.
    military, gdp : float
        Initial military and GDP (money units).
    greedy : bool
        Whether the state is greedy (revisionist) or security-seeking.
    growth : float
        Trend growth rate of GDP (per year).
    """

    def __init__(
        self, model: CoreModel, military: float, gdp: float, greedy: bool, growth: float
    ) -> None:
        super().__init__(model)
        self.military = float(military)
        self.gdp = float(gdp)
        self.greedy = bool(greedy)
        self.growth = float(growth)
        self.military_old = self.military
        self.gdp_old = self.gdp
        self.budget_share = float("nan")
        self.perceived: dict[State, float] = {}
        self.threat = 0.0
        self.wars_won = 0
        self.wars_lost = 0

    def perceive(self) -> None:
        """Perceive every other state's military with independent noise (phase 1-2)."""
        p = self.model.p
        noise = p.perception_noise
        gauss = self.random.gauss
        self.perceived = {
            other: max(0.0, other.military * (1.0 + noise * gauss(0.0, 1.0)))
            for other in self.model.agents
            if other is not self
        }
        self.threat = p.offense_defense_factor * sum(self.perceived.values())

    def arm(self) -> None:
        """Richardson response to the perceived threat, capped by last year's GDP (phase 3)."""
        p = self.model.p
        self.military_old = self.military
        self.gdp_old = self.gdp
        grievance = p.grievance_greedy if self.greedy else p.grievance_secure
        k = p.reaction / (len(self.model.agents) - 1)
        wanted = self.military + p.dt * (k * self.threat - p.fatigue * self.military + grievance)
        self.military = min(max(wanted, 0.0), p.military_cap_share * self.gdp_old)
        self.budget_share = self.military / self.gdp_old

    def grow_economy(self) -> None:
        """Trend growth less the burden of this year's military (phase 4)."""
        p = self.model.p
        self.gdp = self.gdp_old * (
            1.0 + p.dt * (self.growth - p.burden_cost * self.military / self.gdp_old)
        )

    def settle_wars(self) -> None:
        """Apply this step's war losses and costs together (phase 6)."""
        if self.wars_lost or self.wars_won:
            p = self.model.p
            self.military *= (1.0 - p.loser_military_loss) ** self.wars_lost * (
                1.0 - p.winner_military_cost
            ) ** self.wars_won
            self.gdp *= (1.0 - p.loser_gdp_loss) ** self.wars_lost
            self.wars_won = 0
            self.wars_lost = 0


class CoreModel(mesa.Model):
    """One run of the core model: N states in anarchy, arming, crises and wars.

    Parameters
    ----------
    states : int
        Number of states N (>= 2); ignored when ``initial`` is given.
    params : CoreParams or mapping, optional
        Parameters; a mapping overrides CORE_MODEL.md's defaults.
    initial : mapping, optional
        1-D arrays of length N: ``military``, ``gdp``, ``greedy``, ``growth``. When None
        they are drawn from the model's generator as CORE_MODEL.md's initial conditions.
    seed : int, optional
        Seed of the model's random number generators (Mesa's ``seed``).
    collect : bool
        Record military, GDP and budget share per state and year with a DataCollector.

    Raises
    ------
    ValueError
        If there are fewer than two states.
    """

    def __init__(
        self,
        states: int = 8,
        params: CoreParams | Mapping[str, float] | None = None,
        initial: Mapping[str, Any] | None = None,
        *,
        seed: int | None = None,
        collect: bool = True,
    ) -> None:
        super().__init__(seed=seed)
        if params is None:
            params = CoreParams()
        elif not isinstance(params, CoreParams):
            params = CoreParams(**params)
        self.p = params
        if initial is None:
            rnd = self.random
            gdp = [rnd.uniform(5.0, 15.0) for _ in range(states)]
            initial = {
                "gdp": gdp,
                "military": [0.02 * y * rnd.uniform(0.5, 1.5) for y in gdp],
                "greedy": [rnd.random() < params.share_greedy for _ in range(states)],
                "growth": [rnd.uniform(0.01, 0.05) for _ in range(states)],
            }
        n = len(initial["military"])
        if n < 2:
            raise ValueError(f"states must be >= 2, got {n}")
        State.create_agents(
            self,
            n,
            military=list(initial["military"]),
            gdp=list(initial["gdp"]),
            greedy=list(initial["greedy"]),
            growth=list(initial["growth"]),
        )
        self.events: list[tuple[int, str, int, int, int]] = []
        self.wars = 0
        self.datacollector = (
            mesa.DataCollector(
                agent_reporters={
                    "military": "military",
                    "gdp": "gdp",
                    "budget_share": "budget_share",
                }
            )
            if collect
            else None
        )
        if self.datacollector is not None:
            self.datacollector.collect(self)

    def trajectory(self) -> dict[str, np.ndarray]:
        """Return the recorded trajectory as arrays shaped (years + 1, states).

        Returns
        -------
        dict
            ``military``, ``gdp``, ``budget_share``; row 0 is the initial state.

        Raises
        ------
        RuntimeError
            If the model was built with ``collect=False``.
        """
        if self.datacollector is None:
            raise RuntimeError("the model was built with collect=False")
        frame = self.datacollector.get_agent_vars_dataframe()
        return {
            name: frame[name].unstack("AgentID").sort_index().to_numpy()
            for name in ("military", "gdp", "budget_share")
        }

    def crisis_probability(self, ratio: float) -> float:
        """P(crisis) for a perceived ratio: ``p0 * R^beta / (1 + R^beta)``.

        Parameters
        ----------
        ratio : float
            The pair's larger perceived ratio R (>= 0).

        Returns
        -------
        float
            The probability of a crisis in this pair this step.
        """
        p = self.p
        try:
            rb = ratio**p.crisis_sensitivity
        except OverflowError:
            return p.crisis_base_rate
        return p.crisis_base_rate * rb / (1.0 + rb)

    def fight(self, initiator: State, target: State) -> State:
        """Decide a war on the post-arming military; count the outcome for both sides.

        Parameters
        ----------
        initiator, target : State
            The two sides.

        Returns
        -------
        State
            The winner.
        """
        gamma = self.p.decisiveness
        a = initiator.military**gamma
        b = target.military**gamma
        p_initiator = 0.5 if a + b == 0.0 else a / (a + b)
        if self.random.random() < p_initiator:
            winner, loser = initiator, target
        else:
            winner, loser = target, initiator
        winner.wars_won += 1
        loser.wars_lost += 1
        return winner

    def step(self) -> None:
        """Advance one year: perceive, arm, grow, crises for every pair, wars, record."""
        # Each phase reads only what the previous phase wrote, so activation order does not
        # matter and the plain (unshuffled) AgentSet.do is the right call.
        self.agents.do("perceive")
        self.agents.do("arm")
        self.agents.do("grow_economy")
        year = self.steps
        p = self.p
        wars: list[tuple[State, State]] = []
        for i, j in itertools.combinations(self.agents, 2):
            ratio_i = i.perceived[j] / (i.military_old + TINY)
            ratio_j = j.perceived[i] / (j.military_old + TINY)
            if self.random.random() < self.crisis_probability(max(ratio_i, ratio_j)):
                initiator, target = (i, j) if ratio_i >= ratio_j else (j, i)
                self.events.append((year, "crisis", initiator.unique_id, target.unique_id, 0))
                if self.random.random() < p.war_given_crisis:
                    wars.append((initiator, target))
        for initiator, target in wars:
            winner = self.fight(initiator, target)
            self.events.append(
                (year, "war", initiator.unique_id, target.unique_id, winner.unique_id)
            )
        self.wars += len(wars)
        self.agents.do("settle_wars")
        if self.datacollector is not None:
            self.datacollector.collect(self)


def run_mesa(
    states: int,
    runs: int,
    years: int,
    seed: int,
    params: CoreParams | Mapping[str, float] | None = None,
    initial: Mapping[str, np.ndarray] | None = None,
    collect: bool = True,
) -> dict[str, np.ndarray]:
    """Run the Mesa model once per run (one ``CoreModel`` each) and pool the outcomes.

    Parameters
    ----------
    states, runs, years : int
        Workload: states per run, number of runs, years per run.
    seed : int
        Base seed; run ``r`` gets its own seed spawned from it.
    params : CoreParams or mapping, optional
        Parameters (CORE_MODEL.md's defaults when None).
    initial : mapping of arrays shaped (runs, states), optional
        Injected initial conditions (as in the engine's ``simulate(initial=...)``).
    collect : bool
        Use the DataCollector (as the benchmark does).

    Returns
    -------
    dict
        ``final_military`` and ``final_gdp`` (pooled over runs and states, run-major),
        ``wars_per_run`` (int) and ``crises_per_run`` (int).
    """
    children = np.random.SeedSequence(seed).spawn(runs)
    final_m = np.empty((runs, states))
    final_y = np.empty((runs, states))
    wars = np.zeros(runs, dtype=np.int64)
    crises = np.zeros(runs, dtype=np.int64)
    for r in range(runs):
        run_initial = None if initial is None else {k: v[r] for k, v in initial.items()}
        model = CoreModel(
            states,
            params,
            run_initial,
            seed=int(children[r].generate_state(1)[0]),
            collect=collect,
        )
        for _ in range(years):
            model.step()
        final_m[r] = model.agents.get("military")
        final_y[r] = model.agents.get("gdp")
        wars[r] = model.wars
        crises[r] = sum(1 for e in model.events if e[1] == "crisis")
    return {
        "final_military": final_m.ravel(),
        "final_gdp": final_y.ravel(),
        "wars_per_run": wars,
        "crises_per_run": crises,
    }
