"""The draw engine of reviewer-draw/v1 (``draw-protocol.md`` sections 5 and 6).

The outcome is a pure function of the manifest (hashed before the randomness exists) and a
public beacon value. Every choice is ``argmin`` of an HMAC-SHA256 score keyed by the beacon,
so nobody can steer it and anybody can re-run it.

How the text is read where it is brief:

* *"not already a reviewer of s"*: the SUR's main and additional reviewers in this draw
  (pairs in ``existing`` only count for mutual exclusion).
* A redraw result (section 6, amended 2026-12-01) is ``{"sur", "slot", "attempt", "old", "new",
  "additional", "uncovered", "released"}``: ``additional``/``uncovered`` hold only what this
  redraw placed or recorded for the redrawn slot (the whole assignment is in ``close``);
  ``released`` the additional reviewers a main-slot redraw released. A main slot's new
  additional reviewer is appended; a redrawn additional reviewer keeps its place in the list.
  With no candidate: ``{"sur", "slot", "attempt", "failed": "no admissible candidate", "kept"}``.
* In a main-slot redraw no State in the request's ``excluded`` can become that slot's new
  additional reviewer; the additional reviewer the redraw released may be drawn again.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
from collections.abc import Iterable
from typing import Any

from bot.domain.canonical import canon
from bot.domain.draw_models import (
    MAIN_SLOTS,
    SCHEME,
    Manifest,
    RedrawRequest,
    validate_manifest,
    validate_randomness,
    validate_request,
)
from bot.domain.errors import InputError
from bot.i18n import _

Entry = dict[str, Any]


def _enc(part: str | int) -> bytes:
    return json.dumps(part, ensure_ascii=False).encode("utf-8")


class Scorer:
    """``score_K(parts…) = HMAC-SHA256(K, canon([parts…]))``, with a fast path for the draw.

    HMAC is computed from pre-hashed pads (RFC 2104) so that scoring thousands of pairs stays
    quick; :meth:`score` equals ``hmac.new(key, canon(list(parts)), sha256).digest()``.
    """

    def __init__(self, key: bytes) -> None:
        if len(key) > 64:
            key = hashlib.sha256(key).digest()
        block = key.ljust(64, b"\0")
        self._inner = hashlib.sha256(bytes(b ^ 0x36 for b in block))
        self._outer = hashlib.sha256(bytes(b ^ 0x5C for b in block))

    def _finish(self, inner: Any) -> bytes:
        outer = self._outer.copy()
        outer.update(inner.digest())
        return outer.digest()

    def score(self, *parts: str | int) -> bytes:
        inner = self._inner.copy()
        inner.update(canon(list(parts)))
        return self._finish(inner)

    def argmin(self, parts: tuple[str | int, ...], candidates: Iterable[str]) -> str:
        """The candidate ``c`` with the smallest ``score(*parts, c)``."""
        head = self._inner.copy()
        head.update(b"[" + b",".join(_enc(p) for p in parts) + b",")
        best: tuple[bytes, str] | None = None
        for c in candidates:
            inner = head.copy()
            inner.update(_enc(c) + b"]")
            d = self._finish(inner)
            if best is None or d < best[0]:
                best = (d, c)
        if best is None:
            raise ValueError("argmin over no candidates")
        return best[1]

    def argmin_pair(self, s: str, pairs: list[tuple[str, list[str]]]) -> tuple[str, str]:
        """The pair ``(a, b)`` with the smallest ``score("pair", s, a, b)``.

        ``pairs`` lists each ``a`` with its partners; partner lists are usually shared objects.
        """
        head = b'["pair",' + _enc(s) + b","
        lists = {id(bs): bs for _, bs in pairs}
        tails = {b: _enc(b) + b"]" for bs in lists.values() for b in bs}
        new_outer = self._outer.copy
        best, best_pair = b"\xff" * 33, ("", "")
        for a, bs in pairs:
            prefix = self._inner.copy()
            prefix.update(head + _enc(a) + b",")
            new_inner = prefix.copy
            for b in bs:
                inner = new_inner()
                inner.update(tails[b])
                outer = new_outer()
                outer.update(inner.digest())
                d = outer.digest()
                if d < best:
                    best, best_pair = d, (a, b)
        return best_pair


def hmac_sha256(key: bytes, msg: bytes) -> bytes:
    return hmac.new(key, msg, hashlib.sha256).digest()


class DrawState:
    """Loads, pairs and assignments: after the result, then after each redraw applied."""

    def __init__(self, manifest: dict[str, Any], result: dict[str, Any]) -> None:
        self.raw_manifest = manifest
        self.m: Manifest = validate_manifest(manifest)
        self.manifest_sha256 = hashlib.sha256(canon(manifest)).hexdigest()
        pool = self.m.pool
        self.codes = [p.code for p in pool]
        self.group = {p.code: p.group for p in pool}
        self.legal = {p.code: frozenset(p.legal) for p in pool}
        self.instr = {p.code: frozenset(p.instruments) for p in pool}
        wanted = frozenset(self.m.instruments)
        self.under = {p.code: self.instr[p.code] & wanted for p in pool}
        self.load = {p.code: p.load for p in pool}
        self.assigned: set[tuple[str, str]] = {(a, b) for a, b in self.m.existing}
        self.entries: dict[str, Entry] = {}
        self.holders: dict[tuple[str, str], list[str]] = {}
        self.requests: dict[tuple[str, str], int] = {}
        self.last_round = self.m.beacon.round  # the latest beacon round named so far
        self.order: list[str] = list(result.get("order", []))
        for s, entry in result.get("assignments", {}).items():
            self.entries[s] = copy.deepcopy(entry)
            if "failed" in entry:
                continue
            for slot in MAIN_SLOTS:
                self._count(s, entry[slot])
                self.holders[(s, slot)] = [entry[slot]]
            for add in entry["additional"]:
                self._count(s, add["code"])
                held = self.holders.setdefault((s, "additional:" + add["slot"]), [])
                if add["code"] not in held:
                    held.append(add["code"])

    # -- the primitives of section 5 ------------------------------------------------------
    def _count(self, s: str, x: str) -> None:
        self.load[x] = self.load.get(x, 0) + 1
        self.assigned.add((s, x))

    def take(self, s: str, x: str) -> None:
        self._count(s, x)

    def release(self, s: str, x: str) -> None:
        self.load[x] -= 1
        self.assigned.discard((s, x))

    def similar(self, s: str, c: str) -> bool:
        return bool(self.legal[s] & self.legal[c])

    def covers(self, c: str, instruments: Iterable[str]) -> bool:
        return set(instruments) <= self.instr[c]

    def admissible(self, s: str, c: str) -> bool:
        rules = self.m.rules
        return (
            c != s
            and self.m.base_instrument in self.instr[c]
            and self.load[c] < rules.max_reviews_per_state
            and not (rules.exclude_mutual and (c, s) in self.assigned)
        )

    def on_side(self, s: str, slot: str, c: str) -> bool:
        same = self.group[c] == self.group[s]
        return same if slot.endswith("same_group") else not same

    def reviewers(self, s: str) -> list[str]:
        """The SUR's current reviewers: its two main reviewers, then its additional ones."""
        entry = self.entries.get(s)
        if entry is None or "failed" in entry:
            return []
        extra = [a["code"] for a in entry["additional"]]
        return [entry["same_group"], entry["other_group"], *extra]

    def final(self) -> dict[str, Entry]:
        """Every SUR's assignment now, keys in result order: the body of the ``close`` line."""
        return {s: copy.deepcopy(self.entries[s]) for s in self.order}

    # -- additional reviewers -------------------------------------------------------------
    def add_reviewer(
        self, s: str, slot: str, x: str, tag: tuple[str | int, ...], scorer: Scorer,
        barred: frozenset[str] = frozenset(),
    ) -> tuple[list[Entry], list[Entry]]:
        """``additional(s, slot, x, tag)``; returns (entries added, uncovered recorded).

        ``barred``: States that cannot be drawn (a main-slot redraw's ``excluded``).
        """
        rules, entry = self.m.rules, self.entries[s]
        missing = sorted(self.under[s] - self.instr[x])
        if not missing or not rules.additional_reviewers:
            return [], []
        gap = {"slot": slot, "instruments": missing}
        if 2 + len(entry["additional"]) >= rules.max_reviewers_per_review:
            entry["uncovered"].append(gap)
            return [], [gap]
        current = set(self.reviewers(s))
        cands = [
            c
            for c in self.codes
            if self.admissible(s, c) and c not in current and c not in barred
            and self.covers(c, missing)
        ]
        side = [c for c in cands if self.on_side(s, slot, c)]
        if not cands:
            entry["uncovered"].append(gap)
            return [], [gap]
        code = scorer.argmin(tag, side or cands)
        self.take(s, code)
        add = {"slot": slot, "code": code, "instruments": missing, "widened": not side}
        entry["additional"].append(add)
        held = self.holders.setdefault((s, "additional:" + slot), [])
        if code not in held:  # each State once, in the order it first held the slot
            held.append(code)
        return [add], []

    # -- section 5: the draw --------------------------------------------------------------
    def _pairs(self, s: str, side_a: list[str], side_b: list[str]) -> list[tuple[str, list[str]]]:
        """The pairs kept by the preferences, each ``a`` with its list of partners ``b``.

        Same as filtering ``A × B`` pair by pair ("keep pairs where a or b is similar to s, if
        any"; then "keep pairs where both cover I(s), if any"), but with the partner lists
        computed once per SUR.
        """
        rules, need = self.m.rules, self.under[s]
        sim = {c for c in side_a + side_b if self.similar(s, c)}
        cov = {c for c in side_a + side_b if self.covers(c, need)}
        partners = {(legal, full): [b for b in side_b if (not legal or b in sim)
                                    and (not full or b in cov)]
                    for legal in (False, True) for full in (False, True)}

        def build(legal: bool, full: bool) -> list[tuple[str, list[str]]]:
            out = []
            for a in side_a:
                if full and a not in cov:
                    continue
                bs = partners[(legal and a not in sim, full)]
                if bs:
                    out.append((a, bs))
            return out

        legal = rules.prefer_legal_match and bool(build(True, False))
        full = rules.prefer_full_coverage and bool(build(legal, True))
        return build(legal, full)

    def draw_one(self, s: str, scorer: Scorer) -> Entry:
        adm = [c for c in self.codes if self.admissible(s, c)]
        side_a = [c for c in adm if self.group[c] == self.group[s]]
        side_b = [c for c in adm if self.group[c] != self.group[s]]
        if not side_a or not side_b:
            return {"failed": "no admissible pair"}
        pairs = self._pairs(s, side_a, side_b)
        a, b = scorer.argmin_pair(s, pairs)
        self.take(s, a)
        self.take(s, b)
        self.holders[(s, "same_group")] = [a]
        self.holders[(s, "other_group")] = [b]
        entry: Entry = {"same_group": a, "other_group": b,
                        "legal_match": self.similar(s, a) or self.similar(s, b),
                        "additional": [], "uncovered": []}
        self.entries[s] = entry
        for slot, x in (("same_group", a), ("other_group", b)):
            self.add_reviewer(s, slot, x, ("additional", s, slot), scorer)
        return entry

    # -- section 6: redraws ---------------------------------------------------------------
    def redraw(self, request: dict[str, Any], randomness_hex: str) -> dict[str, Any]:
        """Apply one redraw request with its beacon value; return the redraw result."""
        req = validate_request(request)
        scorer = Scorer(hmac_sha256(hashlib.sha256(canon(request)).digest(),
                                    validate_randomness(randomness_hex)))
        s, slot, n = req.sur, req.slot, req.attempt
        entry = self._redrawable(req)
        key = (s, req.requested_by)
        self.requests[key] = self.requests.get(key, 0) + 1
        self.last_round = max(self.last_round, req.beacon.round)
        head = {"sur": s, "slot": slot, "attempt": n}
        excluded = set(req.excluded)
        if slot in MAIN_SLOTS:
            old = entry[slot]
            self.release(s, old)
            current = set(self.reviewers(s))
            cands = [c for c in self.codes if self.admissible(s, c) and c not in excluded
                     and c not in current and self.on_side(s, slot, c)]
            if not cands:
                self.take(s, old)
                return {**head, "failed": "no admissible candidate", "kept": old}
            other = entry["other_group" if slot == "same_group" else "same_group"]
            rules = self.m.rules
            if rules.prefer_legal_match and not self.similar(s, other):
                cands = [c for c in cands if self.similar(s, c)] or cands
            if rules.prefer_full_coverage:
                cands = [c for c in cands if self.covers(c, self.under[s])] or cands
            new = scorer.argmin(("redraw", s, slot, n), cands)
            self.take(s, new)
            entry[slot] = new
            self.holders[(s, slot)].append(new)
            entry["legal_match"] = self.similar(s, entry["same_group"]) or self.similar(
                s, entry["other_group"])
            released = [a["code"] for a in entry["additional"] if a["slot"] == slot]
            for code in released:
                self.release(s, code)
            entry["additional"] = [a for a in entry["additional"] if a["slot"] != slot]
            entry["uncovered"] = [u for u in entry["uncovered"] if u["slot"] != slot]
            added, gaps = self.add_reviewer(s, slot, new, ("additional", s, slot, n), scorer,
                                            barred=frozenset(excluded))
            return {**head, "old": old, "new": new, "additional": added, "uncovered": gaps,
                    "released": released}
        side_slot = slot.split(":", 1)[1]
        index, held = next((i, a) for i, a in enumerate(entry["additional"])
                           if a["slot"] == side_slot)
        old = held["code"]
        self.release(s, old)
        current = set(self.reviewers(s))
        cands = [c for c in self.codes if self.admissible(s, c) and c not in excluded
                 and c not in current and self.covers(c, held["instruments"])]
        if not cands:
            self.take(s, old)
            return {**head, "failed": "no admissible candidate", "kept": old}
        side = [c for c in cands if self.on_side(s, side_slot, c)]
        new = scorer.argmin(("redraw", s, slot, n), side or cands)
        self.take(s, new)
        add = {"slot": side_slot, "code": new, "instruments": list(held["instruments"]),
               "widened": not side}
        entry["additional"][index] = add
        self.holders[(s, slot)].append(new)
        return {**head, "old": old, "new": new, "additional": [add], "uncovered": [],
                "released": []}

    def _redrawable(self, req: RedrawRequest) -> Entry:
        if req.manifest_sha256 != self.manifest_sha256 or req.draw_id != self.m.draw_id:
            raise InputError(_("The redraw request names another draw or another manifest."))
        entry = self.entries.get(req.sur)
        if entry is None:
            raise InputError(_("{sur} is not under review in this draw.", sur=req.sur))
        if "failed" in entry:
            raise InputError(_("{sur} has no reviewers to redraw: its draw failed, so it needs a "
                               "new draw whose manifest states the relaxation.", sur=req.sur))
        beside = {a["slot"] for a in entry["additional"]}
        if req.slot.startswith("additional:") and req.slot.split(":", 1)[1] not in beside:
            raise InputError(_("{sur} has no additional reviewer on slot {slot}.", sur=req.sur,
                               slot=req.slot))
        return entry


