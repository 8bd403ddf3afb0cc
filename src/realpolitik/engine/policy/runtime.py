"""Policies inside a chunk: which states they decide for, their views, and the engine's hooks.

Source: docs/policies.md. :func:`resolve_policies` checks what a user gives
:func:`~realpolitik.engine.simulate` (``policies={state: policy}``); each chunk then holds one
:class:`PolicyRuntime` in its context (``ctx.policies``), which the phases call:

- beliefs (:mod:`~realpolitik.engine.mechanisms.beliefs`): :meth:`PolicyRuntime.reassure`
  sizes a policy state's reassurance gesture after the year's belief update;
- arming (:mod:`~realpolitik.engine.mechanisms.arming`): :meth:`PolicyRuntime.arming` replaces
  a policy state's military level before the caps;
- alliances (:mod:`~realpolitik.engine.mechanisms.alliances`): :meth:`PolicyRuntime.alliances`
  sets a policy state's pacts after the year's formation;
- decisions (:mod:`~realpolitik.engine.mechanisms.decisions`): :meth:`~PolicyRuntime.strikes`
  after every pair's choice, :meth:`~PolicyRuntime.demands` after the selection,
  :meth:`~PolicyRuntime.crisis_scale` for the hotline and :meth:`~PolicyRuntime.answers` after
  the model's answers.

A method a policy does not override is never called (its default stands unchanged), and with
no policy the phases run exactly as before, drawing the same numbers. A policy's own generator
comes from the chunk's seed sequence (spawn key ``(chunk, STREAM, state)``), so it never takes
a number from the model's stream.
"""

from __future__ import annotations

import copy
import pickle
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from realpolitik.engine.keys import per_state
from realpolitik.engine.policy.base import Demands, Policy, View
from realpolitik.engine.strategy import constants
from realpolitik.engine.strategy.choices import KIND_PREEMPTION, transpose
from realpolitik.engine.strategy.resolve import Answers
from realpolitik.engine.strategy.values import Perception, war_values

__all__ = [
    "STREAM", "PolicyEntry", "PolicyRuntime", "check_picklable", "demands_on",
    "resolve_policies",
]  # fmt: skip

STREAM = 0x706F6C
"""The spawn-key element of the policies' generators (distinct from the chunks' keys)."""


@dataclass(frozen=True)
class PolicyEntry:
    """One state's policy: its index, its name (or None) and the policy."""

    index: int
    name: str | None
    policy: Policy

    def label(self, method: str | None = None) -> str:
        """Return ``policy P for state i ('name')[, method m]`` for error messages."""
        who = f"state {self.index}" + (f" ({self.name!r})" if self.name else "")
        out = f"policy {self.policy!r} for {who}"
        return out if method is None else f"{out}, method {method!r}"


def _state_index(key: Any, states: int, names: Sequence[str] | None, policy: Any) -> int:
    """Return the index of a ``policies`` key (an index or a state name), or raise naming it."""
    allowed = f"allowed: state indices 0..{states - 1}" + (
        f" or names {list(names)}" if names else " (these states have no names)"
    )
    if isinstance(key, str):
        if names and key in names:
            return list(names).index(key)
        raise ValueError(f"policies: unknown state name {key!r} for policy {policy!r}; {allowed}")
    if isinstance(key, bool) or not isinstance(key, int | np.integer) or not 0 <= key < states:
        raise ValueError(f"policies: unknown state {key!r} for policy {policy!r}; {allowed}")
    return int(key)


