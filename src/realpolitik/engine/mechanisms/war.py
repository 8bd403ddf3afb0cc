"""War: a contest over coalition capabilities decides each war; war destroys military and GDP.

Source: docs/engine.md; Tullock (1980) / Hirshleifer
(1989) contest success function (docs/models/contest.md); Christensen & Snyder (1990)
chain-ganging and
buck-passing, Diekmann (1985) volunteer's dilemma (docs/models/alliances.md);
docs/mechanisms.md, "War".

Equations (all wars of a step are decided on the post-arming military m_new, losses applied
together)::

    P(war | crisis) = q_war        (world.war_prob[r, p] when the crisis phase set it)
    P(side of i wins) = S_i**gamma / (S_i**gamma + S_j**gamma)   (0.5 if both are 0)
                      = 1 / (1 + (S_j / S_i)**gamma)                      (as computed)
    S_side = sum of m_new over the side's members (the dyad member alone without allies)
    m_k *= (1 - loss_m)**n_lost_k * (1 - cost_m)**n_won_k
    y_k *= (1 - loss_y)**n_lost_k

with n_lost_k / n_won_k the number of this step's wars in which state k was on the losing /
winning side.

Coalitions (``alliances`` true and pacts in ``world.allied``). For a war between initiator I
and target T (the original dyad), the eligible allies of T are the states allied with T, not
allied with I, other than I and T; those of I are allied with I, not with T. Each eligible ally
k decides by docs/models/alliances.md (``theory.alliances.chain_gang`` with ``beta_k``,
``V = alliance_stake_k``, ``K = balancing_cost_k``, ``c_war = alliance_war_cost_k`` and n = the
number of eligible allies on its side)::

    beta_k = offense_advantage_k if set, else clip((offense_defense_factor_k - 1) / 0.4, 0, 1)
    chain gang  (beta_k V > c_war):  k joins with probability 1
    otherwise:  k joins with the volunteer's-dilemma probability p_balance_each(n, beta_k V, K)
                (0 under pure buck-passing, K >= beta_k V)

``(od - 1) / 0.4`` inverts the ``offense_advantage`` convenience key
(od = 1 + 0.4 beta), so both ways of setting the offense advantage give the same beta.

Cession (``gdp_cession`` c > 0): the original dyad member on the losing side cedes GDP to the
members of the winning side, split in proportion to their military m_new (equally if the
side's military is 0). A state that loses n wars as a dyad member in a step cedes in total
``(1 - (1 - c)**n)`` of its post-loss GDP (c per war, compounded), an equal part of it in each
of those wars. Allies who joined the losing side cede nothing. Cession moves GDP, so the sum of
GDP after cession equals the sum after the war losses.

Conventions
-----------
- Draws: in the core configuration none of its own. The crisis phase's conditional uniform
  ``v`` (uniform on [0, 1) given a crisis) decides war iff ``v < q_war``; given war,
  ``w = v / q_war`` (uniform again) makes the side of the lower-indexed state i the winner iff
  ``w < P(side of i wins)``. With coalitions, one block ``rng.random((wars, N))`` is drawn in a
  step in which some war has an eligible ally (``wars`` = this step's wars in (run, pair)
  order; column k is ally k's draw; k joins iff draw < its joining probability); no other step
  draws.
- A state that fights elsewhere this step (as a dyad member or an ally) may still join: every
  war of the step is decided on m_new, and each war it fights counts once in its losses.
- The winner recorded for the event is the original dyad's winning state (I or T); the label
  comes from the original dyad too (docs/architecture.md). Joiners are recorded with
  ``world.add_joiners`` (the event's participants).
- P(i wins) is computed in the ratio form, which never overflows to inf / inf.
- The loss factors ``(1 - loss)**n`` come from small tables computed once with Python's
  ``**`` (:func:`loss_tables`), shared with the fused kernel, so both paths multiply by the same
  numbers: ``m *= table_m[n_lost] * table_c[n_won]``. Without allies and cession the coalition
  path gives the same numbers as the dyadic one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from realpolitik.engine.compiled import scalar
from realpolitik.engine.context import ChunkContext, ensure_context
from realpolitik.engine.contracts import read_only
from realpolitik.engine.keys import KeySpec, key, per_state
from realpolitik.engine.mechanisms.war_loops import fight_compiled
from realpolitik.engine.world import World
from realpolitik.theory.alliances import chain_gang

__all__ = [
    "KEYS",
    "MODELS",
    "READS",
    "REFERENCES",
    "SECTION",
    "WRITES",
    "WarConstants",
    "cession_keep",
    "fight",
    "join_probabilities",
    "loss_tables",
    "offense_advantage",
    "prepare",
    "step",
    "win_chance",
    "win_probability",
]

MODELS = (
    "wars decided by a contest success function over coalitions (chain-ganging, "
    "buck-passing), with losses of military and GDP and cession of GDP"
)
SECTION = "docs/engine.md; docs/models/contest.md; docs/models/alliances.md (chain gangs)"
READS = (
    "war_given_crisis",
    "decisiveness",
    "loser_military_loss",
    "loser_gdp_loss",
    "winner_military_cost",
    "alliances",
    "offense_advantage",
    "offense_defense_factor",
    "alliance_stake",
    "balancing_cost",
    "alliance_war_cost",
    "gdp_cession",
)
WRITES = ("war", "winner_second", "military", "gdp")
REFERENCES = ("tullock1980", "hirshleifer1989", "christensen1990", "diekmann1985")

KEYS: tuple[KeySpec, ...] = (
    key("gdp_cession", "-", 0.0,
        "share of GDP the loser cedes to the winners (split by military)", mechanism="war",
        source="docs/mechanisms.md; docs/models/contest.md", hi=1.0),
)  # fmt: skip
"""The keys this mechanism owns (:func:`~realpolitik.engine.keys.key`)."""


def loss_tables(params, states: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return ``(1 - loss)**n`` for n = 0..states-1 for the three war losses.

    Parameters
    ----------
    params
        The resolved parameters.
    states
        The table length: the number of states N for dyadic wars (a state fights at most
        N - 1 wars a step); coalition wars use N (N - 1) / 2 + 1.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray, numpy.ndarray)
        Tables for the loser's military loss, the loser's GDP loss and the winner's military
        cost, each of length ``states``.
    """
    n = range(states)
    lm = np.array([(1.0 - params.loser_military_loss) ** k for k in n])
    ly = np.array([(1.0 - params.loser_gdp_loss) ** k for k in n])
    cm = np.array([(1.0 - params.winner_military_cost) ** k for k in n])
    return lm, ly, cm


