"""quicknet's BLS signatures are checked by our own standard-library code exactly as drand does.

The oracle is the ``drand-verify`` package (Rust, through PyO3): on genuine rounds, on
signatures we make ourselves under our own keys, and on every corruption tried here, our answer
must be the same as its answer.
"""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path
from typing import Any

import drand_verify
import pytest

from bot.domain import bls12381 as bls
from bot.domain.beacon import QUICKNET_PUBLIC_KEY as BEACON_PUBLIC_KEY_HEX

ROOT = Path(__file__).resolve().parents[2]
BEACON_FILES = sorted(
    [*(ROOT / "bot" / "data" / "beacons").glob("*.json"),
     *(ROOT / ".." / "shared" / "reference" / "draw-vectors").glob("example-beacon-*.json")]
)
VECTORS = Path(__file__).parent / "bls_vectors"
RFC9380 = json.loads((VECTORS / "rfc9380_j9_1.json").read_text())
RFC9380_XMD = json.loads((VECTORS / "rfc9380_k1.json").read_text())
PK = bls.QUICKNET_PUBLIC_KEY


def genuine_rounds() -> list[tuple[int, bytes]]:
    rounds = {}
    for path in BEACON_FILES:
        record = json.loads(path.read_text())
        rounds[record["round"]] = bytes.fromhex(record["signature"])
    return sorted(rounds.items())


GENUINE = genuine_rounds()


def drand_accepts(round_number: int, signature: bytes, public_key: bytes = PK) -> bool:
    """drand-verify's verdict: it raises ValueError on a failure, and panics on some keys."""
    try:
        drand_verify.verify_quicknet(round_number, signature.hex(), public_key.hex())
    except ValueError:
        return False
    except BaseException as error:
        if type(error).__name__ == "PanicException":
            return False
        raise
    return True


def compress_g1(point: tuple[int, int]) -> bytes:
    x, y = point
    flags = 0x80 | (0x20 if y > bls.P - y else 0)
    return (x | flags << 376).to_bytes(48, "big")


def compress_g2(point: Any) -> bytes:
    (x0, x1), (y0, y1) = point
    larger = y1 > bls.P - y1 if y1 else y0 > bls.P - y0
    flags = 0x80 | (0x20 if larger else 0)
    return (x1 | flags << 376).to_bytes(48, "big") + x0.to_bytes(48, "big")


def quicknet_message(round_number: int) -> bytes:
    return hashlib.sha256(round_number.to_bytes(8, "big")).digest()


def f12_pow(a: Any, e: int) -> Any:
    result = bls._F12_ONE
    for bit in bin(e)[2:]:
        result = bls._f12_sqr(result)
        if bit == "1":
            result = bls._f12_mul(result, a)
    return result


def random_f12(rng: random.Random) -> Any:
    def f2() -> tuple[int, int]:
        return rng.randrange(bls.P), rng.randrange(bls.P)

    return (f2(), f2(), f2()), (f2(), f2(), f2())


# --- The curve's facts ------------------------------------------------------------------------


def test_the_constants_are_those_of_bls12_381() -> None:
    assert bls.P == int(
        "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf"
        "6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab", 16)
    assert bls.R == 0x73EDA753299D7D483339D80809A1D80553BDA402FFFE5BFEFFFFFFFF00000001
    assert bls.on_curve(bls.FP, bls.B1, bls.G1_GEN) and bls.in_subgroup(bls.FP, bls.G1_GEN)
    assert bls.on_curve(bls.FP2, bls.B2, bls.G2_GEN) and bls.in_subgroup(bls.FP2, bls.G2_GEN)
    # the generators' standard compressed encodings
    assert compress_g1(bls.G1_GEN).hex().startswith("97f1d3a73197d794")
    assert compress_g2(bls.G2_GEN).hex().startswith("93e02b6052719f60")


def test_the_quicknet_key_is_the_one_the_bot_names() -> None:
    assert bls.QUICKNET_PUBLIC_KEY == bytes.fromhex(BEACON_PUBLIC_KEY_HEX)
    assert bls.decode_g2(bls.QUICKNET_PUBLIC_KEY) is not None


def test_tower_arithmetic_inverts_and_the_sparse_line_product_is_a_product() -> None:
    rng = random.Random(14)
    for _ in range(3):
        a = random_f12(rng)
        assert bls._f12_mul(a, bls._f12_inv(a)) == bls._F12_ONE
        assert bls._f12_sqr(a) == bls._f12_mul(a, a)
        u, v = (rng.randrange(bls.P), rng.randrange(bls.P)), (rng.randrange(bls.P), 7)
        c = rng.randrange(bls.P)
        line = ((u, v, (0, 0)), ((0, 0), (c, 0), (0, 0)))
        assert bls._mul_by_line(a, u, v, c) == bls._f12_mul(a, line)


