"""Arms control with guardrails: treaty caps, cheating by greedy types, and verification.

Source: docs/engine.md ("treaty caps (greedy types may cheat; verification catches cheating
with a set probability)"); docs/mechanisms.md, "Arms control"; docs/models/spiral.md (what detection
does to beliefs: Bayes' rule when only greedy types cheat) and 10 (verification). The
literature: Schelling and Halperin's view of arms control as cooperation between adversaries
(Schelling 1960), its security-dilemma reading (Jervis 1978; Glaser 2010) and Kydd's
reassurance and trust (Kydd 2005).

Equations, for run r, member state i of a treaty in force (y_old = last year's GDP)::

    cheat_i    = greedy_i  and  u_i < cheat_prob_greedy_i        (security seekers never cheat)
    limit_i    = treaty_cap_share_i * y_i_old   if not cheat_i  else  inf
    detected_i = cheat_i  and  w_i < verification_i
    detected_i  =>  mu_ki = 0 for every observer k != i             (Bayes: P(cheat | secure) = 0)
    any detected and treaty_collapse_on_detection  =>  treaty_in_force = False (from next year)

Non-members and runs without a treaty in force get ``limit = inf``; arming then applies
``m_new = min(m_new, military_limit)`` on top of its own budget cap.

Conventions
-----------
- The treaty. When the scenario's schedule manages the treaty (it holds a ``treaty_sign`` or
  ``treaty_end`` event, :mod:`~realpolitik.engine.mechanisms.schedule`), the fields
  ``world.treaty_in_force`` / ``world.treaty_members`` it sets say who is bound (nothing
  before the signature; ``treaty_year`` is not used) and this mechanism only ends the treaty
  on detection. Otherwise the parameters define it: with ``treaty_cap_share`` finite for some
  state, the treaty enters into force in every run at the step of year ``treaty_year`` (the
  step with ``world.year == treaty_year``, whose arming sets the military recorded for year
  ``treaty_year + 1``), with every state a member (this mechanism then allocates the two
  fields).
  Either way the fields persist: a collapsed treaty stays collapsed unless the schedule signs
  it again. A member whose ``treaty_cap_share`` is ``inf`` is bound by nothing.
- A scenario's schedule can change the treaty's cap share and the verification probability
  in a given year (the parameters every phase receives have the schedule's values).
- Random draws: in a year when the treaty is in force in at least one run of the chunk, one
  block ``rng.random((2, runs, N))``: ``[0]`` decides cheating (one uniform per state), ``[1]``
  detection (one uniform per state, used only where the state cheats: "per member", so the
  stream does not depend on who cheated). In a year with no treaty in force in any run,
  nothing is drawn; with no treaty at all (every ``treaty_cap_share`` infinite and nothing
  scheduled) the step returns at once.
- Detection sets the column ``beliefs[:, :, i]`` of a detected cheater i to 0 (the diagonal
  stays 1) when ``world.beliefs`` exists (``type_beliefs`` on); otherwise it only counts.
- Verification as lower perception noise (docs/mechanisms.md): not modelled here; transparency
  (perception) is the engine's lever for perception noise, and verification here acts through
  detection only.
- Summaries (per run, this year): ``treaty_in_force`` (1.0 if the treaty is in force at the
  end of the year, i.e. after any collapse: whether it binds next year), ``cheaters`` (members
  that ignored the cap this year) and ``violations_detected`` (cheaters caught this year).
  They are written every year from the treaty's entry into force (or the first year the
  parameters define a treaty), 0 before.
- Speed: after the draws, cheating, detection, the limits and the beliefs in detected cheaters
  run as one loop compiled with Numba (:func:`realpolitik.engine.compiled.compiled`), with the
  numpy operations' results; the numpy operations are the reference and run without Numba or
  with ``realpolitik.engine.compiled.NUMBA = False``. The block is drawn by
  :func:`~realpolitik.engine.mechanisms.belief_loops.uniforms` (``rng.random``'s numbers and
  state, faster on numpy's PCG64).
"""

from __future__ import annotations

import functools
import math

import numpy as np

from realpolitik.engine.compiled import compiled
from realpolitik.engine.context import ChunkContext, ensure_context
from realpolitik.engine.keys import KeySpec, key, per_state
from realpolitik.engine.mechanisms.belief_loops import uniforms
from realpolitik.engine.world import World

__all__ = ["KEYS", "MODELS", "READS", "REFERENCES", "SECTION", "WRITES", "step", "treaty_defined"]

