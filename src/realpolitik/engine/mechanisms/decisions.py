"""Decisions: every war chosen by a state, for the literature's reasons (the strategic engine).

Sources: J. Fearon, "Rationalist Explanations for War", *International Organization* 49(3),
1995 (demands under private information and mutual optimism; the risk-return trade-off);
T. Schelling, *The Strategy of Conflict* (1960), ch. 9 (the reciprocal fear of surprise
attack); R. Jervis, "Cooperation under the Security Dilemma", *World Politics* 30(2), 1978
(offense dominance as a first-move advantage); A. Kydd, *Trust and Mistrust in International
Relations* (2005) (fear from beliefs about types); R. Powell, "War as a Commitment Problem",
*International Organization* 60(1), 2006 (preventive war against a rising rival); J. Fearon,
"Domestic Political Audiences and the Escalation of International Disputes", *APSR* 88(3),
1994 (audience costs). docs/strategic.md describes the rules, their defaults and what they
produce.

This module owns the strategic engine's keys (``decisions = "strategic"`` switches it on) and
runs the decision phase, the last phase of a year (after arming, growth, alliances, deterrence
and domestic politics; the hazard model's crisis and war phases are idle under the strategic
engine); the equations live in :mod:`realpolitik.engine.strategy`. With
``decisions = "hazard"`` (the core model's crises at a fixed rate) the phase returns at once,
drawing nothing.

One year, all runs and ordered pairs at once:

1. Each state's yearly GDP growth (measured before the year's wars) enters its trend window;
   settlements and peace treaties count down.
2. Perception: i sees j's post-arming military with noise ``sigma_i (1 - transparency)``; GDP,
   pacts and its own strength exactly (:func:`~realpolitik.engine.strategy.values.perceive`).
3. Every ordered pair's choice (:mod:`~realpolitik.engine.strategy.choices`): prevention, then
   preemption, then a nuclear first strike; otherwise a demand where war would pay.
4. Selection (:func:`~realpolitik.engine.strategy.resolve.select`): strikes, one per unordered
   pair; then each state that strikes no one makes at most one demand, on its best target.
5. Answers (:func:`~realpolitik.engine.strategy.resolve.answer`): a crisis re-perception (noise
   shrunk by the ``hotline``), the target's private cost draw, concede or resist; a resisted
   challenger fights or backs down (audience cost).
6. Wars are decided together on true strengths ``C = m + mob y`` by the contest success
   function with the initiator's first-strike factor ``od_I`` and the allies who join
   (:func:`~realpolitik.engine.mechanisms.war.fight`: losses, cession); nuclear strikes destroy
   GDP on both sides; a war makes a peace of ``settlement_years`` between the two.
7. Concessions are paid in ascending challenger order out of the target's current GDP; the
   challenger makes no new demand on that target for ``settlement_years``.

Events (one per unordered pair and year): a demand has a crisis row (``outcome`` war, conceded or
backed_down; a war adds its war row); a strike has only a war row (``strike`` true). ``cause``:
prevention, preemption (conventional or nuclear), hawk_bias (the demand would not have been
fought with no hawk bias on either side) or bargaining_failure. ``misperceived``: with every
perceived strength replaced by the truth (beliefs, cost draws and biases kept) the initiator
would not have chosen war against this target (pair-level). ``mistrusted``: the initiator's
trust in its target was below its minimum trust pi* (Kydd) while the target was a security
seeker. ``transfer``: GDP moved by a conceded demand; ``audience_paid``: a challenger's audience
cost for backing down (recorded, not deducted). The label (security-dilemma war, deterrence
failure, justified preemption) comes from the true types as in the hazard model.

Random draws per year: one ``standard_normal((runs, N, N))`` block for the perceptions; in a
year with a strike or demand, one ``random((runs, N, N))`` block of private cost draws and one
normal block for the crisis perceptions; in a year with a war, ``random(wars)`` for the
winners and the allies' joining draws. Deterministic for a seed whatever the workers.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from realpolitik.analysis.vocabulary import CAUSES, OUTCOMES
from realpolitik.engine.context import ChunkContext, ensure_context
from realpolitik.engine.keys import KeySpec, key
from realpolitik.engine.mechanisms import war
from realpolitik.engine.recorder import (
    FLAG_CONCEDED,
    FLAG_MISPERCEIVED,
    FLAG_NUCLEAR,
    FLAG_STRIKE,
    EventColumn,
)
from realpolitik.engine.strategy import constants
from realpolitik.engine.strategy.choices import KIND_NUCLEAR, KIND_PREVENTION, bargain, pair_choices
from realpolitik.engine.strategy.decide_loops import decide_compiled
from realpolitik.engine.strategy.kernels import BLOCK, pcg64_loops, trend_compiled
from realpolitik.engine.strategy.resolve import answer, list_moves, select
from realpolitik.engine.strategy.resolve_loops import (
    hawkless_compiled,
    pay_compiled,
    record_compiled,
    wars_compiled,
)
from realpolitik.engine.strategy.sparse import (
    counterfactual_compiled,
    crisis_compiled,
    hawkless_sparse,
)
from realpolitik.engine.strategy.values import Perception, perceive, war_values, without_hawks
from realpolitik.engine.world import World

__all__ = [
    "COLUMNS", "KEYS", "MODELS", "READS", "REFERENCES", "SECTION", "WRITES", "Pending", "decide",
    "resolve", "step",
]  # fmt: skip

MODELS = (
    "wars chosen by states: demands under private information, preemption out of fear, "
    "prevention against a rising rival, nuclear first strikes"
)
SECTION = "docs/strategic.md"
REFERENCES = ("fearon1995", "schelling1960", "jervis1978", "kydd2005", "powell2006")

_SRC = "docs/strategic.md"
_key = functools.partial(key, mechanism="decisions", source=_SRC, requires="decisions")

KEYS: tuple[KeySpec, ...] = (
    key("decisions", "-", "hazard",
        "how wars start: 'hazard' (crises at a fixed rate, the core model) or 'strategic' "
        "(every war chosen by a state)", mechanism="decisions", source=_SRC, kind="choice",
        choices=("hazard", "strategic")),
    _key("mobilization", "mob", 0.05,
         "share of GDP a state turns into military power in a long war: C = m + mob * y",
         per_state=True, hi=1.0),
    _key("conquest_value_greedy", "v_G", 1.0,
         "value a greedy state puts on a unit of conquered GDP", per_state=True),
    _key("conquest_value_secure", "v_S", 0.0,
         "value a security seeker puts on a unit of conquered GDP (0: security is its only "
         "motive)", per_state=True),
    _key("cost_uncertainty", "u", 1.5,
         "width of the private cost band: the target's cost is c (1 + u (xi - 1/2)), xi ~ U(0,1)",
         hi=2.0, hi_open=True),
    _key("patience", "delta", 0.9,
         "discount factor of future concessions in the preventive-war test (0: no prevention)",
         hi=1.0, hi_open=True),
    _key("projection_years", "T", 5, "years ahead a state projects the balance of strength",
         kind="int", lo=1.0, hi=100.0),
    _key("trend_window", "-", 10, "years of economic growth averaged into the projection",
         kind="int", lo=1.0, hi=100.0),
    _key("settlement_years", "-", 5,
         "years a concession or a war's peace settles a pair (no new demand, no new war)",
         kind="int", lo=0.0, hi=1000.0),
)  # fmt: skip
"""The keys this mechanism owns (:func:`~realpolitik.engine.keys.key`)."""

READS = constants.READS
WRITES = (
    "military", "gdp", "crisis", "war", "initiator_second", "winner_second", "event_flags",
    "settled", "peace", "growth_log",
)  # fmt: skip

COLUMNS = (
    EventColumn("outcome", "category", OUTCOMES,
                "how the event ended: a war, a conceded demand, or a challenger backing down"),
    EventColumn("cause", "category", CAUSES,
                "why the initiator chose war (prevention, preemption, hawk bias, or a resisted "
                "demand: bargaining failure)"),
    EventColumn("mistrusted", "bool", (),
                "the initiator's trust in its target was below its minimum trust while the "
                "target was a security seeker"),
    EventColumn("transfer", "float", (), "GDP moved from target to challenger by a concession"),
    EventColumn("audience_paid", "float", (),
                "audience cost (GDP units) a challenger paid for backing down"),
    EventColumn("strike", "bool", (),
                "the war was a strike with no demand before it (prevention or preemption): it "
                "has no crisis row"),
)  # fmt: skip
"""The event columns this phase writes."""


def records_columns(params) -> bool:
    """Return whether the phase writes its event columns: only under the strategic engine."""
    return params.decisions == "strategic"


def step(world: World, params, rng: np.random.Generator, ctx: ChunkContext | None = None) -> World:
    """Run one year's decisions and wars (module docstring); nothing under ``hazard``.

    The year in two halves, :func:`decide` then :func:`resolve` (a
    :class:`~realpolitik.engine.policy.Stepper` pauses between them for a person's answers).

    Parameters
    ----------
    world
        The chunk's world after arming, growth, alliances, deterrence and domestic politics.
    params
        The resolved parameters.
    rng
        The chunk's generator: one ``standard_normal((runs, N, N))`` block for the year's
        perceptions; in a year with a demand one ``random((runs, N, N))`` block of private cost
        draws and one normal block for the crisis perceptions; in a year with a war one
        ``random(wars)`` block for the winners (and the allies' joining draws).
    ctx
        The chunk's context (``ctx.policies``: the states whose decisions a user's policy makes).

    Returns
    -------
    World
        The same world, with the year's events, losses, cessions and concessions applied.
    """
    if params.decisions != "strategic":
        return world
    year = decide(world, params, rng, ctx)
    return world if year is None else resolve(year)


@dataclass(eq=False)
class Pending:
    """A year's decisions made and not yet answered (what :func:`resolve` needs)."""

    world: World
    params: object
    rng: np.random.Generator
    ctx: ChunkContext
    const: object
    m: np.ndarray
    y: np.ndarray
    mu: np.ndarray
    trend: np.ndarray | None
    eligible: np.ndarray
    allied: np.ndarray | None
    view: Perception
    vals: object
    choices: object
    year: object = None

    @property
    def policies(self):
        """The chunk's policies (:class:`~realpolitik.engine.policy.runtime.PolicyRuntime`)."""
        return getattr(self.ctx, "policies", None)


def decide(
    world: World, params, rng: np.random.Generator, ctx: ChunkContext | None = None
) -> Pending | None:
    """Perceive, choose and select this year's strikes and demands (steps 1-4); None if none.

    Draws the year's perception block; policies replace their states' strikes (after
    :func:`~realpolitik.engine.strategy.choices.pair_choices`) and demands (after
    :func:`~realpolitik.engine.strategy.resolve.select`). Without policies, the compiled passes
    of :mod:`~realpolitik.engine.strategy.decide_loops` count down, perceive and choose on the
    chunk's buffers (the same bits; the values the year does not read are None there).
    """
    ctx = ensure_context(world, params, ctx)
    params = ctx.params
    const = ctx.prepared(constants.prepare, READS)
    const.nuclear = world.nuclear
    trend = _trend(world, const)
    _allocate(world)
    m, y = world.military, world.gdp
    mu = _beliefs(world, const)
    allied = world.allied if bool(params.alliances) else None
    fast = None
    if getattr(ctx, "policies", None) is None:  # a policy reads every pair: the full arrays
        fast = decide_compiled(world, const, rng, trend, mu, allied, ctx.scratch("decisions"))
    if fast is None:
        _count_down(world)
        eligible = _eligible(world, allied)
        view = perceive(m, const.noise, rng)
        vals = war_values(view, m, y, world.greedy, allied, const)
        choices = pair_choices(vals, view, m, y, mu, trend, eligible, const)
    else:
        view, eligible, vals, choices = fast
    p = Pending(world, params, rng, ctx, const, m, y, mu, trend, eligible, allied, view, vals,
                choices)  # fmt: skip
    if p.policies is not None:
        p.policies.strikes(p)
    p.year = select(choices, world.settled)
    if p.policies is not None:
        p.policies.demands(p)
    if not (p.year.strike.any() or p.year.demand.any()):
        return None
    return p


def resolve(p: Pending) -> World:
    """Answer the year's demands, fight its wars and pay its concessions (steps 5-7)."""
    world, rng, const = p.world, p.rng, p.const
    R, N = world.runs, world.states
    moves = _moves(p.year, N, listed=p.policies is None)
    xi, whole = _cost_draws(p, moves, (R, N, N))
    scale = const.noise * (1.0 - const.hotline)
    answered = None if p.policies is not None else _answer_demands(p, moves, xi, scale)
    if answered is None:  # (nothing drawn since the cost draws)
        xi = whole()
        answered = _answer_everywhere(p, moves, xi, scale)
    conceded, fights, backed, hawk = answered
    fought = moves.strike | fights
    misperceived = fought & ~_truth(p, moves, fought, xi)
    _record(world, moves, conceded, fought, misperceived, hawk, p.mu, const)
    _reveal(world, moves, const)
    if fought.any():
        _fight(world, p.params, rng, p.ctx, moves, fought, const)
    _pay(world, moves, conceded, p.choices.bargain.x, p.vals.stake, const)
    _backed_down(world, moves, backed, p.vals.stake, const)
    return world


def _cost_draws(p: Pending, moves, shape: tuple) -> tuple:
    """Return the targets' private cost draws (the ``rng.random((runs, N, N))`` block) and a redraw.

    Without policies, on the compiled route (the engine's PCG64, N <=
    :data:`~realpolitik.engine.strategy.kernels.BLOCK`) only the moves' draws are read (the
    crisis, the hawk and truth counterfactuals, at the moves), so only they are made
    (:func:`~realpolitik.engine.strategy.pcg64.uniform_at`: numpy's bits there, NaN elsewhere,
    the generator left as the whole block leaves it). The second value returns the whole block
    (the generator put back and the block drawn), for a crisis answered at every pair.
    """
    pcg64 = pcg64_loops(p.rng)
    if p.policies is None and pcg64 is not None and shape[1] <= BLOCK:
        before = p.rng.bit_generator.state

        def whole() -> np.ndarray:
            p.rng.bit_generator.state = before
            return p.rng.random(shape)

        return pcg64.uniform_at(p.rng, shape, moves.t), whole
    xi = p.rng.random(shape)
    return xi, lambda: xi


@dataclass(eq=False)
class _Moves:
    """The year's strikes and demands, one entry per ordered pair, in (run, i, j) order."""

    t: np.ndarray  # flat index of (run, i, j) in a (runs, N, N) array
    r: np.ndarray
    i: np.ndarray
    j: np.ndarray
    strike: np.ndarray  # bool: a strike (else a demand)
    kind: np.ndarray  # the strike kind (0: a demand)

    def pick(self, which: np.ndarray) -> tuple:
        """Return ``(r, i, j)`` of the moves ``which`` (bool per move) selects."""
        return self.r[which], self.i[which], self.j[which]


def _moves(year, N: int, listed: bool = False) -> _Moves:
    """List the year's strikes and demands (one scan of the ``(runs, N, N)`` arrays).

    ``listed``: take the list the compiled selection made (``year.moves``, where present; a
    policy's demands change the arrays after the selection, so not with policies).
    """
    if listed and year.moves is not None:
        t, r, i, j, kind = year.moves
        return _Moves(t, r, i, j, kind > 0, kind)
    t, r, i, j, _ = list_moves(year.strike, year.kind, year.demand)
    return _Moves(t, r, i, j, np.take(year.strike, t), np.take(year.kind, t))


def _answer_everywhere(p: Pending, moves: _Moves, xi: np.ndarray, scale: np.ndarray) -> tuple:
    """Return the answers and the hawk-bias wars per move, the crisis values at every pair.

    The numpy reference, and the route of a year with policies (they read the whole crisis
    view and may change the hotline's scale and the answers). Returns (conceded, fought,
    backed down, hawk bias), bool per move (False at strikes).
    """
    world, const, m, y = p.world, p.const, p.m, p.y
    year, vals, b = p.year, p.vals, p.choices.bargain
    if p.policies is not None:
        scale = p.policies.crisis_scale(p, scale)
    cview = perceive(m, scale, p.rng)
    # without policies only the demands' values are read (answers, the hawk counterfactual)
    read = year.demand if p.policies is None else None
    cvals = war_values(cview, m, y, world.greedy, p.allied, const, pairs=read)

    def answers(x: np.ndarray):
        return answer(year.demand, x, b.c_target, xi, cvals.p_def, cvals.W_atk, vals.stake, const)

    ans = answers(b.x)
    if p.policies is not None:
        ans = p.policies.answers(p, ans, cview, cvals, answers)
    hawk = ans.fought & ~_fought_without_hawks(p.view, vals, cvals, y, p.mu, p.eligible, xi,
                                               const, ans.fought)  # fmt: skip
    return tuple(np.take(a, moves.t) for a in (ans.conceded, ans.fought, ans.backed_down, hawk))


def _answer_demands(p: Pending, moves: _Moves, xi: np.ndarray, scale: np.ndarray) -> tuple | None:
    """Return :func:`_answer_everywhere`'s answers, the crisis values computed at the demands.

    The same draws and bits without policies
    (:func:`~realpolitik.engine.strategy.sparse.crisis_compiled` on the move list, the strikes
    skipped); None when the compiled loops are off.
    """
    const = p.const
    crisis = crisis_compiled((moves.r, moves.i, moves.j), p.m, p.y, p.world.greedy, p.allied,
                             const, scale, p.rng, p.choices.bargain, p.vals.stake, xi,
                             moves.strike)  # fmt: skip
    if crisis is None:
        return None
    conceded, fights, backed = crisis.answers
    if np.any(const.hawk > 0.0):
        still = hawkless_sparse(crisis, p.eligible, p.vals, p.view, p.y, p.mu, xi, const)
        return conceded, fights, backed, fights & ~still
    return conceded, fights, backed, np.zeros(fights.shape, dtype=bool)


def _truth(p: Pending, moves: _Moves, fought: np.ndarray, xi: np.ndarray) -> np.ndarray:
    """Return, per move, whether it would be a war with every perception the truth.

    False where nothing was fought; computed at the wars only
    (:func:`~realpolitik.engine.strategy.sparse.counterfactual_compiled`, else
    :func:`_counterfactual`).
    """
    out = np.zeros(fought.shape, dtype=bool)
    if not fought.any():
        return out
    wars, args = moves.pick(fought), (p.mu, p.trend, p.eligible, xi, p.allied, p.const)
    got = counterfactual_compiled(wars, p.m, p.y, p.world.greedy, *args)
    if got is None:
        pairs = np.zeros(p.eligible.shape, dtype=bool)
        pairs[wars] = True
        got = _counterfactual(p.world, p.m, p.y, *args, pairs)[wars]
    out[fought] = got
    return out


def _reveal(world: World, moves: _Moves, const) -> None:
    """Reveal greed by a demand: it is public, and only a state that values conquest makes one.

    A security seeker values conquest at ``conquest_value_secure``; when that is 0 and the
    challenger has no hawk bias, its war value of attacking is never positive, so every
    observer's belief that the challenger is a security seeker drops to 0 (a state's belief in
    itself stays 1). Otherwise a demand does not separate the types and beliefs are left alone.
    """
    reveals = (const.v_secure <= 0.0) & (const.hawk <= 0.0)  # per challenger
    if world.beliefs is None or not reveals.any():
        return
    r, i, _ = moves.pick(~moves.strike & reveals[moves.i])
    if r.size:
        world.beliefs[r, :, i] = 0.0
        world.beliefs[r, i, i] = 1.0


def _trend(world: World, const) -> np.ndarray | None:
    """Store this year's log GDP growth (before wars) and return the mean over the window."""
    W = const.trend_window
    R, N = world.runs, world.states
    if world.growth_log is None or world.growth_log.shape[1] != W:
        world.growth_log = np.zeros((R, W, N))
        world.growth_seen = 0
    with np.errstate(divide="ignore", invalid="ignore"):
        g = np.log(world.gdp / world.gdp_old)
    slot, n = world.growth_seen % W, min(world.growth_seen + 1, W)
    world.growth_seen += 1
    fast = trend_compiled(g, world.growth_log, slot, n)
    if fast is not None:
        return fast
    world.growth_log[:, slot] = np.where(np.isfinite(g), g, 0.0)
    return world.growth_log[:, :n].mean(axis=1)


def _allocate(world: World) -> None:
    """Allocate the settlement and peace countdowns (zeros) where absent."""
    R, N = world.runs, world.states
    for name in ("settled", "peace"):
        if getattr(world, name) is None:
            setattr(world, name, np.zeros((R, N, N), dtype=np.int16))


def _count_down(world: World) -> None:
    """Count the settlement and peace countdowns down by one year (a zero stays zero)."""
    for arr in (world.settled, world.peace):
        np.subtract(arr, 1, out=arr, where=arr > 0)


def _beliefs(world: World, const) -> np.ndarray:
    """Return mu_ij: the beliefs mechanism's, else the prior ``1 - share_greedy_j``."""
    if world.beliefs is not None:
        return world.beliefs
    R, N = world.runs, world.states
    return np.broadcast_to(1.0 - const.share_greedy[None, None, :], (R, N, N))


def _eligible(world: World, allied: np.ndarray | None) -> np.ndarray:
    """Return the ordered pairs that may go to war: distinct, not allied, not at peace."""
    R, N = world.runs, world.states
    ok = np.broadcast_to(~np.eye(N, dtype=bool)[None], (R, N, N)) & (world.peace <= 0)
    if allied is not None:
        ok = ok & ~allied
    return ok


def _runs_with(pairs: np.ndarray, *arrays):
    """Return the runs with a True pair, and each array (None stays None) at those runs.

    A run's decisions depend on its own arrays only, so a counterfactual computed on these
    runs alone gives their pairs the same bits as one computed on every run.
    """
    rows = np.flatnonzero(pairs.any(axis=(1, 2)))
    return rows, [None if a is None else a[rows] for a in arrays]


def _counterfactual(world, m, y, mu, trend, eligible, xi, allied, const, fought) -> np.ndarray:
    """Return the ordered pairs that would go to war with every perception replaced by the truth.

    Beliefs, cost draws and biases are kept; the decision is pair-level (a strike, or a demand
    resisted and fought), as the ``misperceived`` column needs; it is computed only in the runs
    with a war this year (``fought``), and False elsewhere (the war values only at the wars).
    """
    out = np.zeros(fought.shape, dtype=bool)
    rows, (greedy, m, y, mu, trend, eligible, xi, allied, pairs) = _runs_with(
        fought, world.greedy, m, y, mu, trend, eligible, xi, allied, fought
    )
    if not rows.size:
        return out
    truth = Perception(np.broadcast_to(m[:, None, :], (m.shape[0], m.shape[1], m.shape[1])))
    tv = war_values(truth, m, y, greedy, allied, const, pairs=pairs)  # only the wars are read
    tc = pair_choices(tv, truth, m, y, mu, trend, eligible, const)
    b = tc.bargain
    ans = answer(tc.demand, b.x, b.c_target, xi, tv.p_def, tv.W_atk, tv.stake, const)
    out[rows] = (tc.strike_kind > 0) | ans.fought
    return out


def _fought_without_hawks(view, vals, cvals, y, mu, eligible, xi, const, fought):
    """Return the demands that would still be fought with no hawk bias on either side.

    Computed only in the runs with a fought demand (``fought``); True elsewhere and when no
    state has a hawk bias. The views are the year's and the crisis's (``vals``, ``cvals``: their
    values with hawks), so only the attack values change
    (:func:`~realpolitik.engine.strategy.values.without_hawks`).
    """
    out = np.ones(eligible.shape, dtype=bool)
    if not np.any(const.hawk > 0.0):
        return out
    fast = hawkless_compiled(fought, eligible, vals, cvals, view, y, mu, xi, const)
    if fast is not None:
        return fast
    rows, (mh, y, mu, eligible, xi) = _runs_with(fought, view.mhat, y, mu, eligible, xi)
    if not rows.size:
        return out
    hv = without_hawks(vals, rows, y, const)
    hcv = without_hawks(cvals, rows, y, const)
    hb = bargain(hv, Perception(mh), y, mu, const)
    demand = eligible & (hv.stake > 0.0) & (hv.W_atk > 0.0)
    out[rows] = answer(demand, hb.x, hb.c_target, xi, hcv.p_def, hcv.W_atk, hv.stake, const).fought
    return out


def _pairs(world: World, r, i, j):
    """Return the unordered pair index and initiator_second of ordered pairs (i, j)."""
    N = world.states
    lo, hi = np.minimum(i, j), np.maximum(i, j)
    p = lo * N - lo * (lo + 1) // 2 + (hi - lo - 1)
    return p, i > j


def _record(world: World, moves, conceded, fought, misperceived, hawk, mu, const) -> None:
    """Write the year's events (crisis/war codes, flags and the declared columns).

    ``conceded``, ``fought``, ``misperceived`` and ``hawk`` (a hawk-bias war) are bool per
    move (:class:`_Moves`). One compiled loop over the moves writes them
    (:func:`~realpolitik.engine.strategy.resolve_loops.record_compiled`: the numpy operations
    below cost their calls, some twenty per year); the numpy operations are the reference.
    """
    if not moves.t.size:
        return
    nuc = None if const.nuclear is None else const.nuclear.pair
    codes = (KIND_PREVENTION, KIND_NUCLEAR, FLAG_STRIKE, FLAG_CONCEDED, FLAG_NUCLEAR,
             FLAG_MISPERCEIVED)  # fmt: skip
    events = (world.crisis, world.initiator_second, world.war, world.event_flags)
    columns = tuple(world.event_column(COLUMNS[k]) for k in (0, 1, 2, 5))
    if record_compiled((moves.r, moves.i, moves.j, moves.kind), (conceded, fought, hawk),
                       misperceived, mu, const.pi_star, world.greedy, nuc, codes, events,
                       columns):  # fmt: skip
        return
    r, i, j, strike, kind = moves.r, moves.i, moves.j, moves.strike, moves.kind
    p, second = _pairs(world, r, i, j)
    rp = r * world.pairs + p  # flat (run, pair) indices
    np.put(world.crisis, rp, True)
    np.put(world.initiator_second, rp, second)
    np.put(world.war, rp, fought)
    nuclear = kind == KIND_NUCLEAR
    if const.nuclear is not None:
        nuclear = nuclear | const.nuclear.pair[p]
    flags = (strike * FLAG_STRIKE) | (conceded * FLAG_CONCEDED) | (nuclear * FLAG_NUCLEAR)
    flags |= misperceived * FLAG_MISPERCEIVED
    np.put(world.event_flags, rp, np.take(world.event_flags, rp) | flags.astype(np.uint16))
    np.put(world.event_column(COLUMNS[0]), rp, np.where(fought, 0, np.where(conceded, 1, 2)))
    cause = np.where(kind == KIND_PREVENTION, 0, np.where(kind > 0, 1, np.where(hawk, 2, 3)))
    np.put(world.event_column(COLUMNS[1]), rp, np.where(fought, cause, -1))
    mistrusted = fought & (mu[r, i, j] < const.pi_star[i])
    mistrusted &= ~np.take(world.greedy, r * world.states + j)
    np.put(world.event_column(COLUMNS[2]), rp, mistrusted)
    np.put(world.event_column(COLUMNS[5]), rp, strike)


def _fight(world, params, rng, ctx, moves, fought, const) -> None:
    """Decide the year's wars on true strengths with the initiators' first-strike factor.

    The wars are listed in (run, pair) order, with their peace countdowns set, by one compiled
    loop (:func:`~realpolitik.engine.strategy.resolve_loops.wars_compiled`); the numpy
    operations below are the reference.
    """
    wc = ctx.prepared(war.prepare, war.READS)
    N = world.states
    listed = wars_compiled((moves.r, moves.i, moves.j, moves.kind), fought, const.od,
                           KIND_NUCLEAR, world.peace, const.settlement_years)  # fmt: skip
    if listed is not None:
        r, p, i, j, second, nuc, od, any_nuclear = listed
        u = rng.random(r.size)
        war.fight(world, params, rng, r, p, second, u, wc, None, od, const.mobilization)
        if any_nuclear:
            _strike_damage(world, r[nuc], i[nuc], j[nuc], const)
        return
    r, i, j = moves.pick(fought)
    p, second = _pairs(world, r, i, j)
    order = np.argsort(r * world.pairs + p, kind="stable")  # (run, pair) order
    r, i, j, p, second = r[order], i[order], j[order], p[order], second[order]
    strength = world.military + const.mobilization[None, :] * world.gdp
    u = rng.random(r.size)
    war.fight(world, params, rng, r, p, second, u, wc, strength, const.od[i])
    nuc = moves.kind[fought][order] == KIND_NUCLEAR
    if nuc.any():
        _strike_damage(world, r[nuc], i[nuc], j[nuc], const)
    np.put(world.peace, (r * N + i) * N + j, const.settlement_years)
    np.put(world.peace, (r * N + j) * N + i, const.settlement_years)


def _strike_damage(world: World, r, i, j, const) -> None:
    """Destroy GDP on both sides of the year's nuclear strikes (initiator i, target j)."""
    D = const.nuclear
    keep = np.ones_like(world.gdp)
    np.multiply.at(keep, (r, i), 1.0 - D.damage_first[i, j])
    np.multiply.at(keep, (r, j), 1.0 - D.damage_second[j, i])
    world.gdp *= keep


def _pay(world: World, moves, conceded, x: np.ndarray, stake: np.ndarray, const) -> None:
    """Pay conceded demands ``x S`` in ascending challenger order, out of each target's GDP.

    ``conceded``: bool per move (:class:`_Moves`); ``x``, ``stake`` ``(runs, N, N)``.
    """
    if not conceded.any():
        return
    col = world.event_column(COLUMNS[3])
    if pay_compiled((moves.r, moves.i, moves.j), conceded, x, stake, world.gdp, world.settled,
                    col, const.settlement_years):  # fmt: skip
        return
    t = moves.t[conceded]
    r, k, j = moves.pick(conceded)
    amount = np.take(x, t) * np.take(stake, t)
    for c in range(world.states):
        sel = k == c
        if not sel.any():
            continue
        rr, jj = r[sel], j[sel]
        paid = np.minimum(amount[sel], world.gdp[rr, jj])
        world.gdp[rr, jj] -= paid
        world.gdp[rr, c] += paid
        p, _ = _pairs(world, rr, k[sel], jj)
        col[rr, p] = paid
        world.settled[rr, c, jj] = const.settlement_years


def _backed_down(world: World, moves, backed, stake: np.ndarray, const) -> None:
    """Record the audience cost a challenger pays for backing down (GDP units; bool per move)."""
    if backed.any():
        r, i, j = moves.pick(backed)
        p, _ = _pairs(world, r, i, j)
        cost = const.audience[i] * np.take(stake, moves.t[backed])
        world.event_column(COLUMNS[4])[r, p] = cost