def resolve_policies(
    policies: Mapping[Any, Policy] | None,
    params: Any,
    states: int,
    state_names: Sequence[str] | None = None,
) -> tuple[PolicyEntry, ...]:
    """Check ``simulate``'s ``policies`` and return them in state order.

    Parameters
    ----------
    policies
        State index or name -> :class:`~realpolitik.engine.policy.Policy`; None or empty: none.
    params
        The parameters (``decisions`` must be ``"strategic"`` when a policy is given).
    states
        The number of states N.
    state_names
        The states' names (e.g. a scenario's ``state_names``), or None.

    Returns
    -------
    tuple of PolicyEntry
        One per policy state, by index.

    Raises
    ------
    ValueError
        For the hazard engine, an unknown state, a state given twice or a value that is not a
        Policy (naming the policy and the state).
    """
    if not policies:
        return ()
    if not isinstance(policies, Mapping):
        raise ValueError(f"policies = {policies!r} must be a mapping {{state: Policy}}")
    names = tuple(state_names) if state_names is not None else None
    out: dict[int, PolicyEntry] = {}
    for key, policy in policies.items():
        if not isinstance(policy, Policy):
            raise ValueError(
                f"policies[{key!r}] = {policy!r} is not a realpolitik.engine.policy.Policy"
            )
        entry = PolicyEntry(_state_index(key, states, names, policy), None, policy)
        entry = PolicyEntry(entry.index, names[entry.index] if names else None, policy)
        decisions = getattr(params, "decisions", "hazard")
        if decisions != "strategic":
            raise ValueError(
                f"{entry.label()}: policies need the strategic engine (decisions = "
                f"'strategic', e.g. Params.strategic()); got decisions = {decisions!r}"
            )
        if entry.index in out:
            raise ValueError(f"{entry.label()}: state {entry.index} is given two policies")
        out[entry.index] = entry
    return tuple(out[i] for i in sorted(out))


def check_picklable(entries: Sequence[PolicyEntry]) -> None:
    """Raise a ValueError naming the first policy that cannot be pickled (for worker processes).

    A policy defined in an interactive session runs in this process (``workers=1``) whether it
    pickles or not; worker processes need it picklable.
    """
    for entry in entries:
        try:
            pickle.dumps(entry.policy)
        except Exception as exc:  # any pickling failure is the user's to fix
            raise ValueError(
                f"{entry.label()} cannot be pickled ({exc}); with workers > 1 a policy travels "
                "to worker processes and must be picklable (its class defined in an importable "
                "module, no lambdas or open files as attributes)"
            ) from exc


def _overrides(policy: Policy, method: str) -> bool:
    """Return whether ``policy`` replaces the base class's ``method``."""
    return getattr(type(policy), method) is not getattr(Policy, method)


def _bool(entry: PolicyEntry, method: str, value: Any, shape: tuple[int, ...]) -> np.ndarray:
    """Return ``value`` as a bool array of ``shape``, or raise naming the policy and method."""
    a = np.asarray(value)
    if a.shape != shape or a.dtype != np.bool_:
        raise ValueError(
            f"{entry.label(method)} returned an array of dtype {a.dtype} and shape {a.shape}; "
            f"expected a bool array of shape {shape} (runs, ...)"
        )
    return a


def _float(entry: PolicyEntry, method: str, value: Any, shape: tuple[int, ...]) -> np.ndarray:
    """Return ``value`` as a finite float array of ``shape``, or raise naming the policy."""
    a = np.asarray(value)
    if a.shape != shape or not (np.issubdtype(a.dtype, np.number) and np.all(np.isfinite(a))):
        raise ValueError(
            f"{entry.label(method)} returned an array of dtype {a.dtype} and shape {a.shape}; "
            f"expected finite numbers of shape {shape} (runs,)"
        )
    return a.astype(np.float64)


def _demand(entry: PolicyEntry, value: Any, runs: int, states: int):
    """Return a checked ``(target, x)`` demand, or raise naming the policy and the method."""
    if not (isinstance(value, tuple | list) and len(value) == 2):
        raise ValueError(
            f"{entry.label('demand')} returned {type(value).__name__}; expected a pair "
            "(target, x) of arrays of shape (runs,)"
        )
    target = np.asarray(value[0])
    if (
        target.shape != (runs,)
        or not np.issubdtype(target.dtype, np.integer)
        or np.any((target < -1) | (target >= states) | (target == entry.index))
    ):
        raise ValueError(
            f"{entry.label('demand')} returned targets {target!r}; expected integers of shape "
            f"({runs},), -1 (no demand) or a rival's index in 0..{states - 1} other than "
            f"{entry.index}"
        )
    x = np.asarray(value[1], dtype=np.float64)
    on = target >= 0
    if x.shape != (runs,) or np.any(~np.isfinite(x[on]) | (x[on] < 0.0) | (x[on] > 1.0)):
        raise ValueError(
            f"{entry.label('demand')} returned shares {x!r}; expected floats of shape "
            f"({runs},) in [0, 1] (the share of the stake) where a target is given"
        )
    return target.astype(np.intp), x


