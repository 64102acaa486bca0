"""The review mechanism's fixed tables: instruments, clusters, articles and workplan.

Everything here is transcribed from COP resolution 8/2 and its annex (Table 1 and Table 2),
plus the UN regional groups and the legal-system families used to match reviewers.

Stable codes (used in storage, in CSV files and in draw manifests; never translated):

* instruments: ``UNTOC``, ``TIP``, ``SOM``, ``FIREARMS``;
* clusters: ``1`` to ``4`` in the order of Table 1, with slugs for channel names
  (``criminalization``, ``prevention``, ``law-enforcement``, ``cooperation``);
* regional groups: ``AFRICA``, ``ASIA_PACIFIC``, ``EASTERN_EUROPE``, ``GRULAC`` (Latin American
  and Caribbean States), ``WEOG`` (Western European and other States);
* legal families: ``civil``, ``common``, ``muslim``, ``customary`` (a mixed system is a list).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum, StrEnum

from bot.domain.inputs import quote

# --------------------------------------------------------------------------- instruments


class Instrument(StrEnum):
    """The Convention and its three Protocols."""

    UNTOC = "UNTOC"
    TIP = "TIP"
    SOM = "SOM"
    FIREARMS = "FIREARMS"

    @property
    def short_name(self) -> str:
        """The name used in the tables of resolution 8/2 (e.g. "Firearms Protocol")."""
        return _INSTRUMENT_SHORT[self]

    @property
    def full_name(self) -> str:
        return _INSTRUMENT_FULL[self]

    @property
    def working_group(self) -> str:
        """The working group(s) that review this instrument (8/2 annex, Table 2)."""
        return _INSTRUMENT_WG[self]

    @property
    def is_protocol(self) -> bool:
        return self is not Instrument.UNTOC


_INSTRUMENT_SHORT = {
    Instrument.UNTOC: "Organized Crime Convention",
    Instrument.TIP: "Trafficking in Persons Protocol",
    Instrument.SOM: "Smuggling of Migrants Protocol",
    Instrument.FIREARMS: "Firearms Protocol",
}
_INSTRUMENT_FULL = {
    Instrument.UNTOC: "United Nations Convention against Transnational Organized Crime",
    Instrument.TIP: (
        "Protocol to Prevent, Suppress and Punish Trafficking in Persons, "
        "Especially Women and Children"
    ),
    Instrument.SOM: "Protocol against the Smuggling of Migrants by Land, Sea and Air",
    Instrument.FIREARMS: (
        "Protocol against the Illicit Manufacturing of and Trafficking in Firearms, "
        "Their Parts and Components and Ammunition"
    ),
}
_INSTRUMENT_WG = {
    Instrument.UNTOC: (
        "Working Group on International Cooperation and "
        "Working Group of Government Experts on Technical Assistance"
    ),
    Instrument.TIP: "Working Group on Trafficking in Persons",
    Instrument.SOM: "Working Group on the Smuggling of Migrants",
    Instrument.FIREARMS: "Working Group on Firearms",
}

INSTRUMENTS: tuple[Instrument, ...] = tuple(Instrument)
"""All four instruments, in the order of Table 1 (the canonical order everywhere)."""


def canonical_instruments(instruments: Iterable[Instrument | str]) -> tuple[Instrument, ...]:
    """Deduplicate and order instruments as in Table 1. Raises ValueError on an unknown code."""
    wanted = {Instrument(i) for i in instruments}
    return tuple(i for i in INSTRUMENTS if i in wanted)


# --------------------------------------------------------------------------- clusters


class Cluster(IntEnum):
    """The four thematic clusters of Table 1, numbered in the table's column order."""

    CRIMINALIZATION = 1
    PREVENTION = 2
    LAW_ENFORCEMENT = 3
    COOPERATION = 4

    @property
    def title(self) -> str:
        """The cluster's name as written in Table 1 (without "Cluster on")."""
        return _CLUSTER_TITLE[self]

    @property
    def slug(self) -> str:
        """Lower-case, hyphenated; safe inside a Discord channel name."""
        return _CLUSTER_SLUG[self]

    @classmethod
    def from_slug(cls, slug: str) -> Cluster:
        for cluster, known in _CLUSTER_SLUG.items():
            if known == slug.strip().lower():
                return cluster
        slugs = ", ".join(_CLUSTER_SLUG.values())
        raise ValueError(f"Unknown cluster “{quote(slug)}”; use one of {slugs}.")