def test_frobenius_is_the_power_p() -> None:
    a = random_f12(random.Random(9))
    assert bls._f12_frob(a, 1) == f12_pow(a, bls.P)
    assert bls._f12_frob(a, 2) == bls._f12_frob(bls._f12_frob(a, 1), 1)


def test_decoding_undoes_the_standard_encoding_for_both_signs() -> None:
    for k in (1, 2, 3, 0xDEADBEEF, bls.R - 1):
        p1 = bls.point_mul(bls.FP, bls.G1_GEN, k)
        q2 = bls.point_mul(bls.FP2, bls.G2_GEN, k)
        assert bls.decode_g1(compress_g1(p1)) == p1
        assert bls.decode_g2(compress_g2(q2)) == q2


# --- Hashing to G1: RFC 9380 appendices K.1 and J.9.1 -----------------------------------------


@pytest.mark.parametrize("vector", RFC9380_XMD["vectors"],
                         ids=lambda v: f"{len(v['dst'])}-{v['msg'][:8]}-{v['len_in_bytes']}")
def test_expand_message_xmd_matches_rfc9380(vector: dict[str, Any]) -> None:
    """Including the DSTs longer than 255 bytes, which are hashed first."""
    out = bls.expand_message_xmd(vector["msg"].encode(), vector["dst"].encode(),
                                 vector["len_in_bytes"])
    assert out.hex() == vector["uniform_bytes"]


@pytest.mark.parametrize("vector", RFC9380["vectors"], ids=lambda v: v["msg"][:16] or "empty")
def test_hash_to_g1_matches_rfc9380(vector: dict[str, str]) -> None:
    def point(name: str) -> tuple[int, int]:
        return int(vector[name + ".x"], 16), int(vector[name + ".y"], 16)

    msg, dst = vector["msg"].encode(), RFC9380["dst"].encode()
    u0, u1 = bls.hash_to_field(msg, dst)
    assert (u0, u1) == (int(vector["u0"], 16), int(vector["u1"], 16))
    assert bls.iso_map(bls.map_to_curve_sswu(u0)) == point("Q0")
    assert bls.iso_map(bls.map_to_curve_sswu(u1)) == point("Q1")
    assert bls.hash_to_g1(msg, dst) == point("P")


# --- The pairing ------------------------------------------------------------------------------


def test_the_pairing_is_bilinear_and_non_degenerate() -> None:
    g1, g2 = bls.G1_GEN, bls.G2_GEN
    base = bls.pairing(g1, g2)
    assert base != bls._F12_ONE
    assert f12_pow(base, bls.R) == bls._F12_ONE
    assert bls.pairing(bls.point_mul(bls.FP, g1, 6), g2) == f12_pow(base, 6)
    assert bls.pairing(bls.point_mul(bls.FP, g1, 2), bls.point_mul(bls.FP2, g2, 3)) == \
        bls.pairing(g1, bls.point_mul(bls.FP2, g2, 6))


# --- Real quicknet rounds and our own signatures, against drand-verify ------------------------


def test_every_recorded_round_is_checked_and_verifies() -> None:
    assert {123, 657413} <= {r for r, _ in GENUINE}
    for round_number, signature in GENUINE:
        assert bls.verify_quicknet(round_number, signature, PK)
        assert drand_accepts(round_number, signature)


def test_a_signature_is_refused_for_another_round_or_under_another_key() -> None:
    other_key = compress_g2(bls.point_mul(bls.FP2, bls.G2_GEN, 5))
    for round_number, signature in GENUINE:
        for wrong_round in (round_number - 1, round_number + 1, 0):
            assert not bls.verify_quicknet(wrong_round, signature, PK)
            assert not drand_accepts(wrong_round, signature)
        assert not bls.verify_quicknet(round_number, signature, other_key)
        assert not drand_accepts(round_number, signature, other_key)
        assert not bls.verify_quicknet(round_number, signature, compress_g2(bls.G2_GEN))


def test_signatures_made_under_our_own_keys_verify_as_drand_verifies_them() -> None:
    rng = random.Random(2026)
    for _ in range(3):
        secret = rng.randrange(1, bls.R)
        public_key = compress_g2(bls.point_mul(bls.FP2, bls.G2_GEN, secret))
        round_number = rng.randrange(1, 1 << 40)
        hashed = bls.hash_to_g1(quicknet_message(round_number), bls.QUICKNET_DST)
        signature = compress_g1(bls.point_mul(bls.FP, hashed, secret))
        assert bls.verify_quicknet(round_number, signature, public_key)
        assert drand_accepts(round_number, signature, public_key)
        assert not bls.verify_quicknet(round_number, signature, PK)
        assert not bls.verify_quicknet(round_number + 1, signature, public_key)
        assert bls.verify_g1(public_key, quicknet_message(round_number), signature,
                             bls.QUICKNET_DST)
        assert not bls.verify_g1(public_key, quicknet_message(round_number), signature,
                                 b"BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_POP_")


