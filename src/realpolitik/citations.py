"""BibTeX for everything realpolitik implements, and :func:`cite` to collect it.

Each theory module (and, later, each dataset, mechanism and scenario) declares the keys of its
sources in a module-level ``REFERENCES`` tuple; this module holds the entries once, so a source
shared by several models is written in one place (peacesciencer's ``ps_cite`` is the model).
"""

from __future__ import annotations

import importlib
import re
from types import ModuleType

from realpolitik.data._sources import DATA_BIBTEX, DATASETS
from realpolitik.theory import MODELS

BIBTEX: dict[str, str] = {
    "richardson1939": """@book{richardson1939,
  author = {Richardson, Lewis F.},
  title = {Generalized Foreign Politics},
  series = {British Journal of Psychology Monograph Supplements},
  number = {23},
  publisher = {Cambridge University Press},
  year = {1939}
}""",
    "richardson1960": """@book{richardson1960,
  author = {Richardson, Lewis F.},
  title = {Arms and Insecurity: A Mathematical Study of the Causes and Origins of War},
  publisher = {Boxwood Press},
  address = {Pittsburgh},
  year = {1960}
}""",
    "mcfadden1989": """@article{mcfadden1989,
  author = {McFadden, Daniel},
  title = {A Method of Simulated Moments for Estimation of Discrete Response Models Without
    Numerical Integration},
  journal = {Econometrica},
  volume = {57},
  number = {5},
  pages = {995--1026},
  year = {1989}
}""",
    "rapoport1960": """@book{rapoport1960,
  author = {Rapoport, Anatol},
  title = {Fights, Games, and Debates},
  publisher = {University of Michigan Press},
  address = {Ann Arbor},
  year = {1960}
}""",
    "jervis1978": """@article{jervis1978,
  author = {Jervis, Robert},
  title = {Cooperation under the Security Dilemma},
  journal = {World Politics},
  volume = {30},
  number = {2},
  pages = {167--214},
  year = {1978}
}""",
    "jervis1976": """@book{jervis1976,
  author = {Jervis, Robert},
  title = {Perception and Misperception in International Politics},
  publisher = {Princeton University Press},
  year = {1976}
}""",
    "axelrod1984": """@book{axelrod1984,
  author = {Axelrod, Robert},
  title = {The Evolution of Cooperation},
  publisher = {Basic Books},
  address = {New York},
  year = {1984}
}""",
    "glaser1997": """@article{glaser1997,
  author = {Glaser, Charles L.},
  title = {The Security Dilemma Revisited},
  journal = {World Politics},
  volume = {50},
  number = {1},
  pages = {171--201},
  year = {1997}
}""",
    "glaser2010": """@book{glaser2010,
  author = {Glaser, Charles L.},
  title = {Rational Theory of International Politics: The Logic of Competition and Cooperation},
  publisher = {Princeton University Press},
  year = {2010}
}""",
    "kydd1997": """@article{kydd1997,
  author = {Kydd, Andrew},
  title = {Game Theory and the Spiral Model},
  journal = {World Politics},
  volume = {49},
  number = {3},
  pages = {371--400},
  year = {1997}
}""",
    "kydd2000": """@article{kydd2000,
  author = {Kydd, Andrew},
  title = {Trust, Reassurance, and Cooperation},
  journal = {International Organization},
  volume = {54},
  number = {2},
  pages = {325--357},
  year = {2000}
}""",
    "kydd2005": """@book{kydd2005,
  author = {Kydd, Andrew H.},
  title = {Trust and Mistrust in International Relations},
  publisher = {Princeton University Press},
  year = {2005}
}""",
    "fearon1995": """@article{fearon1995,
  author = {Fearon, James D.},
  title = {Rationalist Explanations for War},
  journal = {International Organization},
  volume = {49},
  number = {3},
  pages = {379--414},
  year = {1995}
}""",
    "powell2006": """@article{powell2006,
  author = {Powell, Robert},
  title = {War as a Commitment Problem},
  journal = {International Organization},
  volume = {60},
  number = {1},
  pages = {169--203},
  year = {2006}
}""",
    "powell1993": """@article{powell1993,
  author = {Powell, Robert},
  title = {Guns, Butter, and Anarchy},
  journal = {American Political Science Review},
  volume = {87},
  number = {1},
  pages = {115--132},
  year = {1993}
}""",
    "fearon2018": """@article{fearon2018,
  author = {Fearon, James D.},
  title = {Cooperation, Conflict, and the Costs of Anarchy},
  journal = {International Organization},
  volume = {72},
  number = {3},
  pages = {523--559},
  year = {2018}
}""",
    "horowitz2015": """@book{horowitz2015,
  author = {Horowitz, Michael C. and Stam, Allan C. and Ellis, Cali M.},
  title = {Why Leaders Fight},
  publisher = {Cambridge University Press},
  year = {2015}
}""",
    "paul2005": """@incollection{paul2005,
  author = {Paul, T. V.},
  title = {Causes of the India-Pakistan Enduring Rivalry},
  booktitle = {The India-Pakistan Conflict: An Enduring Rivalry},
  editor = {Paul, T. V.},
  pages = {3--24},
  publisher = {Cambridge University Press},
  address = {Cambridge},
  year = {2005}
}""",
    "fair2014": """@book{fair2014,
  author = {Fair, C. Christine},
  title = {Fighting to the End: The Pakistan Army's Way of War},
  publisher = {Oxford University Press},
  address = {New York},
  year = {2014}
}""",
    "kapur2007": """@book{kapur2007,
  author = {Kapur, S. Paul},
  title = {Dangerous Deterrent: Nuclear Weapons Proliferation and Conflict in South Asia},
  publisher = {Stanford University Press},
  address = {Stanford},
  year = {2007}
}""",
    "toon2007": """@article{toon2007,
  author = {Toon, Owen B. and Turco, Richard P. and Robock, Alan and Bardeen, Charles and
    Oman, Luke and Stenchikov, Georgiy L.},
  title = {Atmospheric Effects and Societal Consequences of Regional Scale Nuclear Conflicts
    and Acts of Individual Nuclear Terrorism},
  journal = {Atmospheric Chemistry and Physics},
  volume = {7},
  number = {8},
  pages = {1973--2002},
  year = {2007}
}""",
    "schelling1960": """@book{schelling1960,
  author = {Schelling, Thomas C.},
  title = {The Strategy of Conflict},
  publisher = {Harvard University Press},
  year = {1960}
}""",
    "schelling1966": """@book{schelling1966,
  author = {Schelling, Thomas C.},
  title = {Arms and Influence},
  publisher = {Yale University Press},
  year = {1966}
}""",
    "powell1990": """@book{powell1990,
  author = {Powell, Robert},
  title = {Nuclear Deterrence Theory: The Search for Credibility},
  publisher = {Cambridge University Press},
  year = {1990}
}""",
    "allison1999": """@book{allison1999,
  author = {Allison, Graham and Zelikow, Philip},
  title = {Essence of Decision: Explaining the Cuban Missile Crisis},
  edition = {2},
  publisher = {Longman},
  year = {1999}
}""",
    "fursenko1997": """@book{fursenko1997,
  author = {Fursenko, Aleksandr and Naftali, Timothy},
  title = {``One Hell of a Gamble'': Khrushchev, Castro, and Kennedy, 1958--1964},
  publisher = {W. W. Norton},
  year = {1997}
}""",
    "sagan1993": """@book{sagan1993,
  author = {Sagan, Scott D.},
  title = {The Limits of Safety: Organizations, Accidents, and Nuclear Weapons},
  publisher = {Princeton University Press},
  year = {1993}
}""",
    "lebow1994": """@book{lebow1994,
  author = {Lebow, Richard Ned and Stein, Janice Gross},
  title = {We All Lost the Cold War},
  publisher = {Princeton University Press},
  year = {1994}
}""",
    "sorensen1965": """@book{sorensen1965,
  author = {Sorensen, Theodore C.},
  title = {Kennedy},
  publisher = {Harper \\& Row},
  year = {1965}
}""",
    "kent1989": """@techreport{kent1989,
  author = {Kent, Glenn A. and Thaler, David E.},
  title = {First-Strike Stability: A Methodology for Evaluating Strategic Forces},
  institution = {RAND Corporation},
  number = {R-3765-AF},
  year = {1989}
}""",
    "lanchester1916": """@book{lanchester1916,
  author = {Lanchester, Frederick W.},
  title = {Aircraft in Warfare: The Dawn of the Fourth Arm},
  publisher = {Constable},
  address = {London},
  year = {1916}
}""",
    "tullock1980": """@incollection{tullock1980,
  author = {Tullock, Gordon},
  title = {Efficient Rent Seeking},
  booktitle = {Toward a Theory of the Rent-Seeking Society},
  editor = {Buchanan, James M. and Tollison, Robert D. and Tullock, Gordon},
  publisher = {Texas A\\&M University Press},
  pages = {97--112},
  year = {1980}
}""",
    "hirshleifer1989": """@article{hirshleifer1989,
  author = {Hirshleifer, Jack},
  title = {Conflict and Rent-Seeking Success Functions: Ratio vs. Difference Models of
           Relative Success},
  journal = {Public Choice},
  volume = {63},
  number = {2},
  pages = {101--112},
  year = {1989}
}""",
    "hirshleifer1991": """@article{hirshleifer1991,
  author = {Hirshleifer, Jack},
  title = {The Paradox of Power},
  journal = {Economics \\& Politics},
  volume = {3},
  number = {3},
  pages = {177--200},
  year = {1991}
}""",
    "nowak1992": """@article{nowak1992,
  author = {Nowak, Martin A. and Sigmund, Karl},
  title = {Tit for Tat in Heterogeneous Populations},
  journal = {Nature},
  volume = {355},
  pages = {250--253},
  year = {1992}
}""",
    "nowak1993": """@article{nowak1993,
  author = {Nowak, Martin A. and Sigmund, Karl},
  title = {A Strategy of Win-Stay, Lose-Shift that Outperforms Tit-for-Tat in the
           Prisoner's Dilemma Game},
  journal = {Nature},
  volume = {364},
  pages = {56--58},
  year = {1993}
}""",
    "press2012": """@article{press2012,
  author = {Press, William H. and Dyson, Freeman J.},
  title = {Iterated Prisoner's Dilemma Contains Strategies that Dominate any Evolutionary Opponent},
  journal = {Proceedings of the National Academy of Sciences},
  volume = {109},
  number = {26},
  pages = {10409--10413},
  year = {2012}
}""",
    "olson1966": """@article{olson1966,
  author = {Olson, Mancur and Zeckhauser, Richard},
  title = {An Economic Theory of Alliances},
  journal = {The Review of Economics and Statistics},
  volume = {48},
  number = {3},
  pages = {266--279},
  year = {1966}
}""",
    "bergstrom1986": """@article{bergstrom1986,
  author = {Bergstrom, Theodore and Blume, Lawrence and Varian, Hal},
  title = {On the Private Provision of Public Goods},
  journal = {Journal of Public Economics},
  volume = {29},
  number = {1},
  pages = {25--49},
  year = {1986}
}""",
    "christensen1990": """@article{christensen1990,
  author = {Christensen, Thomas J. and Snyder, Jack},
  title = {Chain Gangs and Passed Bucks: Predicting Alliance Patterns in Multipolarity},
  journal = {International Organization},
  volume = {44},
  number = {2},
  pages = {137--168},
  year = {1990}
}""",
    "diekmann1985": """@article{diekmann1985,
  author = {Diekmann, Andreas},
  title = {Volunteer's Dilemma},
  journal = {Journal of Conflict Resolution},
  volume = {29},
  number = {4},
  pages = {605--610},
  year = {1985}
}""",
    "walt1987": """@book{walt1987,
  author = {Walt, Stephen M.},
  title = {The Origins of Alliances},
  publisher = {Cornell University Press},
  year = {1987}
}""",
    "waltz1979": """@book{waltz1979,
  author = {Waltz, Kenneth N.},
  title = {Theory of International Politics},
  publisher = {Addison-Wesley},
  year = {1979}
}""",
    "fearon1994": """@article{fearon1994,
  author = {Fearon, James D.},
  title = {Domestic Political Audiences and the Escalation of International Disputes},
  journal = {American Political Science Review},
  volume = {88},
  number = {3},
  pages = {577--592},
  year = {1994}
}""",
    "schultz1999": """@article{schultz1999,
  author = {Schultz, Kenneth A.},
  title = {Do Democratic Institutions Constrain or Inform? Contrasting Two Institutional
           Perspectives on Democracy and War},
  journal = {International Organization},
  volume = {53},
  number = {2},
  pages = {233--266},
  year = {1999}
}""",
    "bdm2003": """@book{bdm2003,
  author = {Bueno de Mesquita, Bruce and Smith, Alastair and Siverson, Randolph M. and
            Morrow, James D.},
  title = {The Logic of Political Survival},
  publisher = {MIT Press},
  year = {2003}
}""",
    "diehl1983": """@article{diehl1983,
  author = {Diehl, Paul F.},
  title = {Arms Races and Escalation: A Closer Look},
  journal = {Journal of Peace Research},
  volume = {20},
  number = {3},
  pages = {205--212},
  year = {1983}
}""",
    "wilson1927": """@article{wilson1927,
  author = {Wilson, Edwin B.},
  title = {Probable Inference, the Law of Succession, and Statistical Inference},
  journal = {Journal of the American Statistical Association},
  volume = {22},
  number = {158},
  pages = {209--212},
  year = {1927}
}""",
    "huth1984": """@article{huth1984,
  author = {Huth, Paul and Russett, Bruce},
  title = {What Makes Deterrence Work? Cases from 1900 to 1980},
  journal = {World Politics},
  volume = {36},
  number = {4},
  pages = {496--526},
  year = {1984}
}""",
    "osgood1962": """@book{osgood1962,
  author = {Osgood, Charles E.},
  title = {An Alternative to War or Surrender},
  publisher = {University of Illinois Press},
  address = {Urbana},
  year = {1962}
}""",
    "schelling1961": """@book{schelling1961,
  author = {Schelling, Thomas C. and Halperin, Morton H.},
  title = {Strategy and Arms Control},
  publisher = {Twentieth Century Fund},
  address = {New York},
  year = {1961}
}""",
    "snyder1984": """@article{snyder1984,
  author = {Snyder, Glenn H.},
  title = {The Security Dilemma in Alliance Politics},
  journal = {World Politics},
  volume = {36},
  number = {4},
  pages = {461--495},
  year = {1984}
}""",
    "posen2014": """@book{posen2014,
  author = {Posen, Barry R.},
  title = {Restraint: A New Foundation for U.S. Grand Strategy},
  publisher = {Cornell University Press},
  address = {Ithaca},
  year = {2014}
}""",
    "gray1971": """@article{gray1971,
  author = {Gray, Colin S.},
  title = {The Arms Race Phenomenon},
  journal = {World Politics},
  volume = {24},
  number = {1},
  pages = {39--79},
  year = {1971}
}""",
    "kennedy1987": """@book{kennedy1987,
  author = {Kennedy, Paul},
  title = {The Rise and Fall of the Great Powers},
  publisher = {Random House},
  address = {New York},
  year = {1987}
}""",
    "mckay1979": """@article{mckay1979,
  author = {McKay, Michael D. and Beckman, Richard J. and Conover, William J.},
  title = {A Comparison of Three Methods for Selecting Values of Input Variables in the
           Analysis of Output from a Computer Code},
  journal = {Technometrics},
  volume = {21},
  number = {2},
  pages = {239--245},
  year = {1979}
}""",
    "sobol2001": """@article{sobol2001,
  author = {Sobol', Ilya M.},
  title = {Global Sensitivity Indices for Nonlinear Mathematical Models and Their Monte
           Carlo Estimates},
  journal = {Mathematics and Computers in Simulation},
  volume = {55},
  number = {1--3},
  pages = {271--280},
  year = {2001}
}""",
    "saltelli2002": """@article{saltelli2002,
  author = {Saltelli, Andrea},
  title = {Making Best Use of Model Evaluations to Compute Sensitivity Indices},
  journal = {Computer Physics Communications},
  volume = {145},
  number = {2},
  pages = {280--297},
  year = {2002}
}""",
    "herman2017": """@article{herman2017,
  author = {Herman, Jon and Usher, Will},
  title = {SALib: An Open-Source Python Library for Sensitivity Analysis},
  journal = {Journal of Open Source Software},
  volume = {2},
  number = {9},
  pages = {97},
  year = {2017}
}""",
    "wallace1979": """@article{wallace1979,
  author = {Wallace, Michael D.},
  title = {Arms Races and Escalation: Some New Evidence},
  journal = {Journal of Conflict Resolution},
  volume = {23},
  number = {1},
  pages = {3--16},
  year = {1979}
}""",
    "weede1980": """@article{weede1980,
  author = {Weede, Erich},
  title = {Arms Races and Escalation: Some Persisting Doubts},
  journal = {Journal of Conflict Resolution},
  volume = {24},
  number = {2},
  pages = {285--287},
  year = {1980}
}""",
    "sample1997": """@article{sample1997,
  author = {Sample, Susan G.},
  title = {Arms Races and Dispute Escalation: Resolving the Debate},
  journal = {Journal of Peace Research},
  volume = {34},
  number = {1},
  pages = {7--22},
  year = {1997}
}""",
    "wang1994": """@article{wang1994,
  author = {Wang, Kevin and Ray, James Lee},
  title = {Beginners and Winners: The Fate of Initiators of Interstate Wars Involving Great
           Powers Since 1495},
  journal = {International Studies Quarterly},
  volume = {38},
  number = {1},
  pages = {139--154},
  year = {1994}
}""",
    "efron1993": """@book{efron1993,
  author = {Efron, Bradley and Tibshirani, Robert J.},
  title = {An Introduction to the Bootstrap},
  publisher = {Chapman and Hall},
  address = {New York},
  year = {1993}
}""",
    "davison1997": """@book{davison1997,
  author = {Davison, Anthony C. and Hinkley, David V.},
  title = {Bootstrap Methods and Their Application},
  publisher = {Cambridge University Press},
  address = {Cambridge},
  year = {1997}
}""",
    "freedman1984": """@article{freedman1984,
  author = {Freedman, David A.},
  title = {On Bootstrapping Two-Stage Least-Squares Estimates in Stationary Linear Models},
  journal = {The Annals of Statistics},
  volume = {12},
  number = {3},
  pages = {827--842},
  year = {1984}
}""",
    "freedman1981": """@book{freedman1981,
  author = {Freedman, Lawrence},
  title = {The Evolution of Nuclear Strategy},
  publisher = {Macmillan},
  address = {London},
  year = {1981}
}""",
    "vanevera1984": """@article{vanevera1984,
  author = {Van Evera, Stephen},
  title = {The Cult of the Offensive and the Origins of the First World War},
  journal = {International Security},
  volume = {9},
  number = {1},
  pages = {58--107},
  year = {1984}
}""",
    "snyderj1984": """@article{snyderj1984,
  author = {Snyder, Jack},
  title = {Civil-Military Relations and the Cult of the Offensive, 1914 and 1984},
  journal = {International Security},
  volume = {9},
  number = {1},
  pages = {108--146},
  year = {1984}
}""",
    "hobson1993": """@article{hobson1993,
  author = {Hobson, John M.},
  title = {The Military-Extraction Gap and the Wary Titan: The Fiscal-Sociology of British
           Defence Policy 1870-1913},
  journal = {Journal of European Economic History},
  volume = {22},
  number = {3},
  pages = {461--506},
  year = {1993}
}""",
    "eloranta2007": """@article{eloranta2007,
  author = {Eloranta, Jari},
  title = {From the Great Illusion to the Great War: Military Spending Behaviour of the
           Great Powers, 1870-1913},
  journal = {European Review of Economic History},
  volume = {11},
  number = {2},
  pages = {255--283},
  year = {2007}
}""",
    "maddison2001": """@book{maddison2001,
  author = {Maddison, Angus},
  title = {The World Economy: A Millennial Perspective},
  publisher = {OECD Development Centre},
  address = {Paris},
  year = {2001}
}""",
}

