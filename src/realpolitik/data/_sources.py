"""What each dataset is, who made it, on what terms, and its BibTeX (light: no pandas here).

:mod:`realpolitik.citations` merges :data:`DATA_BIBTEX` into its entries and resolves a dataset
name (or a table :func:`realpolitik.data.load` returned) to :data:`DATASETS`' keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field

COW_TERMS = (
    "Correlates of War data: free to use; cite the dataset's reference publication "
    "(correlatesofwar.org)."
)
PEACESCIENCER = (
    "Files as re-distributed by peacesciencer (Miller 2022); the original authors' citation "
    "applies."
)


@dataclass(frozen=True)
class Dataset:
    """One dataset :func:`realpolitik.data.load` knows.

    Attributes
    ----------
    name, title, version
        The name ``load`` takes, a one-line title and the version of the source.
    citation
        The text citation (author year, title).
    references
        BibTeX keys (entries in :data:`DATA_BIBTEX` or :data:`realpolitik.citations.BIBTEX`).
    terms
        The authors' terms of use, in one sentence.
    tables
        Option value -> bundled file stem (without ``.parquet``); the first is the default.
    option
        The keyword of :func:`realpolitik.data.load` that picks among ``tables`` (``level``
        or ``source``), or ``None`` for a single table.
    bundled
        ``True`` for data shipped inside the package; ``False`` for the user's own download.
    """

    name: str
    title: str
    version: str
    citation: str
    references: tuple[str, ...]
    terms: str
    tables: dict[str, str] = field(default_factory=dict)
    option: str | None = None
    bundled: bool = True


DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in (
        Dataset(
            "nmc",
            "COW National Material Capabilities (milex in current and constant 2020 US$)",
            "7.0 (state abbreviations of 6.0)",
            "Singer, Bremer and Stuckey (1972); Singer (1987). Constant dollars: Our World in "
            "Data (2021), military expenditure based on COW and SIPRI, CC BY 4.0.",
            ("singer1972", "singer1987", "owid2021milex", "miller2022"),
            f"{COW_TERMS} {PEACESCIENCER} The deflator is derived from OWID's series (CC BY 4.0).",
            {"": "nmc"},
        ),
        Dataset(
            "states",
            "COW State System Membership (state-years or spells)",
            "2016",
            "Correlates of War Project (2017), State System Membership List, v2016.",
            ("cow2017states",),
            COW_TERMS,
            {"year": "states", "spell": "state_spells"},
            "level",
        ),
        Dataset(
            "major_powers",
            "COW major powers (state-years or spells)",
            "2016",
            "Correlates of War Project (2017), State System Membership List, v2016.",
            ("cow2017states",),
            COW_TERMS,
            {"year": "major_powers", "spell": "major_powers"},
            "level",
        ),
        Dataset(
            "wars",
            "COW inter-state wars, participant level",
            "4.0",
            "Sarkees and Wayman (2010), Resort to War: 1816-2007.",
            ("sarkees2010",),
            COW_TERMS,
            {"": "wars"},
        ),
        Dataset(
            "cow_alliances",
            "COW formal alliances, directed dyad-years",
            "4.1",
            "Gibler (2009), International Military Alliances, 1648-2008.",
            ("gibler2009", "miller2022"),
            f"{COW_TERMS} {PEACESCIENCER}",
            {"": "cow_alliances"},
        ),
        Dataset(
            "atop",
            "Alliance Treaty Obligations and Provisions, directed dyad-years",
            "5.1",
            "Leeds, Ritter, Mitchell and Long (2002), Alliance Treaty Obligations and "
            "Provisions, 1815-1944.",
            ("leeds2002", "miller2022"),
            "ATOP data: free for research; cite Leeds et al. (2002) (atopdata.org). "
            + PEACESCIENCER,
            {"": "atop"},
        ),
        Dataset(
            "mids",
            "Militarised interstate disputes, GML-corrected (dispute or participant level)",
            "GML-MID, MID 4.01 format (1816-2010)",
            "Gibler, Miller and Little (2016), An Analysis of the Militarized Interstate "
            "Dispute (MID) Dataset, 1816-2001.",
            ("gibler2016",),
            "Public research data; cite Gibler, Miller and Little (2016).",
            {"dispute": "mids", "participant": "mid_participants"},
            "level",
        ),
        Dataset(
            "sipri",
            "SIPRI Military Expenditure Database (the user's own download)",
            "the workbook the user downloaded",
            "SIPRI Military Expenditure Database, Stockholm International Peace Research "
            "Institute, https://www.sipri.org/databases/milex.",
            ("sipri_milex",),
            "SIPRI's terms: not redistributed with realpolitik; download the workbook from "
            "https://www.sipri.org/databases/milex and cite SIPRI.",
            bundled=False,
        ),
        Dataset(
            "owid_milex",
            "Military expenditure in constant 2020 US$, COW NMC before 1949 and SIPRI after "
            "(Our World in Data)",
            "OWID 2021",
            "Our World in Data (2021), Military expenditure (OWID based on COW and SIPRI), "
            "constant 2020 US$; from Singer, Bremer and Stuckey (1972) and the SIPRI Military "
            "Expenditure Database.",
            ("owid2021milex", "singer1972", "sipri_milex"),
            "CC BY 4.0: attribute Our World in Data, and cite COW and SIPRI as its sources.",
            {"": "owid_milex"},
        ),
        Dataset(
            "nuclear",
            "Nuclear warhead stockpiles by state and year",
            "FAS 2023 (or Kristensen and Norris 2013 with source='bas')",
            "Kristensen, Korda, Norris and Reynolds (2023), Status of World Nuclear Forces, "
            "Federation of American Scientists; Kristensen and Norris (2013).",
            ("kristensen2023", "kristensen2013"),
            "Published estimates with attribution to their authors; compiled by Our World in "
            "Data (CC BY 4.0).",
            {"fas": "nuclear", "bas": "nuclear_bas"},
            "source",
        ),
        Dataset(
            "arms_races",
            "Conventional arms races during rivalries (Gibler, Rider and Hutchison)",
            "2005",
            "Gibler, Rider and Hutchison (2005), Taking Arms Against a Sea of Troubles: "
            "Conventional Arms Races during Periods of Rivalry.",
            ("gibler2005", "miller2022"),
            f"Published research data; cite the authors. {PEACESCIENCER}",
            {"": "arms_races"},
        ),
        Dataset(
            "rivalries",
            "Strategic rivalries (Thompson-Sakuwa-Suhas, or Thompson-Dreyer with source='td')",
            "TSS 2021 (1494-2020); TD 2012",
            "Thompson, Sakuwa and Suhas (2021), Analyzing Strategic Rivalries in World "
            "Politics; Thompson and Dreyer (2012), Handbook of International Rivalries.",
            ("thompson2021", "thompson2012", "miller2022"),
            f"Published research data; cite the authors. {PEACESCIENCER}",
            {"tss": "rivalries", "td": "rivalries_td"},
            "source",
        ),
    )
}


def _entry(kind: str, key: str, **fields: str) -> str:
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items())
    return f"@{kind}{{{key},\n{body}\n}}"


DATA_BIBTEX: dict[str, str] = {
    "singer1972": _entry(
        "incollection",
        "singer1972",
        author="Singer, J. David and Bremer, Stuart and Stuckey, John",
        title="Capability Distribution, Uncertainty, and Major Power War, 1820-1965",
        booktitle="Peace, War, and Numbers",
        editor="Russett, Bruce",
        publisher="Sage",
        pages="19--48",
        year="1972",
    ),
    "singer1987": _entry(
        "article",
        "singer1987",
        author="Singer, J. David",
        title="Reconstructing the Correlates of War Dataset on Material Capabilities of "
        "States, 1816-1985",
        journal="International Interactions",
        volume="14",
        pages="115--132",
        year="1987",
    ),
    "cow2017states": _entry(
        "misc",
        "cow2017states",
        author="{Correlates of War Project}",
        title="State System Membership List, v2016",
        howpublished="correlatesofwar.org",
        year="2017",
    ),
    "sarkees2010": _entry(
        "book",
        "sarkees2010",
        author="Sarkees, Meredith Reid and Wayman, Frank",
        title="Resort to War: 1816-2007",
        publisher="CQ Press",
        address="Washington DC",
        year="2010",
    ),
    "gibler2009": _entry(
        "book",
        "gibler2009",
        author="Gibler, Douglas M.",
        title="International Military Alliances, 1648-2008",
        publisher="CQ Press",
        address="Washington DC",
        year="2009",
    ),
    "leeds2002": _entry(
        "article",
        "leeds2002",
        author="Leeds, Brett Ashley and Ritter, Jeffrey M. and Mitchell, Sara McLaughlin and "
        "Long, Andrew G.",
        title="Alliance Treaty Obligations and Provisions, 1815-1944",
        journal="International Interactions",
        volume="28",
        pages="237--260",
        year="2002",
    ),
    "gibler2016": _entry(
        "article",
        "gibler2016",
        author="Gibler, Douglas M. and Miller, Steven V. and Little, Erin K.",
        title="An Analysis of the Militarized Interstate Dispute (MID) Dataset, 1816-2001",
        journal="International Studies Quarterly",
        volume="60",
        number="4",
        pages="719--730",
        year="2016",
    ),
    "gibler2005": _entry(
        "article",
        "gibler2005",
        author="Gibler, Douglas M. and Rider, Toby J. and Hutchison, Marc L.",
        title="Taking Arms Against a Sea of Troubles: Conventional Arms Races during Periods "
        "of Rivalry",
        journal="Journal of Peace Research",
        volume="42",
        number="2",
        pages="131--147",
        year="2005",
    ),
    "thompson2021": _entry(
        "book",
        "thompson2021",
        author="Thompson, William R. and Sakuwa, Kentaro and Suhas, Prashant Hosur",
        title="Analyzing Strategic Rivalries in World Politics",
        publisher="Springer",
        address="Singapore",
        year="2021",
    ),
    "thompson2012": _entry(
        "book",
        "thompson2012",
        author="Thompson, William R. and Dreyer, David R.",
        title="Handbook of International Rivalries, 1494-2010",
        publisher="CQ Press",
        address="Washington DC",
        year="2012",
    ),
    "kristensen2023": _entry(
        "misc",
        "kristensen2023",
        author="Kristensen, Hans M. and Korda, Matt and Norris, Robert S. and Reynolds, Eliana",
        title="Status of World Nuclear Forces",
        howpublished="Federation of American Scientists, fas.org",
        year="2023",
    ),
    "kristensen2013": _entry(
        "article",
        "kristensen2013",
        author="Kristensen, Hans M. and Norris, Robert S.",
        title="Global Nuclear Weapons Inventories, 1945-2013",
        journal="Bulletin of the Atomic Scientists",
        volume="69",
        number="5",
        pages="75--81",
        year="2013",
    ),
    "sipri_milex": _entry(
        "misc",
        "sipri_milex",
        author="{Stockholm International Peace Research Institute}",
        title="SIPRI Military Expenditure Database",
        howpublished="https://www.sipri.org/databases/milex",
        year="2021",
    ),
    "owid2021milex": _entry(
        "misc",
        "owid2021milex",
        author="{Our World in Data}",
        title="Military Expenditure (OWID based on COW and SIPRI), constant 2020 US dollars",
        howpublished="ourworldindata.org, CC BY 4.0",
        year="2021",
    ),
    "miller2022": _entry(
        "article",
        "miller2022",
        author="Miller, Steven V.",
        title="peacesciencer: An R Package for Quantitative Peace Science Research",
        journal="Conflict Management and Peace Science",
        volume="39",
        number="6",
        pages="755--779",
        year="2022",
    ),
}