def win_probability(m_i: np.ndarray, m_j: np.ndarray, gamma: float) -> np.ndarray:
    """Return the contest success function P(i wins) (0.5 where both sides have nothing).

    Parameters
    ----------
    m_i, m_j
        Military of the two sides (>= 0).
    gamma
        Decisiveness.

    Returns
    -------
    numpy.ndarray
        P(i wins) in [0, 1].
    """
    positive = m_i > 0
    with np.errstate(over="ignore"):
        ratio = np.divide(m_j, m_i, out=np.zeros_like(m_i), where=positive)
        if gamma != 1.0:
            ratio = np.power(ratio, np.full_like(ratio, gamma))
    p = 1.0 / (1.0 + ratio)
    zero_vs_some = 0.0 if gamma > 0 else 0.5  # 0**gamma / (0**gamma + m_j**gamma)
    return np.where(positive, p, np.where(m_j > 0, zero_vs_some, 0.5))


@scalar
def win_chance(m_i: float, m_j: float, gamma: float) -> float:
    """Return one contest's P(side i wins) (the scalar :func:`win_probability`).

    Parameters
    ----------
    m_i, m_j
        The two sides' military (>= 0).
    gamma
        Decisiveness.

    Returns
    -------
    float
        ``1 / (1 + (m_j / m_i)**gamma)``; 0 (or 0.5 at gamma = 0) when only j has military,
        0.5 when neither has.
    """
    if m_i > 0.0:
        ratio = m_j / m_i
        if gamma != 1.0:
            ratio = ratio**gamma
        return 1.0 / (1.0 + ratio)
    if m_j > 0.0 and gamma > 0.0:
        return 0.0
    return 0.5


def offense_advantage(params, states: int) -> np.ndarray:
    """Return each state's offense advantage beta in [0, 1] (the beta of docs/models/alliances.md).

    Parameters
    ----------
    params
        The resolved parameters.
    states
        The number of states N.

    Returns
    -------
    numpy.ndarray
        ``(N,)``: ``offense_advantage`` where set, else
        ``clip((offense_defense_factor - 1) / 0.4, 0, 1)``.
    """
    od = per_state(params.offense_defense_factor, states)
    derived = np.clip((od - 1.0) / 0.4, 0.0, 1.0)
    oa = params.offense_advantage
    if oa is None:
        return derived
    oa = per_state(oa, states)
    return np.where(np.isnan(oa), derived, oa)


