"""Time the standard-library BLS check of quicknet signatures (``bot/domain/bls12381.py``).

Run from the repository root: ``python benchmarks/bls_verify.py`` (it also runs under
``python3 -I``: the module is loaded from its file and needs nothing but the standard library).
It prints the time to load the module, to verify one genuine round (the first call, which also
decodes and checks the public key), and to verify six genuine rounds, as a draw log with six
beacon lines would need.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODULE = ROOT / "bot" / "domain" / "bls12381.py"
BEACONS = ROOT / "bot" / "data" / "beacons"


def main() -> int:
    started = time.perf_counter()
    spec = importlib.util.spec_from_file_location("bls12381", MODULE)
    assert spec is not None and spec.loader is not None
    bls = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bls)
    loaded = time.perf_counter()

    records = [json.loads(p.read_text()) for p in sorted(BEACONS.glob("quicknet-round-*.json"))]
    rounds = [(r["round"], bytes.fromhex(r["signature"])) for r in records]
    key = bls.QUICKNET_PUBLIC_KEY

    t0 = time.perf_counter()
    ok = bls.verify_quicknet(*rounds[0], key)
    one = time.perf_counter() - t0

    six = [rounds[i % len(rounds)] for i in range(6)]
    t0 = time.perf_counter()
    results = [bls.verify_quicknet(n, sig, key) for n, sig in six]
    six_time = time.perf_counter() - t0

    print(f"load module:              {loaded - started:7.3f} s")
    print(f"verify 1 round (cold):    {one:7.3f} s")
    print(f"verify 6 rounds:          {six_time:7.3f} s  ({six_time / 6:.3f} s each)")
    if not (ok and all(results)):
        print("a genuine round did not verify", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