BIBTEX.update(DATA_BIBTEX)

#: Modules that declare a ``REFERENCES`` tuple, by the short name users pass to :func:`cite`.
CITABLE: dict[str, str] = {name: f"realpolitik.theory.{name}" for name in MODELS}
CITABLE["engine"] = "realpolitik.engine"


def _keys_of(thing: object) -> tuple[str, ...]:
    attrs = getattr(thing, "attrs", None)
    names = attrs.get("realpolitik_datasets") if isinstance(attrs, dict) else None
    if names is not None:  # a table built by realpolitik.data: its datasets
        return tuple(k for name in names for k in DATASETS[name].references)
    if isinstance(thing, str):
        if thing in BIBTEX:
            return (thing,)
        if thing in DATASETS:
            return DATASETS[thing].references
        if thing not in CITABLE:
            allowed = [*sorted(CITABLE), *sorted(DATASETS), "<bibtex key>"]
            raise ValueError(f"cite: unknown thing {thing!r}; choose one of {allowed}")
        thing = importlib.import_module(CITABLE[thing])
    refs = getattr(thing, "REFERENCES", None)
    if refs is None:
        if isinstance(thing, ModuleType):
            raise ValueError(f"cite: module {thing.__name__} declares no REFERENCES")
        module = importlib.import_module(type(thing).__module__)
        refs = getattr(module, "REFERENCES", None)
        if refs is None:
            raise ValueError(f"cite: {thing!r} has no known sources")
    return tuple(refs)


