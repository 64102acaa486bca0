"""The mechanism's tables against the text of resolution 8/2 (../shared/reference)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.domain.mechanism import (
    CLUSTERS,
    INSTRUMENTS,
    NOT_FOR_UNCAC_PARTIES,
    REGIONAL_GROUPS,
    TABLE_1,
    WORKPLAN,
    Cluster,
    Instrument,
    LegalFamily,
    RegionalGroup,
    articles_for,
    format_articles,
    instruments_under_review,
    legally_similar,
    review_scope,
    workplan_period_for,
    workplan_period_in_year,
)

RESOLUTION = Path(__file__).resolve().parents[3] / "shared" / "reference" / "cop-resolution-8-2.txt"

U, T, S, F = Instrument.UNTOC, Instrument.TIP, Instrument.SOM, Instrument.FIREARMS
C1, C2, C3, C4 = CLUSTERS

# Transcribed by hand from the annex, Table 1 (and shared/reference/mechanism.md).
TRANSCRIBED: dict[tuple[Instrument, Cluster], tuple[int, ...]] = {
    (U, C1): (2, 5, 6, 8, 9, 10, 15, 23),
    (U, C2): (24, 25, 29, 30, 31),
    (U, C3): (7, 11, 19, 20, 22, 26, 27, 28),
    (U, C4): (12, 13, 14, 16, 17, 18, 21),
    (T, C1): (3, 5),
    (T, C2): (6, 7, 9),
    (T, C3): (11, 12, 13),
    (T, C4): (8, 10),
    (S, C1): (3, 5, 6),
    (S, C2): (8, 9, 14, 15, 16),
    (S, C3): (11, 12, 13),
    (S, C4): (7, 10, 18),
    (F, C1): (3, 5, 8),
    (F, C2): (7, 9, 10, 11, 14, 15),
    (F, C3): (),
    (F, C4): (6, 12, 13),
}


def _table_lines(first_cell: str, count: int) -> list[list[str]]:
    lines = RESOLUTION.read_text("utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(first_cell))
    return [line.split("\t") for line in lines[start : start + count]]


def _untag(cell: str) -> str:
    return re.sub(r"</?i>", "", cell).strip()


def _table_1_from_text() -> dict[tuple[Instrument, Cluster], tuple[int, ...]]:
    header, *rows = _table_lines("<i>Legal instrument</i>", 5)
    assert len(header) == 5
    by_name = {i.short_name: i for i in INSTRUMENTS}
    cells = {}
    for row in rows:
        instrument = by_name[row[0].strip()]
        assert len(row) == 5, row
        for cluster, cell in zip(CLUSTERS, row[1:], strict=True):
            numbers = re.sub(r"\^a", "", cell)
            cells[(instrument, cluster)] = tuple(int(n) for n in re.findall(r"\d+", numbers))
    return cells


@pytest.mark.parametrize(("instrument", "cluster"), list(TRANSCRIBED))
def test_every_cell_of_table_1_matches_the_resolution(
    instrument: Instrument, cluster: Cluster
) -> None:
    from_text = _table_1_from_text()[(instrument, cluster)]
    assert TABLE_1[instrument][cluster] == TRANSCRIBED[(instrument, cluster)] == from_text


def test_table_1_has_exactly_the_sixteen_cells_of_the_resolution() -> None:
    encoded = {(i, c): arts for i, row in TABLE_1.items() for c, arts in row.items()}
    assert encoded == _table_1_from_text() == TRANSCRIBED


def test_row_and_column_headings_match_the_resolution() -> None:
    header = [_untag(c) for c in _table_lines("<i>Legal instrument</i>", 1)[0]]
    assert header[1:] == [f"Cluster on {c.title[0].lower()}{c.title[1:]}" for c in CLUSTERS]
    labels = [row[0] for row in _table_lines("Organized Crime Convention\t", 4)]
    assert labels == [i.short_name for i in INSTRUMENTS]


def test_note_a_limits_articles_8_and_9_to_parties_not_party_to_uncac() -> None:
    text = RESOLUTION.read_text("utf-8")
    rows = _table_lines("Organized Crime Convention\t", 4)
    marked = [row[0] for row in rows if "^a" in "".join(row)]
    assert marked == ["Organized Crime Convention"]
    assert "^a" in _table_lines("Organized Crime Convention\t", 1)[0][1]  # the criminalization cell
    note = next(line for line in text.splitlines() if line.startswith("^a "))
    assert "articles 8 and 9 of the Convention" in note
    assert "not party to the United Nations Convention against Corruption" in note
    assert NOT_FOR_UNCAC_PARTIES == {U: frozenset({8, 9})}


def test_no_article_is_reviewed_in_two_clusters() -> None:
    for instrument in INSTRUMENTS:
        seen = [a for c in CLUSTERS for a in TABLE_1[instrument][c]]
        assert len(seen) == len(set(seen)), instrument


ALL = (U, T, S, F)


def test_party_to_uncac_is_not_reviewed_on_articles_8_and_9() -> None:
    assert articles_for(ALL, True, U, C1) == (2, 5, 6, 10, 15, 23)


def test_party_not_party_to_uncac_is_reviewed_on_articles_8_and_9() -> None:
    assert articles_for(ALL, False, U, C1) == (2, 5, 6, 8, 9, 10, 15, 23)


@pytest.mark.parametrize("cluster", CLUSTERS)
@pytest.mark.parametrize("instrument", INSTRUMENTS)
def test_uncac_status_changes_only_the_convention_criminalization_cell(
    instrument: Instrument, cluster: Cluster
) -> None:
    with_uncac = articles_for(ALL, True, instrument, cluster)
    without = articles_for(ALL, False, instrument, cluster)
    assert without == TABLE_1[instrument][cluster]
    if (instrument, cluster) == (U, C1):
        assert set(without) - set(with_uncac) == {8, 9}
    else:
        assert with_uncac == without


def test_no_articles_for_an_instrument_the_party_is_not_party_to() -> None:
    assert articles_for([U, T], False, S, C1) == ()
    assert articles_for(["UNTOC", "TIP"], False, "TIP", 1) == (3, 5)


def test_a_protocol_without_the_convention_is_refused() -> None:
    with pytest.raises(ValueError, match="Only a party to the Convention"):
        articles_for([T], False, T, C1)


def test_review_scope_lists_each_instrument_the_party_is_party_to() -> None:
    assert review_scope([U, T], False, C1) == {U: (2, 5, 6, 8, 9, 10, 15, 23), T: (3, 5)}
    assert review_scope([U, F], True, C4) == {U: (12, 13, 14, 16, 17, 18, 21), F: (6, 12, 13)}


def test_firearms_protocol_is_not_under_review_in_the_law_enforcement_cluster() -> None:
    assert F not in review_scope(ALL, True, C3)
    assert instruments_under_review(ALL, C3) == (U, T, S)
    assert instruments_under_review([F, U], C1) == (U, F)


def test_workplan_matches_table_2() -> None:
    rows = _table_lines("I-II\t", 5)
    assert [r[0] for r in rows if r[0]] == [p.years for p in WORKPLAN]
    activities = [r[1] for r in rows]
    assert activities == [a for p in WORKPLAN for a in p.activities]
    assert rows[1][1:] == ["Criminalization"] * 4  # under each of the four working groups
    assert workplan_period_for(C1).years == workplan_period_for(C4).years == "III-VI"
    assert workplan_period_for(C2).years == workplan_period_for(C3).years == "VII-X"
    assert [workplan_period_in_year(y).years for y in (1, 2, 3, 6, 7, 10)] == [
        "I-II", "I-II", "III-VI", "III-VI", "VII-X", "VII-X"
    ]  # fmt: skip
    with pytest.raises(ValueError, match="year 11"):
        workplan_period_in_year(11)


def test_working_groups_are_those_of_table_2() -> None:
    header = [_untag(c) for c in _table_lines("<i>Year</i>", 1)[0]]
    assert header[2:] == [T.working_group, S.working_group, F.working_group]
    footnote = next(
        line for line in RESOLUTION.read_text("utf-8").splitlines() if line.startswith("* The ")
    )
    assert footnote == f"* The {U.working_group.replace(' and ', ' and the ')}."


def test_cluster_slugs_fit_discord_channel_names() -> None:
    slugs = [c.slug for c in CLUSTERS]
    assert slugs == ["criminalization", "prevention", "law-enforcement", "cooperation"]
    assert all(re.fullmatch(r"[a-z0-9-]{1,30}", s) for s in slugs)
    assert [Cluster.from_slug(s) for s in slugs] == list(CLUSTERS)
    assert [int(c) for c in CLUSTERS] == [1, 2, 3, 4]
    with pytest.raises(ValueError, match="Unknown cluster"):
        Cluster.from_slug("policing")


def test_instrument_codes_and_names() -> None:
    assert [i.value for i in INSTRUMENTS] == ["UNTOC", "TIP", "SOM", "FIREARMS"]
    assert U.full_name == "United Nations Convention against Transnational Organized Crime"
    assert [i.is_protocol for i in INSTRUMENTS] == [False, True, True, True]


def test_regional_groups_and_legal_families() -> None:
    assert [g.value for g in REGIONAL_GROUPS] == [
        "AFRICA", "ASIA_PACIFIC", "EASTERN_EUROPE", "GRULAC", "WEOG"
    ]  # fmt: skip
    assert RegionalGroup.GRULAC.display_name == "Latin American and Caribbean States"
    assert RegionalGroup.WEOG.display_name == "Western European and other States"
    assert {f.value for f in LegalFamily} == {"civil", "common", "customary", "muslim"}
    assert LegalFamily.MUSLIM.display_name == "Muslim law"
    assert legally_similar([LegalFamily.CIVIL, LegalFamily.CUSTOMARY], [LegalFamily.CUSTOMARY])
    assert not legally_similar([LegalFamily.CIVIL], [LegalFamily.COMMON])
    assert not legally_similar([], [])


def test_articles_read_as_plain_english() -> None:
    assert format_articles((2, 5, 6)) == "articles 2, 5 and 6"
    assert format_articles((3,)) == "article 3"
    assert format_articles(()) == "no articles"
