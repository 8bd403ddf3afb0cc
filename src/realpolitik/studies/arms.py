"""Do arms races lead to war? The controversy answered from the bundled data.

Wallace (1979) found that militarised disputes between states in an arms race escalated to war
far more often than others; Weede (1980) and Diehl (1983) answered that his result rested on
the World Wars and on his index; Sample (1997) and Gibler, Rider and Hutchison (2005) found a
link again with other data and definitions. :func:`arms_races` computes the 2x2 tables of that
debate from the GML MID data (Gibler, Miller and Little 2016), COW's capabilities, major powers
and the Thompson-Sakuwa-Suhas rivalries, for several exposures, outcomes and subsets, with an
interval that respects the clustering of dyads in multilateral disputes.

Definitions (:data:`DEFINITIONS`; docs/studies.md discusses them)
-----------------------------------------------------------------
- Unit: a dispute dyad, two states on opposite sides of one MID whose participation overlaps
  (:func:`realpolitik.data.dispute_dyads`, one row per unordered pair); its year d is the first
  year of the overlap.
- Exposures: ``grh`` a race of the pair on Gibler, Rider and Hutchison's (2005) list spans d
  (1816-1993 only); ``wallace`` the Wallace-style index of real (constant 2020 US$) NMC milex:
  both states' 10-year log-linear spending trends before d are positive and their product is
  >= 0.08^2 (geometric mean 8% a year); ``wallace_nominal`` the same on current US$;
  ``diehl`` both states' real spending grew >= 8% in each of 3 consecutive years ending in
  d - 5 .. d (Diehl 1983; the criterion the engine's analysis uses).
- Outcomes: ``war`` both states of the dyad reached MID hostility level 5 (war) in the
  dispute; ``war_5y`` the pair began fighting each other in a COW inter-state war in the years
  d .. d + 5 (Sample's (1997) later escalation).
- Subsets: ``all``; ``rivals`` (a Thompson-Sakuwa-Suhas strategic rivalry of the pair spans d);
  ``major_powers`` (both COW major powers in d); each also without the World Wars
  (``*_no_world_wars``: the dyads of GML disputes 257, World War I, and 258, World War II).
- Intervals: percentile bootstrap over disputes (all dyads of a resampled dispute together;
  2000 resamples, seed 0), the odds ratio with 0.5 added to every cell of a table with an
  empty cell (Haldane 1956).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from realpolitik.analysis.intervals import BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED
from realpolitik.analysis.intervals import cluster_bootstrap_interval as _cluster_interval
from realpolitik.analysis.rivalry import odds_ratio
from realpolitik.studies import _exposure

__all__ = [
    "CELL_DISPUTE_COLUMNS",
    "COLUMNS",
    "DEFINITIONS",
    "EXPOSURES",
    "OUTCOMES",
    "REFERENCES",
    "SUBSETS",
    "WORLD_WARS",
    "arms_races",
    "dispute_dyad_table",
]

#: BibTeX keys of the debate and of the data (``realpolitik.cite(table)`` gives the data's).
REFERENCES: tuple[str, ...] = (
    "wallace1979",
    "weede1980",
    "diehl1983",
    "sample1997",
    "gibler2005",
    "gibler2016",
    "efron1993",
)
#: The columns of the table (and of ``arms_races.csv``), in order.
COLUMNS = (
    "subset",
    "exposure",
    "outcome",
    "race_war",
    "race_no_war",
    "no_race_war",
    "no_race_no_war",
    "odds_ratio",
    "ci_low",
    "ci_high",
    "n_disputes",
)
#: With ``cells=True``: the distinct disputes behind each cell.
CELL_DISPUTE_COLUMNS = (
    "disputes_race_war",
    "disputes_race_no_war",
    "disputes_no_race_war",
    "disputes_no_race_no_war",
)
#: GML dispute numbers of the two World Wars (World War I, World War II).
WORLD_WARS = (257, 258)
EXPOSURES = ("grh", "wallace", "wallace_nominal", "diehl")
OUTCOMES = ("war", "war_5y")
SUBSETS = ("all", "rivals", "major_powers")

#: Every definitional choice, in words (printed by ``realpolitik study arms-races``).
DEFINITIONS: dict[str, str] = {
    "unit": "a dispute dyad: two states on opposite sides of one GML MID (Gibler, Miller and "
    "Little 2016) whose participation overlaps, one row per unordered pair; its year d is the "
    "first year of the overlap",
    "grh": "a race of the pair on Gibler, Rider and Hutchison's (2005) list spans d; dyads "
    "after 1993 (the list's end) are left out",
    "wallace": "Wallace-style index on real NMC milex (constant 2020 US$): each state's "
    "log-linear spending trend over d-10..d-1; exposed when both trends are positive and their "
    "product is >= 0.0064 (geometric mean >= 8%/yr); dyads without 10 years of both states' "
    "spending are left out",
    "wallace_nominal": "the same index on NMC milex in current US$ (inflation counts as "
    "build-up: the nominal-vs-real choice)",
    "diehl": "Diehl (1983): both states' real spending grew >= 8% in each of 3 consecutive "
    "years ending in d-5..d (no year after d is read); dyads without spending in d-8..d are "
    "left out",
    "war": "both states of the dyad reached MID hostility level 5 (war) in the dispute",
    "war_5y": "the pair began fighting each other in a COW inter-state war (Sarkees and "
    "Wayman 2010) in d..d+5 (Sample 1997's later escalation); COW's wars end in 2007, so "
    "dyads after 2002 are left out",
    "rivals": "a strategic rivalry of the pair (Thompson, Sakuwa and Suhas 2021) spans d",
    "major_powers": "both states are COW major powers in d",
    "no_world_wars": "the dyads of GML disputes 257 (World War I) and 258 (World War II) "
    "are dropped",
    "interval": "95% percentile bootstrap over disputes (a resampled dispute brings all its "
    "dyads; 2000 resamples, seed 0); 0.5 is added to every cell of a table with an empty cell",
}


@lru_cache(maxsize=1)
def _dyads() -> pd.DataFrame:
    """Return the undirected dispute dyads with their year, outcomes, subsets and exposures."""
    from realpolitik.data import dispute_dyads, load, war_dyads

    pairs = dispute_dyads()
    pairs = pairs[pairs["ccode1"] < pairs["ccode2"]]
    # one row per dispute and pair (a pair with two spells in a dispute: its first year)
    pairs = pairs.sort_values("styear").drop_duplicates(["dispnum", "ccode1", "ccode2"])
    d = pd.DataFrame(
        {
            "dispnum": pairs["dispnum"].astype(int).to_numpy(),
            "ccode1": pairs["ccode1"].astype(int).to_numpy(),
            "ccode2": pairs["ccode2"].astype(int).to_numpy(),
            "year": pairs["styear"].astype(int).to_numpy(),
            "war": ((pairs["hostlev1"] == 5) & (pairs["hostlev2"] == 5)).to_numpy(bool),
        }
    ).sort_values(["dispnum", "ccode1", "ccode2"], ignore_index=True)
    wars = war_dyads()
    starts = wars.groupby(["ccode1", "ccode2"])["styear"].agg(lambda s: sorted(set(s)))
    later = [
        any(y <= s <= y + 5 for s in starts.get((a, b), ()))
        for a, b, y in zip(d.ccode1, d.ccode2, d.year, strict=True)
    ]
    d["war_5y"] = np.where(d["year"] <= 2002, np.array(later, dtype=float), np.nan)
    rivals = load("rivalries")
    spells: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for r in rivals.itertuples(index=False):
        if pd.notna(r.ccode1) and pd.notna(r.ccode2):
            key = (min(int(r.ccode1), int(r.ccode2)), max(int(r.ccode1), int(r.ccode2)))
            spells.setdefault(key, []).append((int(r.styear), int(r.endyear)))
    d["rivals"] = [
        any(s <= y <= e for s, e in spells.get((a, b), ()))
        for a, b, y in zip(d.ccode1, d.ccode2, d.year, strict=True)
    ]
    major = load("major_powers")
    majors = set(zip(major["ccode"].astype(int), major["year"].astype(int), strict=True))
    d["major_powers"] = [
        (a, y) in majors and (b, y) in majors
        for a, b, y in zip(d.ccode1, d.ccode2, d.year, strict=True)
    ]
    d["all"] = True
    d["grh"] = _exposure.grh(d)
    d["wallace"] = _exposure.wallace(d)
    d["wallace_nominal"] = _exposure.wallace(d, "milex_usd")
    d["diehl"] = _exposure.diehl(d)
    return d


def dispute_dyad_table() -> pd.DataFrame:
    """Return the dispute dyads behind :func:`arms_races`, one row per dispute and pair.

    Returns
    -------
    pandas.DataFrame
        ``dispnum``, ``ccode1 < ccode2``, ``year`` (d), the outcomes ``war`` (bool) and
        ``war_5y`` (0/1, NaN after 2002), the subsets ``rivals``, ``major_powers``, ``all``
        (bool) and the exposures ``grh``, ``wallace``, ``wallace_nominal``, ``diehl`` (0/1,
        NaN where the data cannot say); see :data:`DEFINITIONS`.
    """
    from realpolitik.data._load import record

    return record(
        _dyads().copy(), ["mids", "wars", "nmc", "major_powers", "rivalries", "arms_races"]
    )


def _row(sub: pd.DataFrame, exposure: str, outcome: str, resamples: int, seed: int) -> list:
    used = sub[np.isfinite(sub[exposure].astype(float)) & sub[outcome].notna()]
    raced = used[exposure].to_numpy(float) == 1.0
    war = used[outcome].to_numpy(float) == 1.0
    cell = 2 * (~raced).astype(np.int64) + (~war).astype(np.int64)  # a b c d: 0..3
    codes, disputes = np.unique(used["dispnum"].to_numpy(), return_inverse=True)
    per_dispute = np.zeros((codes.size, 4), dtype=np.int64)
    np.add.at(per_dispute, (disputes, cell), 1)
    counts = per_dispute.sum(axis=0)
    ratio = float(odds_ratio(*counts)) if codes.size else float("nan")
    lo, hi = (
        _cluster_interval(per_dispute, lambda s: odds_ratio(*s.T), resamples=resamples, seed=seed)
        if codes.size
        else (float("nan"),) * 2
    )
    behind = (per_dispute > 0).sum(axis=0)
    return [*(int(c) for c in counts), ratio, lo, hi, int(codes.size), *(int(b) for b in behind)]


def arms_races(
    *, cells: bool = False, resamples: int = BOOTSTRAP_RESAMPLES, seed: int = BOOTSTRAP_SEED
) -> pd.DataFrame:
    """Return the arms-race/war table: each subset, exposure and outcome's 2x2 counts and OR.

    Parameters
    ----------
    cells
        Also return the distinct disputes behind each cell (:data:`CELL_DISPUTE_COLUMNS`).
    resamples, seed
        The cluster bootstrap's resamples (>= 100) and seed.

    Returns
    -------
    pandas.DataFrame
        One row per subset (``all``, ``all_no_world_wars``, ``rivals``, ...), exposure and
        outcome, with the columns of :data:`COLUMNS`: the dyad counts race & war, race & no
        war, no race & war, no race & no war, the odds ratio, its 95% interval clustered by
        dispute, and the number of distinct disputes.

    Raises
    ------
    ValueError
        For resamples < 100.
    """
    from realpolitik.data._load import record

    if int(resamples) != resamples or resamples < 100:
        raise ValueError(f"resamples = {resamples!r} is not allowed; use an integer >= 100")
    d = _dyads()
    rows = []
    for subset in SUBSETS:
        for ww in (False, True):
            sub = d[d[subset]]
            if ww:
                sub = sub[~sub["dispnum"].isin(WORLD_WARS)]
            name = f"{subset}_no_world_wars" if ww else subset
            for exposure in EXPOSURES:
                for outcome in OUTCOMES:
                    values = _row(sub, exposure, outcome, int(resamples), seed)
                    rows.append([name, exposure, outcome, *values])
    table = pd.DataFrame(rows, columns=[*COLUMNS, *CELL_DISPUTE_COLUMNS])
    if not cells:
        table = table[list(COLUMNS)]
    return record(table, ["mids", "wars", "nmc", "major_powers", "rivalries", "arms_races"])