@pytest.mark.parametrize(("round_number", "signature"), GENUINE, ids=lambda v: str(v)[:8])
def test_every_single_bit_change_of_a_genuine_signature_fails(
    round_number: int, signature: bytes
) -> None:
    accepted = []
    for bit in range(8 * len(signature)):
        flipped = bytearray(signature)
        flipped[bit // 8] ^= 0x80 >> (bit % 8)
        ours = bls.verify_quicknet(round_number, bytes(flipped), PK)
        assert ours == drand_accepts(round_number, bytes(flipped)), f"bit {bit}"
        if ours:
            accepted.append(bit)
    assert accepted == []


def test_changed_key_bits_are_refused() -> None:
    round_number, signature = GENUINE[0]
    for bit in (0, 1, 2, 3, 100, 383, 384, 500, 767):
        key = bytearray(PK)
        key[bit // 8] ^= 0x80 >> (bit % 8)
        assert not bls.verify_quicknet(round_number, signature, bytes(key))
        assert not drand_accepts(round_number, signature, bytes(key))


# --- Malformed input is refused, never raised on ----------------------------------------------


def not_in_g1() -> bytes:
    """A point of E1 outside G1 (E1's cofactor is large: small x values give such points)."""
    for x in range(1, 100):
        y = bls._sqrt_fp((x**3 + 4) % bls.P)
        if y is not None and not bls.in_subgroup(bls.FP, (x, y)):
            return compress_g1((x, y))
    raise AssertionError("no point found")


def not_in_g2() -> bytes:
    """A point of E2 outside G2."""
    for x0 in range(1, 100):
        x = (x0, 1)
        y = bls._sqrt_f2(bls._f2_add(bls._f2_mul(bls._f2_sqr(x), x), bls.B2))
        if y is not None and not bls.in_subgroup(bls.FP2, (x, y)):
            return compress_g2((x, y))
    raise AssertionError("no point found")


def test_malformed_signatures_are_refused_as_drand_refuses_them() -> None:
    round_number, signature = GENUINE[0]
    infinity = bytes([0xC0]) + bytes(47)
    x_too_large = (bls.P | 0x80 << 376).to_bytes(48, "big")
    uncompressed_flag_clear = bytes([signature[0] & 0x7F]) + signature[1:]
    for bad in (b"", signature[:47], signature + b"\0", signature * 2, infinity,
                bytes([0xE0]) + bytes(47), bytes([0xC0]) + bytes(46) + b"\1",
                x_too_large, uncompressed_flag_clear, not_in_g1(), bytes(48)):
        assert not bls.verify_quicknet(round_number, bad, PK), bad.hex()
        assert not drand_accepts(round_number, bad), bad.hex()


def test_malformed_keys_and_arguments_give_false() -> None:
    round_number, signature = GENUINE[0]
    infinity_key = bytes([0xC0]) + bytes(95)
    outside_g2 = not_in_g2()
    assert bls.decode_g2(outside_g2) is None
    for bad_key in (b"", PK[:95], PK + b"\0", infinity_key, bytes(96), PK[48:] + PK[:48],
                    outside_g2):
        assert not bls.verify_quicknet(round_number, signature, bad_key)
    bad_calls: list[tuple[Any, Any, Any]] = [
        (-1, signature, PK), (1 << 64, signature, PK), (True, signature, PK),
        (str(round_number), signature, PK), (float(round_number), signature, PK),
        (round_number, signature.hex(), PK), (round_number, None, PK),
        (round_number, signature, PK.hex()), (round_number, signature, None),
    ]
    for args in bad_calls:
        assert bls.verify_quicknet(*args) is False
    assert bls.verify_quicknet(round_number, bytearray(signature), bytearray(PK))


# --- Fit for the standalone verifier ----------------------------------------------------------


def test_the_module_needs_only_the_standard_library_and_runs_under_python_isolated() -> None:
    import ast
    import subprocess
    import sys

    source = Path(bls.__file__).read_text(encoding="utf-8")
    imported = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0 and node.module != "__future__"  # inlinable mid-file
            imported.add(str(node.module).split(".")[0])
    assert imported <= sys.stdlib_module_names, imported - sys.stdlib_module_names
    round_number, signature = GENUINE[0]
    # carried verbatim after other code, as the standalone verifier carries it
    script = (f"import sys\nverdicts = []\n{source}\n"
              f"print(verify_quicknet({round_number}, bytes.fromhex('{signature.hex()}'),"
              f" QUICKNET_PUBLIC_KEY), verify_quicknet({round_number + 1},"
              f" bytes.fromhex('{signature.hex()}'), QUICKNET_PUBLIC_KEY))\n")
    run = subprocess.run([sys.executable, "-I", "-c", script], capture_output=True, text=True,
                         check=True, timeout=60)
    assert run.stdout.split() == ["True", "False"]