_CLUSTER_TITLE = {
    Cluster.CRIMINALIZATION: "Criminalization and jurisdiction",
    Cluster.PREVENTION: "Prevention, technical assistance, protection measures and other measures",
    Cluster.LAW_ENFORCEMENT: "Law enforcement and the judicial system",
    Cluster.COOPERATION: "International cooperation, mutual legal assistance and confiscation",
}
_CLUSTER_SLUG = {
    Cluster.CRIMINALIZATION: "criminalization",
    Cluster.PREVENTION: "prevention",
    Cluster.LAW_ENFORCEMENT: "law-enforcement",
    Cluster.COOPERATION: "cooperation",
}

CLUSTERS: tuple[Cluster, ...] = tuple(Cluster)

# --------------------------------------------------------------------------- Table 1

TABLE_1: dict[Instrument, dict[Cluster, tuple[int, ...]]] = {
    Instrument.UNTOC: {
        Cluster.CRIMINALIZATION: (2, 5, 6, 8, 9, 10, 15, 23),
        Cluster.PREVENTION: (24, 25, 29, 30, 31),
        Cluster.LAW_ENFORCEMENT: (7, 11, 19, 20, 22, 26, 27, 28),
        Cluster.COOPERATION: (12, 13, 14, 16, 17, 18, 21),
    },
    Instrument.TIP: {
        Cluster.CRIMINALIZATION: (3, 5),
        Cluster.PREVENTION: (6, 7, 9),
        Cluster.LAW_ENFORCEMENT: (11, 12, 13),
        Cluster.COOPERATION: (8, 10),
    },
    Instrument.SOM: {
        Cluster.CRIMINALIZATION: (3, 5, 6),
        Cluster.PREVENTION: (8, 9, 14, 15, 16),
        Cluster.LAW_ENFORCEMENT: (11, 12, 13),
        Cluster.COOPERATION: (7, 10, 18),
    },
    Instrument.FIREARMS: {
        Cluster.CRIMINALIZATION: (3, 5, 8),
        Cluster.PREVENTION: (7, 9, 10, 11, 14, 15),
        Cluster.LAW_ENFORCEMENT: (),  # the table's cell is empty
        Cluster.COOPERATION: (6, 12, 13),
    },
}
"""Table 1 exactly as printed: every article of each cell, whatever the party's UNCAC status."""

NOT_FOR_UNCAC_PARTIES: dict[Instrument, frozenset[int]] = {
    Instrument.UNTOC: frozenset({8, 9}),
}
"""Table 1, note a: articles 8 and 9 of the Convention are reviewed only for States parties
that are not party to the United Nations Convention against Corruption."""


def articles_for(
    instruments_party_to: Iterable[Instrument | str],
    uncac_party: bool,
    instrument: Instrument | str,
    cluster: Cluster | int,
) -> tuple[int, ...]:
    """Articles of ``instrument`` reviewed in ``cluster`` for a party with this treaty status.

    Empty when the party is not party to ``instrument`` (a party is reviewed only for the
    instruments it is party to, 8/2 para. 5) or when Table 1 lists nothing for that cell.
    Raises ValueError when the instruments name a Protocol without the Convention, which no
    State can be party to (UNTOC art. 37(2)).
    """
    held = canonical_instruments(instruments_party_to)
    _check_convention_first(held)
    inst = Instrument(instrument)
    if inst not in held:
        return ()
    articles = TABLE_1[inst][Cluster(cluster)]
    if uncac_party:
        excluded = NOT_FOR_UNCAC_PARTIES.get(inst, frozenset())
        articles = tuple(a for a in articles if a not in excluded)
    return articles


def review_scope(
    instruments_party_to: Iterable[Instrument | str],
    uncac_party: bool,
    cluster: Cluster | int,
) -> dict[Instrument, tuple[int, ...]]:
    """All articles a party is reviewed on in a cluster, by instrument (Table 1 order).

    Only instruments with at least one article appear: a Firearms party has nothing to
    review under the Firearms Protocol in cluster 3, so the Firearms Protocol is not
    "under review" there and a reviewer need not be party to it.
    """
    held = canonical_instruments(instruments_party_to)
    scope = {i: articles_for(held, uncac_party, i, cluster) for i in held}
    return {i: arts for i, arts in scope.items() if arts}


def instruments_under_review(
    instruments_party_to: Iterable[Instrument | str], cluster: Cluster | int
) -> tuple[Instrument, ...]:
    """The instruments for which a party is reviewed in a cluster (UNCAC status never matters
    here: the Convention always keeps other articles in every cluster)."""
    return tuple(review_scope(instruments_party_to, True, cluster))