def join_probabilities(params, states: int) -> np.ndarray:
    """Return P(ally k joins its partner's war) when its side has n eligible allies.

    Parameters
    ----------
    params
        The resolved parameters.
    states
        The number of states N.

    Returns
    -------
    numpy.ndarray
        float64 ``(N, N - 1)``: entry ``[k, n]`` for n = 1..N-2 (column 0 is 0): 1 when ally k
        chain-gangs (``beta_k V_k > c_war_k``), else ``theory.alliances.chain_gang``'s
        ``p_balance_each`` (the volunteer's dilemma among n allies).
    """
    N = states
    beta = offense_advantage(params, N)
    V = per_state(params.alliance_stake, N)
    K = per_state(params.balancing_cost, N)
    c_war = per_state(params.alliance_war_cost, N)
    table = np.zeros((N, max(N - 1, 1)))
    for k in range(N):
        for n in range(1, N - 1):
            cg = chain_gang(float(beta[k]), float(V[k]), float(K[k]), n, float(c_war[k]))
            table[k, n] = 1.0 if cg.unconditional_support else cg.p_balance_each
    return table


@dataclass(frozen=True, eq=False)
class WarConstants:
    """What the war phase computes once per chunk from the parameters (:func:`prepare`).

    Attributes
    ----------
    dyadic, coalition : tuple of numpy.ndarray
        :func:`loss_tables` of length N (a state fights at most N - 1 dyadic wars a step) and
        of length max(N, P + 1) (coalition wars), read-only.
    join : numpy.ndarray or None
        :func:`join_probabilities` when ``alliances`` is on, else None.
    keep : numpy.ndarray
        :func:`cession_keep`: ``(1 - gdp_cession_k) ** n``, ``[n, k]`` for n up to the
        coalition tables' length, read-only (the compiled wars read a state's compounded
        cession here).
    """

    dyadic: tuple[np.ndarray, np.ndarray, np.ndarray]
    coalition: tuple[np.ndarray, np.ndarray, np.ndarray]
    join: np.ndarray | None
    keep: np.ndarray


def prepare(params, states: int) -> WarConstants:
    """Return the war phase's loss tables and joining probabilities (see :class:`WarConstants`).

    Parameters
    ----------
    params
        The resolved parameters in effect.
    states
        The number of states N.

    Returns
    -------
    WarConstants
        The constants.
    """
    pairs = states * (states - 1) // 2
    dyadic = tuple(read_only(t) for t in loss_tables(params, states))
    coalition = tuple(read_only(t) for t in loss_tables(params, max(states, pairs + 1)))
    join = read_only(join_probabilities(params, states)) if bool(params.alliances) else None
    keep = read_only(cession_keep(per_state(params.gdp_cession, states), max(states, pairs + 1)))
    return WarConstants(dyadic, coalition, join, keep)  # type: ignore[arg-type]


def cession_keep(c: np.ndarray, wars: int) -> np.ndarray:
    """Return the share of GDP a state keeps after ceding in n wars of a step, ``(1 - c)**n``.

    numpy's power of ``1 - c_k`` and ``n`` (as float64), the operation :func:`_cede` applies to
    each state's count of the step's wars, so a table entry has the bits of that power.

    Parameters
    ----------
    c
        ``(N,)`` the per-state cession shares.
    wars
        The table's length: n = 0 .. wars - 1.

    Returns
    -------
    numpy.ndarray
        float64 ``(wars, N)``: entry ``[n, k]`` is ``(1 - c_k) ** n``.
    """
    return (1.0 - c)[None, :] ** np.arange(wars, dtype=np.int64)[:, None]


def _coalitions_on(world: World, params) -> bool:
    allied = world.allied
    return bool(params.alliances) and allied is not None and allied.any()


