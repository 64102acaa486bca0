#!/usr/bin/env python3
"""Independent verifier of a reviewer-draw/v1 draw log (draw-protocol.md), standard library only.

Usage: python3 -I verify_draw.py LOG.jsonl  (Python 3.11+, nothing to install). It checks the hash
chain, every beacon (randomness = SHA-256 of the signature, and the BLS signature under drand
quicknet's public key, with the BLS12-381 code at the end of this file), re-computes the draw,
each redraw and the close line, checks every redraw request against the rules, and checks that
the manifest and each request were published in Discord before their round (section 8.5).
Exit status: 0 = every check held, signatures and publication times included; 3 = every check
that could be made held, but something could not be verified (listed); 1 = a check failed (the
first bad line is named); 2 = the file cannot be read."""
from __future__ import annotations

import hmac
import json
import re
import sys
from datetime import UTC, datetime
from functools import cache
from hashlib import sha256

SCHEME, QUICKNET = "reviewer-draw/v1", "drand-quicknet"
CHAIN = "52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971"
QUICKNET_KEY = bytes.fromhex(
    "83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064"
    "510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a")
GENESIS, PERIOD, DISCORD_EPOCH_MS = 1692803367, 3, 1420070400000
MAIN, HEX64 = ("same_group", "other_group"), re.compile(r"[0-9a-f]{64}")
NEXT = {None: ["manifest"], "manifest": ["beacon"], "beacon:manifest": ["result"], "close": [],
        "result": ["redraw_request", "close"], "redraw_request": ["beacon"],  # line order
        "beacon:redraw_request": ["redraw_result"], "redraw_result": ["redraw_request", "close"]}
ENDS = ("result", "redraw_request", "redraw_result", "close")  # where a log may end

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

def round_time(rnd):  # seconds since 1970
    return GENESIS + (rnd - 1) * PERIOD