def format_articles(articles: Iterable[int]) -> str:
    """``(2, 5, 6)`` -> "articles 2, 5 and 6"; ``(3,)`` -> "article 3"; ``()`` -> "no articles"."""
    nums = [str(a) for a in articles]
    if not nums:
        return "no articles"
    if len(nums) == 1:
        return f"article {nums[0]}"
    return f"articles {', '.join(nums[:-1])} and {nums[-1]}"


def _check_convention_first(held: tuple[Instrument, ...]) -> None:
    if held and Instrument.UNTOC not in held:
        raise ValueError(
            "Only a party to the Convention (UNTOC) can be party to a Protocol "
            "(UNTOC article 37(2))."
        )


# --------------------------------------------------------------------------- Table 2


@dataclass(frozen=True)
class WorkplanPeriod:
    """One band of years of the multi-year workplan (8/2 annex, Table 2).

    ``activities`` keeps the wording of the table. In the resolution's text only
    "Criminalization" is written under each of the four working groups; the other entries
    are written once across the row. Resolution 9/1 later organised the review in four
    phases of two years; that refinement is not part of this table.
    """

    years: str
    first_year: int
    last_year: int
    activities: tuple[str, ...]
    clusters: tuple[Cluster, ...]

    def covers(self, year: int) -> bool:
        return self.first_year <= year <= self.last_year


WORKPLAN: tuple[WorkplanPeriod, ...] = (
    WorkplanPeriod(
        years="I-II",
        first_year=1,
        last_year=2,
        activities=("Definition of organizational matters and questionnaire",),
        clusters=(),
    ),
    WorkplanPeriod(
        years="III-VI",
        first_year=3,
        last_year=6,
        activities=(
            "Criminalization",
            "International cooperation, mutual legal assistance and confiscation",
        ),
        clusters=(Cluster.CRIMINALIZATION, Cluster.COOPERATION),
    ),
    WorkplanPeriod(
        years="VII-X",
        first_year=7,
        last_year=10,
        activities=(
            "Law enforcement and judicial system",
            "Prevention, assistance, protection measures and other measures",
        ),
        clusters=(Cluster.LAW_ENFORCEMENT, Cluster.PREVENTION),
    ),
)


def workplan_period_for(cluster: Cluster | int) -> WorkplanPeriod:
    """The band of years in which a cluster is reviewed."""
    wanted = Cluster(cluster)
    return next(p for p in WORKPLAN if wanted in p.clusters)


def workplan_period_in_year(year: int) -> WorkplanPeriod:
    """The workplan period of year ``year`` (1 to 10). Raises ValueError outside the plan."""
    for period in WORKPLAN:
        if period.covers(year):
            return period
    raise ValueError(f"The workplan runs from year 1 to year 10; year {year} is outside it.")


# --------------------------------------------------------------------------- groups, families


class RegionalGroup(StrEnum):
    """The five UN regional groups (DGACM list)."""

    AFRICA = "AFRICA"
    ASIA_PACIFIC = "ASIA_PACIFIC"
    EASTERN_EUROPE = "EASTERN_EUROPE"
    GRULAC = "GRULAC"
    WEOG = "WEOG"

    @property
    def display_name(self) -> str:
        return _GROUP_NAME[self]


_GROUP_NAME = {
    RegionalGroup.AFRICA: "African States",
    RegionalGroup.ASIA_PACIFIC: "Asia-Pacific States",
    RegionalGroup.EASTERN_EUROPE: "Eastern European States",
    RegionalGroup.GRULAC: "Latin American and Caribbean States",
    RegionalGroup.WEOG: "Western European and other States",
}

REGIONAL_GROUPS: tuple[RegionalGroup, ...] = tuple(RegionalGroup)


class LegalFamily(StrEnum):
    """Legal-system families (JuriGlobe). A mixed system is a list of several."""

    CIVIL = "civil"
    COMMON = "common"
    MUSLIM = "muslim"
    CUSTOMARY = "customary"

    @property
    def display_name(self) -> str:
        return "Muslim law" if self is LegalFamily.MUSLIM else f"{self.value} law"


LEGAL_FAMILIES: tuple[LegalFamily, ...] = tuple(LegalFamily)


def canonical_families(families: Iterable[LegalFamily | str]) -> tuple[LegalFamily, ...]:
    """Deduplicate and order legal families. Raises ValueError on an unknown code."""
    wanted = {LegalFamily(f) for f in families}
    return tuple(f for f in LEGAL_FAMILIES if f in wanted)


def legally_similar(a: Iterable[LegalFamily], b: Iterable[LegalFamily]) -> bool:
    """Two parties are similar when their family lists share a family (an empty list -
    family not recorded - is similar to nothing)."""
    return bool(set(a) & set(b))