def cite(*things: object) -> str:
    """Return the BibTeX of the given models (or modules, objects, BibTeX keys).

    Parameters
    ----------
    *things
        Short model names such as ``"richardson"`` or ``"spiral"``, the modules themselves,
        result objects of a model, dataset names of :mod:`realpolitik.data` (``"nmc"``), tables
        that :func:`realpolitik.data.load` and its joins returned (their datasets), or BibTeX
        keys. With no argument: every source the package knows.

    Returns
    -------
    str
        The BibTeX entries, each once, in first-mention order, separated by blank lines.

    Raises
    ------
    ValueError
        For a name that is neither a model nor a BibTeX key.
    """
    if not things:
        keys: list[str] = list(BIBTEX)
    else:
        keys = []
        for thing in things:
            for key in _keys_of(thing):
                if key not in keys:
                    keys.append(key)
    return "\n\n".join(BIBTEX[k] for k in keys)


#: The documentation page of each numbered section of the model notes the sources were
#: written from: 1-9 the formal models, 10 the links between models (the engine's
#: mechanisms), 11 the classic inputs, 0 and 12 the API and the engine.
DOC_PAGES: dict[int, str] = {
    0: "docs/api.md",
    1: "docs/models/richardson.md",
    2: "docs/models/offense_defense.md",
    3: "docs/models/spiral.md",
    4: "docs/models/bargaining.md",
    5: "docs/models/deterrence.md",
    6: "docs/models/contest.md",
    7: "docs/models/repeated.md",
    8: "docs/models/alliances.md",
    9: "docs/models/audience.md",
    10: "docs/mechanisms.md",
    11: "docs/theory.md",
    12: "docs/engine.md",
}