def manifest_sha256(manifest: dict[str, Any]) -> str:
    """``H(canon(manifest))``, lower-case hex."""
    return hashlib.sha256(canon(manifest)).hexdigest()


def compute_result(manifest: dict[str, Any], randomness_hex: str) -> dict[str, Any]:
    """The result of a draw (section 5) for this manifest and beacon randomness."""
    state = DrawState(manifest, {})
    commit = hashlib.sha256(canon(manifest)).digest()
    scorer = Scorer(hmac_sha256(commit, validate_randomness(randomness_hex)))
    order = sorted(state.m.under_review, key=lambda s: scorer.score("order", s))
    state.order = order
    assignments = {s: state.draw_one(s, scorer) for s in order}
    return {"scheme": SCHEME, "manifest_sha256": state.manifest_sha256, "order": order,
            "assignments": copy.deepcopy(assignments)}


def replay(
    manifest: dict[str, Any], result: dict[str, Any], redraws: Iterable[tuple[dict[str, Any], str]]
) -> DrawState:
    """The state after ``result`` and the given ``(request, randomness)`` redraws, in order."""
    state = DrawState(manifest, result)
    for request, randomness in redraws:
        state.redraw(request, randomness)
    return state


def compute_redraw(
    manifest: dict[str, Any], result: dict[str, Any],
    earlier_redraws: list[tuple[dict[str, Any], str]], request: dict[str, Any], randomness_hex: str,
) -> dict[str, Any]:
    """The result of one redraw (section 6), after the result and the earlier redraws."""
    return replay(manifest, result, earlier_redraws).redraw(request, randomness_hex)


def final_assignments(
    manifest: dict[str, Any], result: dict[str, Any], redraws: list[tuple[dict[str, Any], str]]
) -> dict[str, Entry]:
    """Every SUR's assignment after all redraws, keys in result order (the close body)."""
    return replay(manifest, result, redraws).final()
