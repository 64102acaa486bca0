"""The lot is fair: over many beacon values every admissible choice comes up equally often.

The beacon values are fixed (``sha256(str(i))``), so these tests are deterministic. Each
compares the observed counts with the uniform expectation by a chi-square test and fails when
the statistic exceeds the 0.1 % critical value for its degrees of freedom — a fair draw stays
below it 999 times in 1000, and these fixed inputs are far below it.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import UTC, datetime
from typing import Any

from bot.domain.draw import compute_redraw, compute_result, replay
from bot.domain.drawlog import make_redraw_request

DRAWS = 1200
# Upper 0.1 % points of the chi-square distribution, by degrees of freedom.
CHI2_CRITICAL_0_001 = {1: 10.828, 5: 20.515, 11: 31.264}


def beacon(i: int) -> str:
    return hashlib.sha256(str(i).encode()).hexdigest()


def chi_square(counts: Counter[Any], categories: list[Any]) -> float:
    expected = sum(counts.values()) / len(categories)
    return sum((counts.get(c, 0) - expected) ** 2 / expected for c in categories)


def party(code: str, group: str, legal: str = "civil") -> dict[str, Any]:
    return {"code": code, "group": group, "legal": [legal], "instruments": ["UNTOC", "TIP"],
            "load": 0}


def manifest(pool: list[dict[str, Any]], under_review: list[str]) -> dict[str, Any]:
    return {
        "scheme": "reviewer-draw/v1", "draw_id": "fairness", "base_instrument": "UNTOC",
        "instruments": ["UNTOC", "TIP"], "pool": pool, "under_review": under_review,
        "existing": [],
        "rules": {"max_reviews_per_state": 3, "exclude_mutual": True, "prefer_legal_match": True,
                  "prefer_full_coverage": True, "additional_reviewers": True,
                  "max_reviewers_per_review": 4, "redraws": {"max_per_requester": 2}},
        "beacon": {"source": "test", "chain_hash": "0" * 64, "round": 1}, "meta": {},
    }


SAME = ["A1", "A2", "A3"]
OTHER = ["B1", "B2", "B3", "B4"]


def test_every_admissible_pair_is_equally_likely() -> None:
    pool = [party("S", "G1")] + [party(c, "G1") for c in SAME] + [party(c, "G2") for c in OTHER]
    m = manifest(pool, ["S"])
    counts: Counter[tuple[str, str]] = Counter()
    for i in range(DRAWS):
        entry = compute_result(m, beacon(i))["assignments"]["S"]
        counts[(entry["same_group"], entry["other_group"])] += 1
    pairs = [(a, b) for a in SAME for b in OTHER]
    assert set(counts) == set(pairs)
    assert chi_square(counts, pairs) < CHI2_CRITICAL_0_001[len(pairs) - 1]


def test_preferred_pairs_are_always_chosen_and_equally_likely() -> None:
    # S is civil law; pairs with a civil-law member are preferred: A1 with anyone, or B1.
    pool = [party("S", "G1"), party("A1", "G1"), party("A2", "G1", "common"),
            party("A3", "G1", "common"), party("B1", "G2"), party("B2", "G2", "common"),
            party("B3", "G2", "common"), party("B4", "G2", "common")]
    m = manifest(pool, ["S"])
    counts: Counter[tuple[str, str]] = Counter()
    for i in range(DRAWS):
        entry = compute_result(m, beacon(i))["assignments"]["S"]
        assert entry["legal_match"]
        counts[(entry["same_group"], entry["other_group"])] += 1
    preferred = [("A1", b) for b in OTHER] + [("A2", "B1"), ("A3", "B1")]
    assert set(counts) == set(preferred)
    assert chi_square(counts, preferred) < CHI2_CRITICAL_0_001[len(preferred) - 1]


def test_the_order_of_the_states_under_review_is_fair() -> None:
    pool = [party(c, g) for c, g in (("S1", "G1"), ("S2", "G2"), ("S3", "G3"))]
    pool += [party(f"{g}X{i}", g) for g in ("G1", "G2", "G3") for i in range(3)]
    m = manifest(pool, ["S1", "S2", "S3"])
    counts: Counter[tuple[str, ...]] = Counter(
        tuple(compute_result(m, beacon(i))["order"]) for i in range(DRAWS))
    orders = [("S1", "S2", "S3"), ("S1", "S3", "S2"), ("S2", "S1", "S3"),
              ("S2", "S3", "S1"), ("S3", "S1", "S2"), ("S3", "S2", "S1")]
    assert set(counts) == set(orders)
    assert chi_square(counts, orders) < CHI2_CRITICAL_0_001[5]


def test_a_redraw_picks_each_remaining_candidate_equally_often() -> None:
    pool = [party("S", "G1")] + [party(c, "G1") for c in SAME] + [party(c, "G2") for c in OTHER]
    m = manifest(pool, ["S"])
    result = compute_result(m, beacon(0))
    request = make_redraw_request(
        replay(m, result, []), sur="S", slot="same_group", requested_by="S", reason="fairness",
        requested_at=datetime(2030, 1, 1, tzinfo=UTC), notice_seconds=600)
    remaining = [c for c in SAME if c != result["assignments"]["S"]["same_group"]]
    counts = Counter(compute_redraw(m, result, [], request, beacon(i))["new"]
                     for i in range(1, DRAWS + 1))
    assert set(counts) == set(remaining)
    assert len(remaining) == 2
    assert chi_square(counts, remaining) < CHI2_CRITICAL_0_001[1]