MODELS = (
    "arms control: treaty caps on military, cheating by greedy members, and verification that "
    "detects it, reveals the cheater's type and can end the treaty"
)
SECTION = "docs/mechanisms.md 'Arms control'; docs/models/spiral.md, docs/mechanisms.md"
READS = (
    "treaty_cap_share",
    "treaty_year",
    "cheat_prob_greedy",
    "verification",
    "treaty_collapse_on_detection",
)
WRITES = ("military_limit", "treaty_in_force", "treaty_members", "beliefs", "summaries")
REFERENCES = ("schelling1960", "jervis1978", "glaser2010", "kydd2005")

_key = functools.partial(
    key, mechanism="arms_control", source="docs/mechanisms.md", requires="treaty_cap_share"
)

KEYS: tuple[KeySpec, ...] = (
    _key("treaty_cap_share", "-", math.inf,
         "military cap (share of GDP) of treaty members (inf: no treaty)",
         source="docs/mechanisms.md; docs/mechanisms.md", lo_open=True, allow_inf=True,
         requires=None, schedulable=True),
    _key("treaty_year", "-", 0, "year the treaty enters into force", kind="int"),
    _key("cheat_prob_greedy", "-", 0.5, "yearly probability a greedy member cheats", hi=1.0),
    _key("verification", "v", 0.0, "yearly probability a cheater is detected",
         source="docs/mechanisms.md; docs/mechanisms.md", hi=1.0, schedulable=True),
    _key("treaty_collapse_on_detection", "-", True, "a detected violation ends the treaty",
         kind="bool"),
)  # fmt: skip
"""The keys this mechanism owns (:func:`~realpolitik.engine.keys.key`)."""


def treaty_defined(world: World, params, ctx: ChunkContext | None = None) -> bool:
    """Return whether a treaty exists in this simulation (now, or from ``treaty_year``).

    Parameters
    ----------
    world
        The chunk's world.
    params
        The resolved parameters in effect.
    ctx
        The chunk's context (its schedule), or None (no schedule).

    Returns
    -------
    bool
        True when ``world.treaty_in_force`` is set (by the schedule or by an earlier step), or
        when no scheduled event signs or ends a treaty and some state's ``treaty_cap_share``
        is finite.
    """
    if world.treaty_in_force is not None:
        return True
    schedule = () if ctx is None else ctx.schedule
    if any(event.action in ("treaty_sign", "treaty_end") for event in schedule):
        return False  # the schedule alone manages the treaty, and it is not signed yet
    cap = np.asarray(params.treaty_cap_share, dtype=np.float64)
    return bool(np.isfinite(cap).any())


def step(world: World, params, rng: np.random.Generator, ctx: ChunkContext | None = None) -> World:
    """Set this year's treaty limits, decide cheating and detection, and apply its effects.

    Parameters
    ----------
    world
        The chunk's world; reads ``greedy``, ``gdp_old``, ``year``, ``treaty_in_force``,
        ``treaty_members`` and ``beliefs``; writes ``military_limit``, the treaty fields,
        ``beliefs`` (detected cheaters) and ``summaries``.
    params
        The resolved parameters (:class:`~realpolitik.engine.params.ResolvedParams`).
    rng
        The chunk's generator (one ``(2, runs, N)`` uniform block in a year when the treaty is
        in force in some run; nothing otherwise).
    ctx
        The chunk's context (the schedule; the parameters in effect when called on its own).

    Returns
    -------
    World
        The same world, updated in place.
    """
    ctx = ensure_context(world, params, ctx)
    params = ctx.params
    if not treaty_defined(world, params, ctx):
        return world
    runs, N = world.runs, world.states
    cap, p_cheat, verification = ctx.prepared(_constants, READS)
    if world.treaty_in_force is None:  # the parameters define the treaty
        if world.year < int(params.treaty_year):
            _write_summaries(world, np.zeros(runs), np.zeros(runs), np.zeros(runs))
            return world
        world.treaty_in_force = np.ones(runs, dtype=bool)
        world.treaty_members = np.ones((runs, N), dtype=bool)
    if world.treaty_members is None:
        world.treaty_members = np.ones((runs, N), dtype=bool)
    in_force = np.asarray(world.treaty_in_force, dtype=bool)
    if not in_force.any():
        world.military_limit = None
        _write_summaries(world, np.zeros(runs), np.zeros(runs), np.zeros(runs))
        return world

    u = uniforms(rng, (2, runs, N))  # rng.random's numbers and state
    if _treaty_compiled(world, params, in_force, cap, u, p_cheat, verification):
        return world
    bound = in_force[:, None] & np.asarray(world.treaty_members, dtype=bool) & np.isfinite(cap)
    cheat = bound & world.greedy & (u[0] < p_cheat)
    detected = cheat & (u[1] < verification)

    with np.errstate(invalid="ignore"):
        limit = np.where(bound & ~cheat, cap * world.gdp_old, np.inf)
    world.military_limit = limit

    caught = detected.any(axis=1)
    if world.beliefs is not None and caught.any():
        off_diagonal = ~np.eye(N, dtype=bool)
        # observer k's belief that cheater i is a security seeker: column i, rows k != i
        world.beliefs[detected[:, None, :] & off_diagonal[None, :, :]] = 0.0
    if bool(params.treaty_collapse_on_detection):
        world.treaty_in_force = in_force & ~caught
    _write_summaries(
        world,
        np.asarray(world.treaty_in_force, dtype=np.float64),
        cheat.sum(axis=1, dtype=np.float64),
        detected.sum(axis=1, dtype=np.float64),
    )
    return world