def step(world: World, params, rng: np.random.Generator, ctx: ChunkContext | None = None) -> World:
    """Turn some crises into wars, decide them and apply the losses (and cession).

    Parameters
    ----------
    world
        The chunk's world; reads ``crisis``, ``crisis_u``, ``initiator_second``, the
        post-arming ``military``, and ``war_prob`` and ``allied`` where set.
    params
        The resolved parameters.
    rng
        The chunk's generator: used only for allies' joining decisions (see the module's
        conventions); the crisis phase's uniform decides war and winner.
    ctx
        The chunk's context (the loss tables and joining probabilities are prepared once per
        chunk).

    Returns
    -------
    World
        The same world with ``war``, ``winner_second`` set, losses (and cession) applied and
        joiners recorded.
    """
    ctx = ensure_context(world, params, ctx)
    params = ctx.params
    war_prob = world.war_prob
    q = params.war_given_crisis if war_prob is None else war_prob
    v = world.crisis_u
    war = world.crisis & (v < q)
    world.war[...] = war
    if not war.any():
        world.winner_second[...] = False
        return world
    const = ctx.prepared(prepare, READS)
    cession = float(np.max(per_state(params.gdp_cession, world.states)))
    if cession > 0.0 or _coalitions_on(world, params):
        return _coalition_war(world, params, rng, war, q, const)
    i, j = world.pair_i, world.pair_j
    m = world.military
    p_i = win_probability(m[:, i], m[:, j], params.decisiveness)
    w = np.divide(v, q, out=np.ones_like(v), where=war)
    second = war & ~(w < p_i)
    world.winner_second[...] = second
    first = war & ~second
    N = world.states
    E_i = np.zeros((world.pairs, N), dtype=np.int64)
    E_j = np.zeros((world.pairs, N), dtype=np.int64)
    E_i[np.arange(world.pairs), i] = 1
    E_j[np.arange(world.pairs), j] = 1
    first_i = first.astype(np.int64)
    second_i = second.astype(np.int64)
    n_lost = second_i @ E_i + first_i @ E_j
    n_won = first_i @ E_i + second_i @ E_j
    lm, ly, cm = const.dyadic
    world.military[...] = m * (lm[n_lost] * cm[n_won])
    world.gdp[...] = world.gdp * ly[n_lost]
    return world


def _coalition_war(
    world: World, params, rng: np.random.Generator, war: np.ndarray, q, const: WarConstants
) -> World:
    """Decide this step's wars between coalitions, apply losses and cession (see module)."""
    r, p = np.divmod(np.flatnonzero(war), world.pairs)  # wars in (run, pair) order
    q_w = q if np.ndim(q) == 0 else q[r, p]
    world.winner_second[...] = False
    fight(world, params, rng, r, p, world.initiator_second[r, p], world.crisis_u[r, p] / q_w,
          const)  # fmt: skip
    return world


