#!/usr/bin/env python3
"""Independent verifier of a reviewer-draw/v1 draw log (draw-protocol.md), standard library only.

Usage: python standalone_verifier.py LOG.jsonl  (Python 3.11+). Re-computes the draw, each redraw
and the close line from the manifest and beacon values; checks the hash chain and the redraw rules.
BLS signatures are checked only if `drand_verify` is importable (else it says so).
Exit status: 0 = the log holds, 1 = it does not (the first bad line is named), 2 = usage."""
import hmac
import json
import re
import sys
from datetime import UTC, datetime
from functools import cache
from hashlib import sha256

try:
    from drand_verify import verify_quicknet
except ImportError:
    verify_quicknet = None

SCHEME, QUICKNET = "reviewer-draw/v1", "drand-quicknet"
CHAIN = "52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971"
GENESIS, PERIOD = 1692803367, 3
MAIN, HEX64 = ("same_group", "other_group"), re.compile(r"[0-9a-f]{64}")
NEXT = {None: ["manifest"], "manifest": ["beacon"], "beacon:manifest": ["result"], "close": [],
        "result": ["redraw_request", "close"], "redraw_request": ["beacon"],  # line order
        "beacon:redraw_request": ["redraw_result"], "redraw_result": ["redraw_request", "close"]}

def need(cond, msg):
    if not cond:
        raise ValueError(msg)

def check_json(v):  # JCS for our data: no floats, safe integers, keys within U+FFFF
    need(v is None or isinstance(v, str | int | list | dict), "decimal numbers are not allowed")
    if isinstance(v, int) and not isinstance(v, bool):
        need(abs(v) < 2**53, "integer too large for canonical JSON")
    for k in v if isinstance(v, list | dict) else ():
        need(isinstance(v, list) or max(map(ord, k), default=0) <= 0xFFFF, "key > U+FFFF")
        check_json(k if isinstance(v, list) else v[k])

def canon(v):
    check_json(v)
    return json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()

enc = cache(canon)  # canon() of one code, remembered

def H(data):
    return sha256(data).hexdigest()

def scorer(key, randomness):
    """best(parts, cands) = (score, c) for the c (a code or a tuple) of least score(*parts, *c)."""
    prk = hmac.digest(key, bytes.fromhex(randomness), "sha256")
    def best(parts, cands):  # score = HMAC(PRK, canon([*parts, *c])), joined at the comma
        head = canon(list(parts))[:-1] + b","
        msgs = {c: b",".join(map(enc, c if type(c) is tuple else (c,))) + b"]" for c in cands}
        return min((hmac.digest(prk, head + m, "sha256"), c) for c, m in msgs.items())
    return best

TYPES = {"t": lambda v: isinstance(v, str) and v != "", "s": lambda v: isinstance(v, str),
         "i": lambda v: type(v) is int and v >= 0, "n": lambda v: type(v) is int and v >= 1,
         "b": lambda v: type(v) is bool, "d": lambda v: isinstance(v, dict),
         "a": lambda v: isinstance(v, list), "o": lambda v: v is None or isinstance(v, str),
         "x": lambda v: isinstance(v, str) and HEX64.fullmatch(v) is not None,
         "l": lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
         "L": lambda v: TYPES["l"](v) and all(v)}  # list of non-empty strings

def kinds(obj, spec, where):  # spec: "key:type ..." with the type letters of TYPES
    fields = dict(f.split(":") for f in spec.split())
    need(isinstance(obj, dict) and set(obj) == set(fields), f"{where}: keys must be {spec}")
    for k, t in fields.items():
        need(TYPES[t](obj[k]), f"{where}: {k} is not valid")

