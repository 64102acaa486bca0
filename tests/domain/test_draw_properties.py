"""Whatever the pool and the beacon value, the draw keeps the rules of the mechanism.

The checker below does not reuse the engine: it rebuilds, from the result alone, the loads and
pairs in force before each State under review was drawn, and checks every hard rule and every
preference against them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.canonical import canon
from bot.domain.draw import compute_result, replay
from bot.domain.drawlog import make_redraw_request

INSTRUMENTS = ["UNTOC", "TIP", "SOM", "FIREARMS"]
FAMILIES = ["civil", "common", "muslim", "customary"]
MAIN = ("same_group", "other_group")


@st.composite
def manifests(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(3, 16))
    codes = [f"S{i:02d}" for i in range(n)]
    pool = []
    for code in codes:
        extra = draw(st.lists(st.sampled_from(INSTRUMENTS[1:]), unique=True))
        base = draw(st.integers(0, 9)) > 0  # a few States are not party to the base instrument
        pool.append({
            "code": code,
            "group": draw(st.sampled_from(["G1", "G2", "G3"])),
            "legal": draw(st.lists(st.sampled_from(FAMILIES), max_size=2, unique=True)),
            "instruments": sorted(extra + (["UNTOC"] if base else [])),
            "load": draw(st.integers(0, 2)),
        })
    pairs = st.tuples(st.sampled_from(codes), st.sampled_from(codes)).filter(lambda p: p[0] != p[1])
    return {
        "scheme": "reviewer-draw/v1", "draw_id": "property", "base_instrument": "UNTOC",
        "instruments": draw(st.sampled_from([INSTRUMENTS, INSTRUMENTS[:2], INSTRUMENTS[:1]])),
        "pool": pool,
        "under_review": draw(st.lists(st.sampled_from(codes), min_size=1, unique=True)),
        "existing": [list(p) for p in draw(st.lists(pairs, max_size=4))],
        "rules": {
            "max_reviews_per_state": draw(st.integers(1, 3)),
            "exclude_mutual": draw(st.booleans()),
            "prefer_legal_match": draw(st.booleans()),
            "prefer_full_coverage": draw(st.booleans()),
            "additional_reviewers": draw(st.booleans()),
            "max_reviewers_per_review": draw(st.integers(2, 4)),
            "redraws": {"max_per_requester": 2},
        },
        "beacon": {"source": "test", "chain_hash": "0" * 64, "round": 1},
        "meta": {},
    }


randomness = st.binary(min_size=32, max_size=32).map(bytes.hex)


class Rebuilt:
    """Loads and pairs as the rules define them, replayed from a result."""

    def __init__(self, m: dict[str, Any]) -> None:
        self.m, self.rules = m, m["rules"]
        self.pool = {p["code"]: p for p in m["pool"]}
        self.load = {c: p["load"] for c, p in self.pool.items()}
        self.assigned = {tuple(p) for p in m["existing"]}

    def parties(self, c: str) -> set[str]:
        return set(self.pool[c]["instruments"])

    def under(self, s: str) -> set[str]:
        return self.parties(s) & set(self.m["instruments"])

    def similar(self, s: str, c: str) -> bool:
        return bool(set(self.pool[s]["legal"]) & set(self.pool[c]["legal"]))

    def admissible(self, s: str, c: str) -> bool:
        return (c != s and "UNTOC" in self.parties(c)
                and self.load[c] < self.rules["max_reviews_per_state"]
                and not (self.rules["exclude_mutual"] and (c, s) in self.assigned))

    def same(self, s: str, c: str) -> bool:
        return self.pool[s]["group"] == self.pool[c]["group"]

    def take(self, s: str, c: str) -> None:
        self.load[c] += 1
        self.assigned.add((s, c))


def check_result(m: dict[str, Any], result: dict[str, Any]) -> None:
    rb, rules = Rebuilt(m), m["rules"]
    assert sorted(result["order"]) == sorted(m["under_review"])
    assert list(result["assignments"]) == result["order"]
    for s in result["order"]:
        e = result["assignments"][s]
        side_a = [c for c in rb.pool if rb.admissible(s, c) and rb.same(s, c)]
        side_b = [c for c in rb.pool if rb.admissible(s, c) and not rb.same(s, c)]
        if "failed" in e:
            assert not side_a or not side_b
            continue
        a, b = e["same_group"], e["other_group"]
        # Hard rules: one of the SUR's group, one of another; party to UNTOC; under the cap;
        # not the SUR itself; no mutual review.
        assert a in side_a and b in side_b
        pairs = [(x, y) for x in side_a for y in side_b]
        if rules["prefer_legal_match"]:
            legal = [(x, y) for x, y in pairs if rb.similar(s, x) or rb.similar(s, y)]
            pairs = legal or pairs
            assert not legal or (a, b) in legal
        if rules["prefer_full_coverage"]:
            full = [(x, y) for x, y in pairs
                    if rb.under(s) <= rb.parties(x) and rb.under(s) <= rb.parties(y)]
            assert not full or (a, b) in full
        assert e["legal_match"] == (rb.similar(s, a) or rb.similar(s, b))
        rb.take(s, a)
        rb.take(s, b)
        reviewers = [a, b]
        additional = {add["slot"]: add for add in e["additional"]}
        uncovered = {gap["slot"]: gap for gap in e["uncovered"]}
        assert len(additional) == len(e["additional"]) and len(uncovered) == len(e["uncovered"])
        for slot in MAIN:
            missing = sorted(rb.under(s) - rb.parties(e[slot]))
            if not missing or not rules["additional_reviewers"]:
                assert slot not in additional and slot not in uncovered
                continue
            assert (slot in additional) != (slot in uncovered)
            cands = [c for c in rb.pool if rb.admissible(s, c) and c not in reviewers
                     and set(missing) <= rb.parties(c)]
            near = [c for c in cands if rb.same(s, c) == (slot == "same_group")]
            full = len(reviewers) >= rules["max_reviewers_per_review"]
            if slot in uncovered:
                assert uncovered[slot]["instruments"] == missing
                assert full or not cands
                continue
            add = additional[slot]
            assert not full
            assert add["instruments"] == missing
            assert set(missing) <= rb.parties(add["code"])  # party to the missing instruments
            assert add["code"] in (near or cands)
            assert add["widened"] == (not near)
            rb.take(s, add["code"])
            reviewers.append(add["code"])
        assert len(set(reviewers)) == len(reviewers) and s not in reviewers
        assert len(reviewers) <= rules["max_reviewers_per_review"]


def check_caps(m: dict[str, Any], final: dict[str, Any]) -> None:
    """No State carries more reviews than the cap, and none takes a review it cannot carry."""
    cap = m["rules"]["max_reviews_per_state"]
    new: dict[str, int] = {}
    pairs = {tuple(p) for p in m["existing"]}
    for s, e in final.items():
        if "failed" in e:
            continue
        for c in [e["same_group"], e["other_group"], *(a["code"] for a in e["additional"])]:
            new[c] = new.get(c, 0) + 1
            pairs.add((s, c))
    for p in m["pool"]:
        if new.get(p["code"]):
            assert p["load"] + new[p["code"]] <= cap
    if m["rules"]["exclude_mutual"]:
        existing = {tuple(p) for p in m["existing"]}
        for s, c in pairs - existing:
            assert (c, s) not in pairs


@settings(max_examples=150, deadline=None)
@given(manifests(), randomness)
def test_every_draw_keeps_the_rules(m: dict[str, Any], r: str) -> None:
    result = compute_result(m, r)
    check_result(m, result)
    check_caps(m, result["assignments"])


@settings(max_examples=60, deadline=None)
@given(manifests(), randomness)
def test_the_draw_is_a_pure_function_of_manifest_and_beacon(m: dict[str, Any], r: str) -> None:
    first = canon(compute_result(m, r))
    assert canon(compute_result(m, r)) == first
    reordered = dict(reversed(list(m.items())))  # key order does not change the commitment
    assert canon(compute_result(reordered, r)) == first


@settings(max_examples=120, deadline=None)
@given(manifests(), randomness, randomness, st.data())
def test_every_redraw_keeps_the_rules(m: dict[str, Any], r: str, r2: str,
                                      data: st.DataObject) -> None:
    result = compute_result(m, r)
    drawn = [s for s in result["order"] if "failed" not in result["assignments"][s]]
    if not drawn:
        return
    s = data.draw(st.sampled_from(drawn))
    entry = result["assignments"][s]
    slots = list(MAIN) + ["additional:" + a["slot"] for a in entry["additional"]]
    slot = data.draw(st.sampled_from(slots))
    state = replay(m, result, [])
    request = make_redraw_request(
        state, sur=s, slot=slot, requested_by=s, reason="test",
        requested_at=datetime(2030, 1, 1, tzinfo=UTC), notice_seconds=600)
    before = dict(state.load)
    out = state.redraw(request, r2)
    final = state.final()
    check_caps(m, final)
    if "failed" in out:
        assert out["kept"] in request["excluded"]
        assert state.load == before
        return
    new = out["new"]
    assert new not in request["excluded"] and new != s
    assert "UNTOC" in {i for p in m["pool"] if p["code"] == new for i in p["instruments"]}
    reviewers = state.reviewers(s)
    assert new in reviewers
    assert len(set(reviewers)) == len(reviewers)
    assert len(reviewers) <= max(2, m["rules"]["max_reviewers_per_review"])
    group = {p["code"]: p["group"] for p in m["pool"]}
    side = slot.removeprefix("additional:")
    if slot in MAIN:
        assert (group[new] == group[s]) == (slot == "same_group")
        assert final[s][slot] == new and out["old"] not in (final[s]["same_group"],
                                                            final[s]["other_group"])
    else:
        add = next(a for a in final[s]["additional"] if a["slot"] == side)
        assert add["code"] == new and out["old"] not in reviewers
        assert add["widened"] == ((group[new] == group[s]) != (side == "same_group"))
    # amended section 6: only this redraw's additional reviewers and gaps, for its slot; in a
    # main-slot redraw, no State of excluded comes back as that slot's additional reviewer
    assert all(a["slot"] == side for a in out["additional"])
    assert all(u["slot"] == side for u in out["uncovered"])
    if slot in MAIN:
        assert not {a["code"] for a in out["additional"]} & set(request["excluded"])
        released = set(out["released"])
        assert released == {a["code"] for a in entry["additional"] if a["slot"] == slot}
    else:
        assert out["released"] == []
