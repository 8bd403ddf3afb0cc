"""The strategic engine held against history: initiators' wins and the arms-race/war link.

Two quantities the flagship scenario (``multipolar-offense``) produces and the bundled data
measure too:

- **Initiators' win share**: of the wars with a winner, the share the initiator won. Engine:
  :func:`realpolitik.analysis.decisions.decision_metric_rows`' ``initiator_win_share`` (decided
  wars; Wilson interval at the effective size of wars clustered in runs). History: COW's
  inter-state wars (Sarkees and Wayman 2010): the initiator is the participant COW flags as
  initiator (on side 1 or 2), a war is decided when the initiator's outcome is win (1) or loss
  (2) (compromise, stalemate and transformed wars are left out, as the engine leaves out wars
  without a winner), and it is won when some initiator's outcome is 1; Wilson interval, the war
  the unit; Wang and Ray (1994) report such shares. COW's side 1 is no proxy for the
  initiator: side 1 won 76 of the 77 decided wars.
- **Arms-race/war odds ratio between rivals**: engine: :func:`realpolitik.analysis.rivalry.
  race_war_odds` over every pair of the eight powers (the engine has no rivalry list; the
  powers of one system are positional rivals), run-clustered bootstrap interval. History: the
  dispute dyads of Thompson-Sakuwa-Suhas rivals, exposed by Diehl's criterion on real NMC
  spending, war = both reached MID hostility level 5 (:func:`~realpolitik.studies.arms_races`,
  interval clustered by dispute), with and without the World Wars, and with GRH's list.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from realpolitik.analysis.intervals import wilson_interval

__all__ = [
    "COMPARISON_COLUMNS",
    "REFERENCES",
    "EngineVsHistory",
    "engine_vs_history",
    "history_initiator_wins",
]

#: BibTeX keys of the comparison's sources.
REFERENCES: tuple[str, ...] = ("sarkees2010", "wang1994", "diehl1983", "thompson2021")
#: The columns of :attr:`EngineVsHistory.table`.
COMPARISON_COLUMNS = (
    "quantity",
    "source",
    "value",
    "ci_low",
    "ci_high",
    "n",
    "n_unit",
    "definition",
)


def history_initiator_wins() -> tuple[int, int, int]:
    """Return COW's wars: ``(won by the initiator, decided, all wars with an initiator)``."""
    from realpolitik.data import load

    wars = load("wars")
    outcomes = wars[wars["initiator"].astype(bool)].groupby("war_num")["outcome"]
    won = outcomes.agg(lambda s: bool((s == 1).any()))
    lost = outcomes.agg(lambda s: bool((s == 2).all()))
    return int(won.sum()), int(won.sum() + (lost & ~won).sum()), len(won)


def _history_rows() -> list[tuple]:
    from realpolitik.studies.arms import arms_races

    won, decided, total = history_initiator_wins()
    lo, hi = wilson_interval(won, decided)
    rows: list[tuple] = [
        (
            "initiator_win_share",
            "history: COW wars 1816-2007",
            won / decided,
            lo,
            hi,
            decided,
            "wars",
            f"initiator's outcome win, of wars won or lost by it ({total} wars "
            f"have an initiator; {total - decided} ended otherwise)",
        ),
    ]
    table = arms_races()
    picks = (
        ("rivals", "diehl", "Diehl's criterion on real NMC milex"),
        ("rivals_no_world_wars", "diehl", "the same without the World Wars"),
        ("rivals", "grh", "Gibler-Rider-Hutchison's list"),
    )
    for subset, exposure, text in picks:
        r = table[
            (table.subset == subset) & (table.exposure == exposure) & (table.outcome == "war")
        ].iloc[0]
        rows.append(
            (
                "race_war_odds_ratio_rivals",
                f"history: MIDs, {subset}, {exposure}",
                float(r.odds_ratio),
                float(r.ci_low),
                float(r.ci_high),
                int(r.race_war + r.race_no_war + r.no_race_war + r.no_race_no_war),
                f"dispute dyads ({int(r.n_disputes)} disputes)",
                f"{text}; war = MID hostility level 5 for both",
            )
        )
    return rows


@dataclass(frozen=True)
class EngineVsHistory:
    """The comparison of :func:`engine_vs_history`.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per quantity and source (columns :data:`COMPARISON_COLUMNS`).
    scenario : str
        The engine's scenario.
    runs, years, seed : int
        The simulation's size and seed.
    """

    table: pd.DataFrame
    scenario: str
    runs: int
    years: int
    seed: int


def engine_vs_history(
    runs: int = 1000, *, years: int | None = None, seed: int | None = None, workers: int = 1
) -> EngineVsHistory:
    """Run the flagship scenario and set its two quantities against the bundled data.

    Parameters
    ----------
    runs
        Runs of ``multipolar-offense`` (>= 10; its own default is 1000).
    years, seed
        Simulated years and seed; default the scenario's (100 years, seed 2024).
    workers
        Worker processes of the simulation.

    Returns
    -------
    EngineVsHistory

    Raises
    ------
    ValueError
        For runs < 10 (or the scenario's own checks on years, seed and workers).
    """
    from realpolitik.analysis import rivalry_metrics
    from realpolitik.scenarios import FLAGSHIP, load_scenario, run_scenario

    if int(runs) != runs or runs < 10:
        raise ValueError(f"runs = {runs!r} is not allowed; use an integer >= 10")
    scenario = load_scenario(FLAGSHIP)
    traj = run_scenario(scenario, runs=int(runs), years=years, seed=seed, workers=workers)
    metrics = traj.metrics().set_index("metric")
    odds = rivalry_metrics(traj.data, traj.events).set_index("metric")
    label = f"engine: {FLAGSHIP}"
    win, race = metrics.loc["initiator_win_share"], odds.loc["race_war_odds_ratio"]
    rows = [
        (
            "initiator_win_share",
            label,
            float(win.value),
            float(win.lo),
            float(win.hi),
            int(win.n),
            "wars",
            "initiator won, of wars with a winner",
        ),
        (
            "race_war_odds_ratio_rivals",
            label,
            float(race.value),
            float(race.lo),
            float(race.hi),
            int(race.n),
            "disputes",
            "Diehl's criterion (8%/yr for 3 years, race year in d-5..d);"
            " war = the dispute became a war",
        ),
        *_history_rows(),
    ]
    table = pd.DataFrame(rows, columns=list(COMPARISON_COLUMNS))
    table = table.sort_values("quantity", kind="stable").reset_index(drop=True)
    n_years = int(traj.data.sizes["year"]) - 1
    return EngineVsHistory(
        table, FLAGSHIP, int(runs), n_years, int(scenario.seed if seed is None else seed)
    )