def demands_on(p: Any, j: int) -> Demands:
    """Return the demands state ``j`` faces in the pending year ``p`` (a column per challenger)."""
    made = p.year.demand[:, :, j]
    x = p.choices.bargain.x[:, :, j]
    amount = np.where(made, x * p.vals.stake[:, :, j], 0.0)
    return Demands(*(np.array(a) for a in (made, np.where(made, x, np.nan), amount)))


class PolicyRuntime:
    """The policies of one chunk: fresh copies, their generators and the engine's hooks.

    Parameters
    ----------
    entries
        The checked policies (:func:`resolve_policies`).
    seed
        The chunk's seed sequence.
    """

    def __init__(self, entries: Sequence[PolicyEntry], seed: np.random.SeedSequence) -> None:
        self.entries = tuple(PolicyEntry(e.index, e.name, copy.deepcopy(e.policy)) for e in entries)
        self.rngs = {
            e.index: np.random.default_rng(
                np.random.SeedSequence(seed.entropy, spawn_key=(*seed.spawn_key, STREAM, e.index))
            )
            for e in self.entries
        }

    def acting(self, world: Any, method: str) -> list[PolicyEntry]:
        """Return the entries whose policy overrides ``method`` (none during the burn-in)."""
        if world.year < 0:
            return []
        return [e for e in self.entries if _overrides(e.policy, method)]

    def call(self, entry: PolicyEntry, method: str, *args: Any) -> Any:
        """Call ``entry``'s ``method``; an exception it raises notes the policy and method."""
        try:
            return getattr(entry.policy, method)(*args)
        except Exception as exc:
            exc.add_note(f"raised by {entry.label(method)}")
            raise

    # ---- views --------------------------------------------------------------------------
    def view(
        self, e: PolicyEntry, world: Any, stage: str, m: np.ndarray, mhat: np.ndarray,
        mu: np.ndarray, eligible: np.ndarray, allied: np.ndarray | None,
        values: Callable[[], Any],
    ) -> View:  # fmt: skip
        """Return state ``e.index``'s view (its rows of the stage's arrays; see :class:`View`)."""
        i = e.index
        old = stage in ("reassurance", "arming")  # before the year's economy
        pacts = np.zeros(eligible.shape[::2], bool) if allied is None else allied[:, i]
        return View(
            state=i, name=e.name, year=world.year, stage=stage, military=m[:, i],
            gdp=world.gdp_old[:, i] if old else world.gdp[:, i], greedy=world.greedy[:, i],
            gdp_seen=world.gdp_old if old else world.gdp, perceived=mhat[:, i],
            beliefs=mu[:, i], allied=pacts, eligible=eligible[:, i], rng=self.rngs[i],
            values=values,
        )  # fmt: skip

    def pending_view(self, e: PolicyEntry, p: Any, stage: str = "decisions", cv=None) -> View:
        """Return a view of the pending decision year ``p`` (``cv``: the crisis view/values)."""
        view, vals = (p.view, p.vals) if cv is None else cv
        return self.view(e, p.world, stage, p.m, view.mhat, p.mu, p.eligible, p.allied,
                         lambda: vals)  # fmt: skip

    def arming_view(self, e: PolicyEntry, world: Any, ctx: Any, stage: str = "arming") -> View:
        """Return the view before this year's arming: last year's stocks, this year's mhat.

        ``stage`` ``"reassurance"`` is the same view inside the beliefs phase, before the
        year's gestures; ``"alliances"`` the view after arming (this year's military and GDP).
        """
        from realpolitik.engine.mechanisms.decisions import _beliefs, _eligible

        params = ctx.params
        const = ctx.prepared(constants.prepare, constants.READS)
        m = world.military if stage == "alliances" else world.military_old
        y = world.gdp if stage == "alliances" else world.gdp_old
        N = world.states
        mhat = np.array(world.perceived, dtype=np.float64)
        mhat[:, np.arange(N), np.arange(N)] = m
        allied = world.allied if bool(params.alliances) else None
        if world.peace is not None:
            eligible = _eligible(world, allied)
        else:
            eligible = np.broadcast_to(~np.eye(N, dtype=bool), mhat.shape)
            eligible = eligible if allied is None else eligible & ~allied

        def values() -> Any:
            return war_values(Perception(mhat), m, y, world.greedy, allied, const)

        return self.view(e, world, stage, m, mhat, _beliefs(world, const), eligible, allied,
                         values)  # fmt: skip

    # ---- hooks ----------------------------------------------------------------------------
    def arming(self, world: Any, ctx: Any, m_new: np.ndarray) -> np.ndarray:
        """Return the arming decisions with the policy states' levels put in (before the caps)."""
        acting = self.acting(world, "arming")
        if not acting:
            return m_new
        m_new = m_new.copy()
        for e in acting:
            view = self.arming_view(e, world, ctx)
            act = self.call(e, "arming", view, m_new[:, e.index].copy())
            m_new[:, e.index] = _float(e, "arming", act, (world.runs,))
        return m_new

    def reassure(
        self, world: Any, ctx: Any, sent: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return the gestures ``(sent, cut, separating)`` with the policy states' sizes put in.

        ``sent`` is the model's ``(R, N)`` choice; the default size of a state's gesture is its
        ``reassurance_gesture`` x where the model sends one, else 0. A size s > 0 multiplies the
        sender's military by ``1 - s`` and separates iff ``s >= t_G / k_G`` (Kydd 2005's
        least-cost separating signal of that sender).
        """
        params, N = ctx.params, world.states
        x = np.broadcast_to(per_state(params.reassurance_gesture, N), sent.shape)
        size = np.where(sent, x, 0.0)
        for e in self.acting(world, "reassure"):
            view = self.arming_view(e, world, ctx, "reassurance")
            act = self.call(e, "reassure", view, size[:, e.index].copy())
            act = _float(e, "reassure", act, (world.runs,))
            if np.any((act < 0.0) | (act > 1.0)):
                raise ValueError(
                    f"{e.label('reassure')} returned gesture sizes {act!r}; expected shares "
                    "of its military in [0, 1] (0: no gesture)"
                )
            size[:, e.index] = act
        x_lc = per_state(params.temptation_greedy, N) / per_state(params.signal_cost_greedy, N)
        return size > 0.0, 1.0 - size, size >= x_lc[None, :]

    def alliances(self, world: Any, ctx: Any) -> None:
        """Put the policy states' pacts into ``world.allied`` (after the year's formation).

        A policy returns its state's row of pacts: a pact it adds is formed this year only (as
        formation's, it ends next year unless chosen again); a pact it drops ends now, a
        scenario pact for good. A pact is symmetric and needs no consent (formation's rule).
        """
        acting = self.acting(world, "alliances")
        if not acting:
            return
        R, N = world.runs, world.states
        allied = world.allied
        dynamic = world.dynamic_pacts
        dynamic = np.zeros((R, N, N), dtype=bool) if dynamic is None else dynamic
        for e in acting:
            i = e.index
            default = allied[:, i, :].copy()
            view = self.arming_view(e, world, ctx, "alliances")
            act = _bool(e, "alliances", self.call(e, "alliances", view, default.copy()), (R, N))
            act = act.copy()
            act[:, i] = False
            added = act & ~default
            allied[:, i, :] = act
            allied[:, :, i] = act
            dynamic[:, i, :] = (dynamic[:, i, :] & act) | added
            dynamic[:, :, i] = dynamic[:, i, :]
        world.dynamic_pacts = dynamic if dynamic.any() else None

    def strikes(self, p: Any) -> None:
        """Replace the policy states' strikes in ``p.choices`` (after every pair's choice).

        A strike on a rival it may not fight this year (allied, at peace) is dropped; a strike
        the model would not have made is a preemption with margin 0 (when both sides of a pair
        strike, the other side's strike stands).
        """
        c = p.choices
        R, N = p.m.shape
        for e in self.acting(p.world, "strike"):
            i = e.index
            kind = c.strike_kind[:, i, :].copy()
            act = self.call(e, "strike", self.pending_view(e, p), kind > 0)
            act = _bool(e, "strike", act, (R, N)) & p.eligible[:, i, :]
            added = act & (kind == 0)
            c.strike_kind[:, i, :] = np.where(act, np.where(added, KIND_PREEMPTION, kind), 0)
            c.strike_margin[:, i, :] = np.where(added, 0.0, c.strike_margin[:, i, :])

    def demands(self, p: Any) -> None:
        """Replace the policy states' demands in ``p.year`` (after the selection).

        A demand goes only to a rival it may fight this year, with a positive stake, no strike
        between them, no strike of its own this year and no settlement in force; it stands
        against the rival's own demand on it (one event per pair).
        """
        year, c = p.year, p.choices
        R, N = p.m.shape
        acting = self.acting(p.world, "demand")
        if not acting:
            return
        x_all = c.bargain.x
        struck = year.strike | transpose(year.strike)
        striker = year.strike.any(axis=2)
        rr = np.arange(R)
        for e in acting:
            i = e.index
            row = year.demand[:, i, :]
            target = np.where(row.any(axis=1), row.argmax(axis=1), -1)
            x = np.where(target >= 0, x_all[rr, i, np.maximum(target, 0)], np.nan)
            act = self.call(e, "demand", self.pending_view(e, p), (target, x))
            target, x = _demand(e, act, R, N)
            allowed = p.eligible[:, i, :] & (p.vals.stake[:, i, :] > 0.0) & ~struck[:, i, :]
            allowed &= ~striker[:, i, None]
            if p.world.settled is not None:
                allowed &= p.world.settled[:, i, :] <= 0
            new = np.zeros((R, N), dtype=bool)
            on = target >= 0
            new[rr[on], target[on]] = True
            new &= allowed
            year.demand[:, i, :] = new
            year.demand[:, :, i] &= ~new
            r, j = np.nonzero(new)
            x_all[r, i, j] = x[r]

    def crisis_scale(self, p: Any, scale: np.ndarray) -> np.ndarray:
        """Return the crisis perception noise, per pair where a policy state shuns the hotline.

        The hotline is a line between two states: it sharpens both sides' crisis perceptions
        only when both use it (``noise_i (1 - hotline)``); otherwise ``noise_i``.
        """
        acting = self.acting(p.world, "hotline")
        if not acting or p.const.hotline <= 0.0:
            return scale
        R, N = p.m.shape
        use = np.ones((R, N), dtype=bool)
        for e in acting:
            act = self.call(e, "hotline", self.pending_view(e, p), np.ones(R, dtype=bool))
            use[:, e.index] = _bool(e, "hotline", act, (R,))
        if use.all():
            return scale
        both = use[:, :, None] & use[:, None, :]
        return p.const.noise[None, :, None] * (1.0 - p.const.hotline * both)

    def answers(
        self, p: Any, ans: Answers, cview: Any, cvals: Any, answer: Callable[[np.ndarray], Any]
    ) -> Answers:
        """Return the answers with the policy states' concessions put in (crisis views).

        A demand a policy resists is fought or abandoned by the challenger by the model's rule
        (its crisis war value against its audience cost).
        """
        R, N = p.m.shape
        cells = np.zeros((R, N, N), dtype=bool)
        accept = np.zeros((R, N, N), dtype=bool)
        for e in self.acting(p.world, "answer"):
            j = e.index
            demands = demands_on(p, j)
            if not demands.made.any():
                continue
            view = self.pending_view(e, p, "crisis", (cview, cvals))
            act = self.call(e, "answer", view, demands, ans.conceded[:, :, j].copy())
            cells[:, :, j] = demands.made
            accept[:, :, j] = _bool(e, "answer", act, (R, N)) & demands.made
        if not cells.any():
            return ans
        resisted = answer(np.full_like(p.choices.bargain.x, np.inf))
        refuse = cells & ~accept
        return Answers(
            np.where(cells, accept, ans.conceded),
            np.where(cells, refuse & resisted.fought, ans.fought),
            np.where(cells, refuse & resisted.backed_down, ans.backed_down),
        )