def utc(seconds):
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")

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
         "L": lambda v: TYPES["l"](v) and all(v),  # list of non-empty strings
         "f": lambda v: isinstance(v, str) and v.isascii() and v.isdigit() and 0 < int(v) < 2**64}

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
        held = self.holders.setdefault((s, slot), []) if slot else [x]
        if x not in held:  # each State once, in the order in which it first held the slot
            held.append(x)

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

    def additional(self, s, slot, x, tag, best, barred=()):  # barred: a redraw's excluded
        e, missing = self.entries[s], sorted(self.I[s] - set(self.p[x]["instruments"]))
        if not missing or not self.rules["additional_reviewers"]:
            return [], []
        cands = [c for c in self.p if self.adm(s, c) and c not in self.reviewers(s)
                 and c not in barred and self.cov(c, missing)]
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

    def check_request(self, q):  # section 8.4, in the words of the bot's own verifier
        kinds(q, "type:t scheme:t draw_id:t manifest_sha256:x sur:t slot:t requested_by:t "
                 "attempt:n exceptional:b authorization:o excluded:L reason:s requested_at:t "
                 "beacon:d", "request")
        kinds(q["beacon"], "source:t chain_hash:x round:n", "request beacon")
        s, who, slot, rnd = q["sur"], q["requested_by"], q["slot"], q["beacon"]["round"]
        need(q["type"] == "redraw_request" and q["scheme"] == SCHEME and slot in MAIN + tuple(
            "additional:" + x for x in MAIN), "not a redraw request for a known slot")
        need((q["draw_id"], q["manifest_sha256"]) == (self.m["draw_id"], self.sha),
             "The request names another draw or another manifest.")
        need(self.reviewers(s), f"{s} has no drawn reviewers in this draw to redraw.")
        held = self.holders.get((s, slot), [])
        need(held and (slot in MAIN or slot[11:] in [a["slot"] for a in self.entries[s][
            "additional"]]), f"{s} has no reviewer on slot {slot}.")
        need(who in [s] + self.reviewers(s), f"{who} may not ask for a redraw for {s}: only the "
             f"State under review or its reviewers may ({', '.join([s] + self.reviewers(s))}).")
        made, limit = self.counts.get((s, who), 0), self.rules["redraws"]["max_per_requester"]
        need(q["attempt"] == made + 1, f"This is request number {made + 1} by {who} for {s}, "
             f"but it says attempt {q['attempt']}.")
        need(q["attempt"] <= limit or (q["exceptional"] and (q["authorization"] or "").strip()),
             f"{who} has used its {limit} redraws for {s}; a further one must be exceptional "
             "and say who authorised it.")
        need(q["excluded"] == held, f"excluded must list exactly the States that have held "
             f"{slot} for {s}, each once, in the order they first held it: {', '.join(held)}.")
        need([q["beacon"][k] for k in ("source", "chain_hash")]
             == [self.m["beacon"][k] for k in ("source", "chain_hash")],
             "The request must use the same beacon source as the manifest.")
        need(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", q["requested_at"]), "bad time")
        at = datetime.strptime(q["requested_at"], "%Y-%m-%dT%H:%M:%SZ").replace(
            tzinfo=UTC).timestamp()
        latest = round_time(self.last_round)
        need(at >= latest, f"Its requested_at ({q['requested_at']}) is earlier than round "
             f"{self.last_round} ({utc(latest)}), already in the log: a request cannot be dated "
             "before randomness that was public when it was made.")
        need(round_time(rnd) > at, f"Its beacon round {rnd} ({utc(round_time(rnd))}) is not "
             f"later than its requested_at ({q['requested_at']}).")
        need(rnd > self.last_round, f"Its beacon round {rnd} is not after round "
             f"{self.last_round}, which was already public when it was logged.")

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
            added, gaps = self.additional(s, slot, new, ("additional", s, slot, n), best,
                                          barred=q["excluded"])  # excluded cannot come back
        return {**head, "old": old, "new": new, "additional": added, "uncovered": gaps,
                "released": released}

def check_beacon(b, named):  # returns what could not be verified, if anything
    kinds(b, "source:t chain_hash:t round:n signature:t randomness:t", "beacon")
    need([b[k] for k in ("source", "chain_hash")] == [named[k] for k in ("source", "chain_hash")],
         f"the beacon's source or chain differs from the one named before it ({named['source']})")
    need(b["round"] == named["round"], f"the beacon is round {b['round']}, but round "
         f"{named['round']} was named in advance")
    need(re.fullmatch(r"([0-9a-f]{2})+", b["signature"]) and HEX64.fullmatch(b["randomness"]),
         "the signature and randomness must be lower-case hex")
    need(H(bytes.fromhex(b["signature"])) == b["randomness"],
         "the randomness is not the SHA-256 of the signature")
    where = f"beacon round {b['round']}"
    if b["chain_hash"] != CHAIN:
        need(b["source"] != QUICKNET, "the chain hash is not drand quicknet's")
        return f"{where}: source {b['source']!r} on another chain: the signature was not checked"
    valid = verify_quicknet(b["round"], bytes.fromhex(b["signature"]), QUICKNET_KEY)  # noqa: F821
    need(valid is True,
         f"the BLS signature does not verify for round {b['round']} of drand quicknet")
    if b["source"] != QUICKNET:  # a recording: real, but not fetched live at draw time
        return f"{where}: source {b['source']!r} is not live drand quicknet: not verified"

def posted_time_ms(posted):  # Discord's own time of the message, in milliseconds
    return (int(posted["message_id"]) >> 22) + DISCORD_EPOCH_MS

def published(what, rnd, posted, latest_s):  # section 8.5; returns what is not evidenced
    if posted is None:
        return f"the publication of {what} before beacon round {rnd} is not evidenced"
    at, due = posted_time_ms(posted), round_time(rnd) * 1000
    need(at < due, f"{what} was published in Discord message {posted['message_id']} at "
         f"{utc(at // 1000)}, not before beacon round {rnd} ({utc(due // 1000)})")
    need(at >= latest_s * 1000, f"{what} was published in Discord message "
         f"{posted['message_id']}, which is older than a beacon round already in the log")

def announced(meta, rnd):  # meta.announced_at can only count against a log
    if "announced_at" in meta:
        text = meta["announced_at"]
        need(isinstance(text, str), "meta.announced_at cannot be read as a time")
        at = datetime.fromisoformat(text)
        at = at if at.tzinfo else at.replace(tzinfo=UTC)
        need(at.timestamp() < round_time(rnd), f"meta.announced_at ({text}) is not before "
             f"the time of its beacon round ({utc(round_time(rnd))})")

def verify(lines):
    """(None, unverified, closed) if the log holds, else (line number, reason)."""
    step, unverified, draw, named, rnd, req, pending = None, [], None, None, "", None, None
    latest = 0  # the time of the latest round already in the log
    for i, raw in enumerate(lines):
        try:
            need(raw and b"\r" not in raw and not raw.startswith(b"\xef\xbb\xbf"),
                 "an empty line, a carriage return or a byte-order mark")
            line = json.loads(raw.decode())  # floats, NaN and repeated keys fail the next check
            need(canon(line) == raw, "the line is not canonical JSON")
            need(isinstance(line, dict) and set(line) - {"posted"} == {"seq", "prev", "type",
                                                                        "body"}, "bad line keys")
            need(type(line["seq"]) is int and line["seq"] == i, f"seq should be {i}")
            need(line["prev"] == (H(lines[i - 1]) if i else None), "prev breaks the hash chain")
            if "posted" in line:  # {channel_id, message_id} as snowflake strings, not on line 1
                kinds(line["posted"], "channel_id:f message_id:f", "posted")
                need(i, "posted must name a Discord message after line 1")
            kind, body = line["type"], line["body"]
            need(kind in NEXT[step], f"a {kind!r} line cannot come here")
            need(isinstance(body, dict), "the body must be an object")
            if pending:  # this line names the message that published the manifest or request
                gap = published(pending[0], pending[2], line.get("posted"), latest)
                unverified += [f"line {pending[1]}: {gap}"] if gap else []
                pending = None
            if kind == "manifest":
                draw, named = Draw(body), body["beacon"]
                announced(body["meta"], named["round"])
                pending = ("the manifest (line 1)", 1, named["round"])
            elif kind == "beacon":
                why = check_beacon(body, named)
                unverified += [f"line {i + 1}, {why}"] if why else []
                latest = max(latest, round_time(body["round"]))
                rnd, kind = body["randomness"], "beacon:" + step
            elif kind == "result":
                need(canon(body) == canon(draw.result(rnd)), "the result does not recompute")
            elif kind == "redraw_request":
                draw.check_request(body)
                req, named = body, body["beacon"]
                pending = (f"the redraw request on line {i + 1}", i + 1, named["round"])
            elif kind == "redraw_result":
                need(canon(body) == canon(draw.redraw(req, rnd)), "the redraw does not recompute")
            else:
                final = {"final": {s: draw.entries[s] for s in draw.order}}
                need(canon(body) == canon(final), "the close line is not the final state")
            step = kind
        except (ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
            return i + 1, str(exc) if type(exc) is ValueError else f"{type(exc).__name__}: {exc}"
    if step not in ENDS:
        what = "a beacon line whose result is missing" if step.startswith("beacon") else (
            f"the {step} line")
        return len(lines), (f"the log ends after {what}; a log ends after a result, a redraw "
                            "request, a redraw result or the close line")
    if pending:
        unverified.append(f"line {pending[1]}: the publication of {pending[0]} before beacon "
                          f"round {pending[2]} is not evidenced (the request is still pending)")
    return None, unverified, step == "close"

def main(argv):
    if len(argv) != 2:
        print("usage: python3 -I verify_draw.py LOG.jsonl", file=sys.stderr)
        return 2
    try:
        with open(argv[1], "rb") as f:
            data = f.read()
    except OSError as exc:
        print(f"cannot read {argv[1]}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    lines = data.removesuffix(b"\n").split(b"\n") if data else []
    bad, *rest = verify(lines) if lines else (1, "the log is empty")
    if bad is not None:
        print(f"FAILED at line {bad} (seq {bad - 1}): {rest[0]}")
        return 1
    state = "closed" if rest[1] else "still open"
    if not rest[0]:
        print(f"OK: {len(lines)} lines, draw {state}; every check held, every beacon signature "
              "verified and every publication before its round evidenced.")
        return 0
    print(f"NOT FULLY VERIFIED: {len(lines)} lines, draw {state}; every check that could be "
          f"made held, but {len(rest[0])} thing(s) could not be verified.")
    print("".join(f"  not verified: {item}\n" for item in rest[0]), end="")
    return 3

# @BLS12-381@ (the pure-Python code of bot/domain/bls12381.py is inserted here when written)

if __name__ == "__main__":
    sys.exit(main(sys.argv))