class Draw:
    def __init__(self, m):  # check the manifest, then set up loads, pairs and holders
        kinds(m, "scheme:t draw_id:t base_instrument:t instruments:L pool:a under_review:L "
                 "existing:a rules:d beacon:d meta:d", "manifest")
        for p in m["pool"]:
            kinds(p, "code:t group:t legal:l instruments:l load:i", "pool entry")
        codes, r = [p["code"] for p in m["pool"]], m["rules"]
        need(m["scheme"] == SCHEME and m["base_instrument"] in m["instruments"], "bad scheme")
        for items in (codes, m["instruments"], m["under_review"]):
            need(len(set(items)) == len(items), "a code or instrument is listed twice")
        need(set(m["under_review"]) <= set(codes), "a State under review is not in the pool")
        need(all(TYPES["L"](e) and len(e) == 2 for e in m["existing"]), "bad existing pair")
        kinds(r, "max_reviews_per_state:i exclude_mutual:b prefer_legal_match:b redraws:d "
                 "prefer_full_coverage:b additional_reviewers:b max_reviewers_per_review:i",
              "rules")
        need(r["max_reviewers_per_review"] >= 2, "max_reviewers_per_review is below 2")
        kinds(r["redraws"], "max_per_requester:i", "rules.redraws")
        kinds(m["beacon"], "source:t chain_hash:x round:n", "manifest beacon")
        self.m, self.rules, self.p = m, r, {p["code"]: p for p in m["pool"]}
        self.load = {c: p["load"] for c, p in self.p.items()}
        self.assigned = {tuple(e) for e in m["existing"]}
        self.I = {c: set(p["instruments"]) & set(m["instruments"]) for c, p in self.p.items()}
        self.entries, self.holders, self.counts, self.order = {}, {}, {}, []
        self.last_round, self.sha = m["beacon"]["round"], H(canon(m))

    def take(self, s, x, sign=1, slot=None):  # sign -1 releases; slot: record the holder
        self.load[x] += sign
        (self.assigned.add if sign > 0 else self.assigned.discard)((s, x))
        if slot:
            self.holders.setdefault((s, slot), []).append(x)

    def sim(self, s, c):  # similar legal systems
        return bool(set(self.p[s]["legal"]) & set(self.p[c]["legal"]))

    def cov(self, c, wanted):  # c is party to every wanted instrument
        return set(wanted) <= set(self.p[c]["instruments"])

    def adm(self, s, c):
        return (c != s and self.m["base_instrument"] in self.p[c]["instruments"]
                and self.load[c] < self.rules["max_reviews_per_state"]
                and not (self.rules["exclude_mutual"] and (c, s) in self.assigned))

    def side(self, s, slot, c):  # is c on the slot's side (same group / another group)?
        return (self.p[c]["group"] == self.p[s]["group"]) == slot.endswith("same_group")

    def reviewers(self, s):
        e = self.entries.get(s, {"failed": 1})
        return [] if "failed" in e else [e[k] for k in MAIN] + [a["code"] for a in e["additional"]]

    def additional(self, s, slot, x, tag, best):
        e, missing = self.entries[s], sorted(self.I[s] - set(self.p[x]["instruments"]))
        if not missing or not self.rules["additional_reviewers"]:
            return [], []
        cands = [c for c in self.p
                 if self.adm(s, c) and c not in self.reviewers(s) and self.cov(c, missing)]
        near = [c for c in cands if self.side(s, slot, c)]
        if 2 + len(e["additional"]) >= self.rules["max_reviewers_per_review"] or not cands:
            e["uncovered"].append({"slot": slot, "instruments": missing})
            return [], e["uncovered"][-1:]
        c = best(tag, near or cands)[1]
        self.take(s, c, slot="additional:" + slot)
        e["additional"].append({"slot": slot, "code": c, "instruments": missing,
                                "widened": not near})
        return e["additional"][-1:], []

    def result(self, randomness):
        best = scorer(sha256(canon(self.m)).digest(), randomness)
        self.order = sorted(self.m["under_review"], key=lambda s: best(("order",), [s]))
        for s in self.order:
            adm, need = [c for c in self.p if self.adm(s, c)], self.I[s]
            same = {c for c in adm if self.side(s, MAIN[0], c)}
            sims, full = {c for c in adm if self.sim(s, c)}, {c for c in adm if self.cov(c, need)}
            pairs = [(a, b) for a in same for b in adm if b not in same]
            if not pairs:
                self.entries[s] = {"failed": "no admissible pair"}
                continue
            if self.rules["prefer_legal_match"]:  # keep pairs with a similar member, if any
                pairs = [ab for ab in pairs if ab[0] in sims or ab[1] in sims] or pairs
            if self.rules["prefer_full_coverage"]:  # then pairs both covering I(s), if any
                pairs = [ab for ab in pairs if ab[0] in full and ab[1] in full] or pairs
            a, b = best(("pair", s), pairs)[1]
            self.take(s, a, slot=MAIN[0])
            self.take(s, b, slot=MAIN[1])
            self.entries[s] = {"same_group": a, "other_group": b, "additional": [],
                               "legal_match": self.sim(s, a) or self.sim(s, b), "uncovered": []}
            for slot, x in ((MAIN[0], a), (MAIN[1], b)):
                self.additional(s, slot, x, ("additional", s, slot), best)
        return {"scheme": SCHEME, "manifest_sha256": self.sha, "order": self.order,
                "assignments": {s: self.entries[s] for s in self.order}}

    def check_request(self, q):
        kinds(q, "type:t scheme:t draw_id:t manifest_sha256:x sur:t slot:t requested_by:t "
                 "attempt:n exceptional:b authorization:o excluded:L reason:s requested_at:t "
                 "beacon:d", "request")
        kinds(q["beacon"], "source:t chain_hash:x round:n", "request beacon")
        s, who, slot, rnd = q["sur"], q["requested_by"], q["slot"], q["beacon"]["round"]
        need(q["type"] == "redraw_request" and q["scheme"] == SCHEME and slot in MAIN + tuple(
            "additional:" + x for x in MAIN), "not a redraw request for a known slot")
        need((q["draw_id"], q["manifest_sha256"]) == (self.m["draw_id"], self.sha), "other draw")
        need(self.reviewers(s), f"{s} has no drawn reviewers to redraw")
        need(slot in MAIN or slot[11:] in [a["slot"] for a in self.entries[s]["additional"]],
             f"{s} has no reviewer on slot {slot}")
        need(who in [s] + self.reviewers(s), f"{who} may not ask for a redraw for {s}")
        need(q["attempt"] == self.counts.get((s, who), 0) + 1, "attempt is not counted right")
        need(q["attempt"] <= self.rules["redraws"]["max_per_requester"]
             or (q["exceptional"] and (q["authorization"] or "").strip()),
             "beyond the allowance without an exceptional authorization")
        need(sorted(q["excluded"]) == sorted(self.holders[(s, slot)]),
             "excluded must list exactly the States that have held the slot")
        need([q["beacon"][k] for k in ("source", "chain_hash")]
             == [self.m["beacon"][k] for k in ("source", "chain_hash")], "other beacon source")
        need(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", q["requested_at"]), "bad time")
        at = datetime.strptime(q["requested_at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        need(GENESIS + (rnd - 1) * PERIOD > at.timestamp(),
             f"round {rnd} is not later than requested_at {q['requested_at']}")
        need(rnd > self.last_round, f"round {rnd} was already public when this was logged")

    def redraw(self, q, randomness):
        best = scorer(sha256(canon(q)).digest(), randomness)
        s, slot, n, e = q["sur"], q["slot"], q["attempt"], self.entries[q["sur"]]
        self.counts[(s, q["requested_by"])] = self.counts.get((s, q["requested_by"]), 0) + 1
        self.last_round = max(self.last_round, q["beacon"]["round"])
        head, side = {"sur": s, "slot": slot, "attempt": n}, slot.split(":")[-1]
        adds = [i for i, a in enumerate(e["additional"]) if a["slot"] == side]
        old = e[slot] if slot in MAIN else e["additional"][adds[0]]["code"]
        wanted = self.I[s] if slot in MAIN else e["additional"][adds[0]]["instruments"]
        self.take(s, old, -1)
        cands = [c for c in self.p if self.adm(s, c) and c not in q["excluded"]
                 and c not in self.reviewers(s) and (slot in MAIN or self.cov(c, wanted))]
        near = [c for c in cands if self.side(s, side, c)]
        if not (near if slot in MAIN else cands):
            self.take(s, old)
            return {**head, "failed": "no admissible candidate", "kept": old}
        other = e[MAIN[slot == MAIN[0]]] if slot in MAIN else None  # the other main reviewer
        if other and self.rules["prefer_legal_match"] and not self.sim(s, other):
            near = [c for c in near if self.sim(s, c)] or near
        if slot in MAIN and self.rules["prefer_full_coverage"]:
            near = [c for c in near if self.cov(c, wanted)] or near
        new = best(("redraw", s, slot, n), near or cands)[1]
        self.take(s, new, slot=slot)
        if slot not in MAIN:  # the new additional reviewer takes the old one's place
            added, gaps, released = [{"slot": side, "code": new, "instruments": wanted,
                                      "widened": not near}], [], []
            e["additional"][adds[0]] = added[0]
        else:  # a new main reviewer: release this slot's additional one, then draw again
            e[slot] = new
            e["legal_match"] = self.sim(s, e[MAIN[0]]) or self.sim(s, e[MAIN[1]])
            released = [e["additional"][i]["code"] for i in adds]
            for c in released:
                self.take(s, c, -1)
            e["additional"] = [a for a in e["additional"] if a["slot"] != slot]
            e["uncovered"] = [u for u in e["uncovered"] if u["slot"] != slot]
            added, gaps = self.additional(s, slot, new, ("additional", s, slot, n), best)
        return {**head, "old": old, "new": new, "additional": added, "uncovered": gaps,
                "released": released}

def check_beacon(b, named):  # returns why the signature was not verified, if it was not
    kinds(b, "source:t chain_hash:t round:n signature:t randomness:t", "beacon")
    need([b[k] for k in named] == list(named.values()), "not the beacon named before it")
    need(re.fullmatch(r"([0-9a-f]{2})+", b["signature"]) and HEX64.fullmatch(b["randomness"])
         and H(bytes.fromhex(b["signature"])) == b["randomness"], "randomness is not H(signature)")
    need(b["source"] != QUICKNET or b["chain_hash"] == CHAIN, "not the quicknet chain")
    if b["source"] != QUICKNET or verify_quicknet is None:
        return f"source {b['source']!r}" if verify_quicknet else "drand_verify is not installed"
    try:
        verify_quicknet(b["round"], b["signature"])
    except ValueError:
        raise ValueError("the BLS signature does not verify") from None

def verify(lines):
    """(None, notes, closed) if the log holds, else (line number, reason)."""
    step, notes, draw, named, rnd, req = None, [], None, None, "", None
    for i, raw in enumerate(lines):
        try:
            line = json.loads(raw.decode())  # floats, NaN and repeated keys fail the next check
            need(canon(line) == raw, "the line is not canonical JSON")
            need(isinstance(line, dict) and set(line) - {"posted"} == {"seq", "prev", "type",
                                                                        "body"}, "bad line keys")
            need(type(line["seq"]) is int and line["seq"] == i, f"seq should be {i}")
            need(line["prev"] == (H(lines[i - 1]) if i else None), "prev breaks the hash chain")
            if "posted" in line:  # {channel_id, message_id} as digit strings, not on line 1
                kinds(line["posted"], "channel_id:t message_id:t", "posted")
                need(i and all(map(re.compile("[0-9]+").fullmatch, line["posted"].values())),
                     "posted must name a Discord message after line 1")
            kind, body = line["type"], line["body"]
            need(kind in NEXT[step], f"a {kind!r} line cannot come here")
            need(isinstance(body, dict), "the body must be an object")
            if kind == "manifest":
                draw, named = Draw(body), body["beacon"]
            elif kind == "beacon":
                why = check_beacon(body, named)
                notes += [f"line {i + 1}: beacon not verified ({why})"] if why else []
                rnd, kind = body["randomness"], "beacon:" + step
            elif kind == "result":
                need(canon(body) == canon(draw.result(rnd)), "the result does not recompute")
            elif kind == "redraw_request":
                draw.check_request(body)
                req, named = body, body["beacon"]
            elif kind == "redraw_result":
                need(canon(body) == canon(draw.redraw(req, rnd)), "the redraw does not recompute")
            else:
                final = {"final": {s: draw.entries[s] for s in draw.order}}
                need(canon(body) == canon(final), "the close line is not the final state")
            step = kind
        except (ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
            return i + 1, str(exc) if type(exc) is ValueError else f"{type(exc).__name__}: {exc}"
    return None, notes, step == "close"

def main(argv):
    if len(argv) != 2:
        print("usage: python standalone_verifier.py LOG.jsonl", file=sys.stderr)
        return 2
    with open(argv[1], "rb") as f:
        lines = f.read().removesuffix(b"\n").split(b"\n")
    bad, *rest = verify(lines)
    if bad is not None:
        print(f"FAILED at line {bad} (seq {bad - 1}): {rest[0]}")
        return 1
    print("".join(f"note: {note}\n" for note in rest[0]), end="")
    print(f"OK: {len(lines)} lines, draw {'closed' if rest[1] else 'still open'}, beacon "
          f"signatures {'NOT all verified' if rest[0] else 'all verified with drand_verify'}.")
    return 0

if __name__ == "__main__":
    sys.exit(main(sys.argv))