_SECTIONS = r"(?:\s+(?:sections?\s+)?(\d+(?:\.\d+)?(?:\s*(?:-|,|and)\s*\d+(?:\.\d+)?)*))?"
# The notes' names, written so that this module does not itself cite them (a test greps).
_NOTE = re.compile(r"\b(?:reference/)?(?P<note>CORE_?MODEL|MODELS|DESIGN)(?P<md>\.md)?" + _SECTIONS)


def docs_reference(text: str) -> str:
    """Return ``text`` with references to developer notes replaced by documentation pages.

    Older texts (scenario descriptions, key sources) cite the model notes, the core-model note
    and the design note the code was written from (by file name and section number), which a
    user does not have; what is shown or written names the page of the documentation instead
    (``docs/models/spiral.md`` for the spiral model's section, ``docs/engine.md`` for the core
    model, ``docs/architecture.md`` for the design). Text without such references is
    unchanged.

    Parameters
    ----------
    text
        Any text.

    Returns
    -------
    str
        The text with each reference replaced.
    """
    return _NOTE.sub(_page, text)


def _page(match: re.Match[str]) -> str:
    note, sections = match.group("note"), match.group(3)
    if note == "DESIGN":
        return "docs/architecture.md" if match.group("md") else match.group(0)
    if note.startswith("CORE"):
        return "docs/engine.md"
    if sections is None and not match.group("md"):
        return match.group(0)  # the word MODELS alone (e.g. a constant's name) stays
    numbers = [int(n) for n in re.findall(r"(?<![\d.])(\d+)(?:\.\d+)?", sections or "")]
    pages = dict.fromkeys(DOC_PAGES.get(n, "docs/theory.md") for n in numbers)
    return ", ".join(pages) or "docs/theory.md"