def _constants(params, states: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the treaty's cap share, cheating chance and verification: float64 ``(N,)`` each.

    C-contiguous; prepared once for the parameters in effect (``ctx.prepared``).
    """
    return tuple(
        np.ascontiguousarray(per_state(x, states))
        for x in (params.treaty_cap_share, params.cheat_prob_greedy, params.verification)
    )


def _treaty_compiled(
    world: World,
    params,
    in_force: np.ndarray,
    cap: np.ndarray,
    u: np.ndarray,
    p_cheat: np.ndarray,
    verification: np.ndarray,
) -> bool:
    """Run the year's cheating, detection and limits as one compiled pass; False where not.

    The numpy operations of :func:`step` after the draws (:func:`_treaty_loops`); False,
    doing nothing, without Numba (then numpy runs).
    """
    kernel = compiled(_treaty_loops)
    if kernel is None:
        return False
    runs, N = world.runs, world.states
    members = np.ascontiguousarray(world.treaty_members, dtype=bool)
    limit = np.empty((runs, N))
    counts = np.empty((3, runs))  # in force after the year, cheaters, detected
    beliefs = world.beliefs
    kernel(np.ascontiguousarray(in_force), members, world.greedy, world.gdp_old, cap,
           u, p_cheat, verification,
           world.gdp_old[:, :, None] if beliefs is None else beliefs, beliefs is not None,
           limit, counts)  # fmt: skip
    world.military_limit = limit
    if bool(params.treaty_collapse_on_detection):
        world.treaty_in_force = counts[0] > 0.0
    in_force_now = np.asarray(world.treaty_in_force, dtype=np.float64)
    _write_summaries(world, in_force_now, counts[1], counts[2])
    return True


def _treaty_loops(
    in_force, members, greedy, gdp, cap, u, p_cheat, verification, beliefs, use_beliefs, limit,
    counts,
):  # fmt: skip  # pragma: no cover
    """Decide cheating and detection, set the limits and the beliefs in cheaters (see step).

    A member bound in a run (treaty in force, finite cap) cheats when greedy and
    ``u[0] < p_cheat``, is detected when cheating and ``u[1] < verification``; the limit is
    ``cap y_old`` where bound and honest, else inf; a detected cheater i sets every other
    state's ``mu_ki = 0``; ``counts`` gets whether the treaty holds after the year's detections
    (1.0 / 0.0), the cheaters and the detected.
    """
    R, N = greedy.shape
    for r in range(R):
        cheaters = 0
        detected = 0
        for i in range(N):
            bound = in_force[r] and members[r, i] and np.isfinite(cap[i])
            cheat = bound and greedy[r, i] and u[0, r, i] < p_cheat[i]
            caught = cheat and u[1, r, i] < verification[i]
            limit[r, i] = cap[i] * gdp[r, i] if (bound and not cheat) else np.inf
            cheaters += cheat
            detected += caught
            if caught and use_beliefs:
                for k in range(N):
                    if k != i:
                        beliefs[r, k, i] = 0.0
        counts[0, r] = 1.0 if (in_force[r] and detected == 0) else 0.0
        counts[1, r] = cheaters
        counts[2, r] = detected


def _write_summaries(
    world: World, in_force: np.ndarray, cheaters: np.ndarray, detected: np.ndarray
) -> None:
    world.summaries["treaty_in_force"] = in_force
    world.summaries["cheaters"] = cheaters
    world.summaries["violations_detected"] = detected