def fight(
    world: World,
    params,
    rng: np.random.Generator,
    r: np.ndarray,
    p: np.ndarray,
    init_second: np.ndarray,
    u: np.ndarray,
    const: WarConstants,
    strength: np.ndarray | None = None,
    attack_factor: np.ndarray | None = None,
    mobilization: np.ndarray | None = None,
) -> np.ndarray:
    """Decide wars between coalitions, apply losses and cession; return who won.

    The war phase's coalition wars (module docstring), also used by the strategic decision
    phase (:mod:`~realpolitik.engine.mechanisms.decisions`), which decides on its own strengths
    and gives the initiator's side its first-strike factor.

    Parameters
    ----------
    world
        The chunk's world (``winner_second`` of the wars' pairs is set, losses applied).
    params
        The resolved parameters.
    rng
        The generator for allies' joining draws (one block ``random((wars, N))`` when some war
        has an eligible ally).
    r, p
        The wars' runs and unordered pairs, in (run, pair) order.
    init_second
        Bool per war: the initiator is the pair's higher-indexed state j.
    u
        One uniform on [0, 1) per war: the side of the pair's state i wins iff ``u < P``.
    const
        The war phase's constants (loss tables, joining probabilities).
    strength
        ``(runs, N)`` the strength each side's members add up to (default: military).
    attack_factor
        Per war, the factor on the initiator side's strength (default: none).
    mobilization
        ``(N,)``: with no ``strength``, each member adds ``military + mobilization * gdp``
        (the strategic engine's ``C = m + mob y``; the compiled loops compute it at the wars'
        states only).

    Returns
    -------
    numpy.ndarray
        Bool per war: the side of the pair's state i won.
    """
    R, N = world.runs, world.states
    c = per_state(params.gdp_cession, N)
    join_on = _coalitions_on(world, params)
    gamma = params.decisiveness
    fast = fight_compiled(world, rng, r, p, init_second, u, const, gamma, join_on, c, strength,
                          attack_factor, mobilization)  # fmt: skip
    if fast is not None:
        return fast
    if strength is None and mobilization is not None:
        strength = world.military + mobilization[None, :] * world.gdp
    nw = r.size
    rows = np.arange(nw)
    i, j = world.pair_i[p], world.pair_j[p]
    ini = np.where(init_second, j, i)
    tgt = np.where(init_second, i, j)
    side_I = np.zeros((nw, N), dtype=bool)
    side_T = np.zeros((nw, N), dtype=bool)
    side_I[rows, ini] = True
    side_T[rows, tgt] = True
    if join_on:
        _join(world, rng, r, p, ini, tgt, side_I, side_T, const)
    m = world.military
    m_w = m[r]
    s_w = m_w if strength is None else strength[r]
    side_i = np.where(init_second[:, None], side_T, side_I)  # the side of pair member i
    side_j = np.where(init_second[:, None], side_I, side_T)
    S_i = np.where(side_i, s_w, 0.0).sum(axis=1)
    S_j = np.where(side_j, s_w, 0.0).sum(axis=1)
    if attack_factor is not None:
        S_i = S_i * np.where(init_second, 1.0, attack_factor)
        S_j = S_j * np.where(init_second, attack_factor, 1.0)
    p_i = win_probability(S_i, S_j, params.decisiveness)
    first = u < p_i
    world.winner_second[r, p] = ~first
    winners = np.where(first[:, None], side_i, side_j)
    losers = np.where(first[:, None], side_j, side_i)
    n_lost = np.zeros((R, N), dtype=np.int64)
    n_won = np.zeros((R, N), dtype=np.int64)
    np.add.at(n_lost, r, losers.astype(np.int64))
    np.add.at(n_won, r, winners.astype(np.int64))
    lm, ly, cm = const.coalition
    world.military[...] = m * (lm[n_lost] * cm[n_won])
    world.gdp[...] = world.gdp * ly[n_lost]
    if np.any(c > 0.0):
        _cede(world, r, np.where(first, j, i), winners, m_w, c)
    return first


def _join(world, rng, r, p, ini, tgt, side_I, side_T, const) -> None:
    """Add the allies who join each war to its sides (chain gangs, volunteer's dilemma)."""
    N = world.states
    rows = np.arange(r.size)
    allied = world.allied[r]  # (wars, N, N)
    of_I = allied[rows, ini]
    of_T = allied[rows, tgt]
    elig_I = of_I & ~of_T
    elig_T = of_T & ~of_I
    for elig in (elig_I, elig_T):
        elig[rows, ini] = False
        elig[rows, tgt] = False
    eligible = elig_I | elig_T
    if not eligible.any():
        return
    table = const.join
    n_I = elig_I.sum(axis=1)
    n_T = elig_T.sum(axis=1)
    n_side = np.where(elig_I, n_I[:, None], n_T[:, None])
    prob = np.where(eligible, table[np.arange(N)[None, :], n_side], 0.0)
    u = rng.random((r.size, N))
    joins = eligible & (u < prob)
    side_I |= joins & elig_I
    side_T |= joins & elig_T
    jw, jk = np.nonzero(joins)
    if jw.size:
        world.add_joiners(r[jw], p[jw], jk)


def _cede(
    world: World,
    r: np.ndarray,
    loser: np.ndarray,
    winners: np.ndarray,
    m_w: np.ndarray,
    c: np.ndarray,
) -> None:
    """Move ``gdp_cession`` of each losing dyad member's GDP to the winning side (see module)."""
    R, N = world.runs, world.states
    y = world.gdp
    n_ceded = np.zeros((R, N), dtype=np.int64)
    np.add.at(n_ceded, (r, loser), 1)
    keep = (1.0 - c)[None, :] ** n_ceded
    total = y * (1.0 - keep)  # each state's total cession this step (0 where it lost none)
    per_war = total[r, loser] / n_ceded[r, loser]
    weight = np.where(winners, m_w, 0.0)
    S = weight.sum(axis=1)
    weight = np.where(
        (S > 0.0)[:, None],
        weight / np.where(S > 0.0, S, 1.0)[:, None],
        winners / winners.sum(axis=1)[:, None],
    )
    gains = np.zeros((R, N))
    np.add.at(gains, r, per_war[:, None] * weight)
    world.gdp[...] = (y - total) + gains
