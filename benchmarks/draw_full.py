"""Time a full-size draw: 189 States under review, a pool of about 193, three reviews each.

Run from the repository root: ``python benchmarks/draw_full.py``. It uses the bundled registry
``bot/data/parties.csv`` when it exists, otherwise a pool generated deterministically from
hashes. It prints how long computing the result, verifying the log with the bot's verifier and
verifying it with the standalone verifier took.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import tempfile
import time
from pathlib import Path
from typing import Any

from bot.domain.draw import compute_result, replay
from bot.domain.drawlog import append_line, close_body, verify_log
from bot.domain.standalone import standalone_verifier_source

ROOT = Path(__file__).resolve().parents[1]
REGISTRY = ROOT / "bot" / "data" / "parties.csv"
INSTRUMENTS = {"untoc": "UNTOC", "tip": "TIP", "som": "SOM", "firearms": "FIREARMS"}
SURS = 189


def pool_from_registry() -> list[dict[str, Any]]:
    with REGISTRY.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return [{
        "code": row["code"],
        "group": row["regional_group"] or "NONE",
        "legal": [x.strip() for x in row["legal_system"].split("+") if x.strip()],
        "instruments": sorted(name for col, name in INSTRUMENTS.items() if row[col] == "1"),
        "load": 0,
    } for row in rows]


def generated_pool(n: int = 193) -> list[dict[str, Any]]:
    groups = ["AFRICA"] * 54 + ["ASIA_PACIFIC"] * 53 + ["EASTERN_EUROPE"] * 23 + \
        ["GRULAC"] * 33 + ["WEOG"] * 30
    families = [["civil"], ["common"], ["civil", "customary"], ["civil", "muslim"], ["common",
                                                                                      "customary"]]
    pool = []
    for i in range(n):
        h = hashlib.sha256(f"party-{i}".encode()).digest()
        extra = [name for bit, name in zip(h[1:4], ["TIP", "SOM", "FIREARMS"], strict=True)
                 if bit % 4]
        pool.append({"code": f"P{i:03d}", "group": groups[i % len(groups)],
                     "legal": families[h[0] % len(families)],
                     "instruments": sorted(["UNTOC", *extra]), "load": 0})
    return pool


def manifest(pool: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "scheme": "reviewer-draw/v1", "draw_id": "benchmark-full", "base_instrument": "UNTOC",
        "instruments": ["UNTOC", "TIP", "SOM", "FIREARMS"], "pool": pool,
        "under_review": sorted(p["code"] for p in pool)[:SURS], "existing": [],
        "rules": {"max_reviews_per_state": 3, "exclude_mutual": True, "prefer_legal_match": True,
                  "prefer_full_coverage": True, "additional_reviewers": True,
                  "max_reviewers_per_review": 4, "redraws": {"max_per_requester": 2}},
        "beacon": {"source": "benchmark (not drand)", "chain_hash": "0" * 64, "round": 1},
        "meta": {"title": "Full-size benchmark"},
    }


def main() -> None:
    source = "registry" if REGISTRY.exists() else "generated"
    pool = pool_from_registry() if REGISTRY.exists() else generated_pool()
    m = manifest(pool)
    signature = hashlib.sha512(b"benchmark").hexdigest()[:96]
    beacon = {"source": m["beacon"]["source"], "chain_hash": "0" * 64, "round": 1,
              "signature": signature,
              "randomness": hashlib.sha256(bytes.fromhex(signature)).hexdigest()}

    start = time.perf_counter()
    result = compute_result(m, beacon["randomness"])
    compute_s = time.perf_counter() - start

    lines: list[bytes] = []
    for kind, body in (("manifest", m), ("beacon", beacon), ("result", result)):
        lines.append(append_line(lines, kind, body))
    lines.append(append_line(lines, "close", close_body(replay(m, result, []))))

    start = time.perf_counter()
    report = verify_log(lines)
    verify_s = time.perf_counter() - start
    assert report.ok, report.reason

    with tempfile.TemporaryDirectory() as folder:  # the one file States get
        path = Path(folder) / "verify_draw.py"
        path.write_bytes(standalone_verifier_source())
        spec = importlib.util.spec_from_file_location("verify_draw", path)
        assert spec is not None and spec.loader is not None
        standalone = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(standalone)
    start = time.perf_counter()
    outcome = standalone.verify(lines)
    standalone_s = time.perf_counter() - start
    assert outcome[0] is None, outcome

    failed = sum("failed" in e for e in result["assignments"].values())
    extra = sum(len(e.get("additional", [])) for e in result["assignments"].values())
    print(f"pool: {len(pool)} parties ({source}); under review: {len(m['under_review'])}; "
          f"failed: {failed}; additional reviewers: {extra}")
    print(f"compute_result: {compute_s:.3f} s")
    print(f"verify_log:     {verify_s:.3f} s")
    print(f"standalone:     {standalone_s:.3f} s")


if __name__ == "__main__":
    main()
