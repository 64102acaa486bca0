"""BLS signatures of drand's quicknet on BLS12-381, checked with the Python standard library alone.

quicknet (scheme ``bls-unchained-g1-rfc9380``) signs round ``n`` with BLS on the curve
BLS12-381: the signature is a point of G1 (48 bytes, compressed), the group's public key a point
of G2 (96 bytes, compressed), and the signed message is SHA-256 of ``n`` as 8 big-endian bytes,
hashed to G1 as RFC 9380 specifies (suite ``BLS12381G1_XMD:SHA-256_SSWU_RO_``). A signature
``s`` of ``m`` is valid when ``e(s, g2) == e(H(m), pk)``; it is checked here as
``e(s, -g2) * e(H(m), pk) == 1``: two Miller loops of the optimal ate pairing, multiplied, and
one final exponentiation.

Written for verification only: nothing secret passes through it, so nothing tries to run in
constant time. It imports only the standard library and nothing of the project, and has no
``from __future__`` import, so that the standalone draw verifier can carry it verbatim.
Elements of the base field Fp are Python ints in ``range(P)``; an element of Fp2 is a pair, of
Fp6 a triple of Fp2, of Fp12 a pair of Fp6; an affine curve point is a pair of coordinates,
and the point at infinity is ``None``.
"""

import hashlib
from collections.abc import Callable
from functools import lru_cache
from typing import Any, NamedTuple


def _hex(text: str) -> list[int]:
    """The hexadecimal numbers written one per line in ``text``."""
    return [int(word, 16) for word in text.split()]


# --- The curve: facts from the BLS12-381 definition and RFC 9380 section 8.8.1 -----------------

X = -0xD201000000010000  # the BLS12 parameter of BLS12-381
R = X**4 - X**2 + 1  # order of G1, G2 and of the pairing's values
P = (X - 1) ** 2 * R // 3 + X  # the base field's prime
H_EFF_G1 = 1 - X  # RFC 9380's cofactor-clearing scalar for G1
G1_GEN = tuple(_hex("""
    17f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb
    08b3f481e3aaa0f1a09e30ed741d8ae4fcf5e095d5d00af600db18cb2c04b3edd03cc744a2888ae40caa232946c5e7e1
"""))
_G2 = _hex("""
    024aa2b2f08f0a91260805272dc51051c6e47ad4fa403b02b4510b647ae3d1770bac0326a805bbefd48056c8c121bdb8
    13e02b6052719f607dacd3a088274f65596bd0d09920b61ab5da61bbdc7f5049334cf11213945d57e5ac7d055d042b7e
    0ce5d527727d6e118cc9cdc6da2e351aadfd9baa8cbdd3a76d429a695160d12c923ac9cc3baca289e193548608b82801
    0606c4a02ea734cc32acd2b02bc28b99cb3e287e85a763af267492ab572e99ab3f370d275cec1da1aaa9075ff05f79be
""")
G2_GEN = ((_G2[0], _G2[1]), (_G2[2], _G2[3]))  # x = x0 + x1*u, y = y0 + y1*u
B1 = 4  # E1: y^2 = x^3 + 4 over Fp
B2 = (4, 4)  # E2: y^2 = x^3 + 4(1 + u) over Fp2, the sextic twist carrying G2

QUICKNET_PUBLIC_KEY = bytes.fromhex(
    "83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c"
    "8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb"
    "5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a"
)
QUICKNET_DST = b"BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_"

# --- Fp and Fp2 = Fp[u] / (u^2 + 1) ---------------------------------------------------------

Fp2 = tuple[int, int]


def _sqrt_fp(a: int) -> int | None:
    """A square root of ``a`` in Fp (P = 3 mod 4), or None when ``a`` is not a square."""
    root = pow(a, (P + 1) // 4, P)
    return root if root * root % P == a % P else None


def _f2_add(a: Fp2, b: Fp2) -> Fp2:
    return (a[0] + b[0]) % P, (a[1] + b[1]) % P


def _f2_sub(a: Fp2, b: Fp2) -> Fp2:
    return (a[0] - b[0]) % P, (a[1] - b[1]) % P


def _f2_mul(a: Fp2, b: Fp2) -> Fp2:
    a0, a1 = a
    b0, b1 = b
    t0, t1 = a0 * b0, a1 * b1
    return (t0 - t1) % P, ((a0 + a1) * (b0 + b1) - t0 - t1) % P


def _f2_sqr(a: Fp2) -> Fp2:
    a0, a1 = a
    return (a0 + a1) * (a0 - a1) % P, 2 * a0 * a1 % P


def _f2_scale(a: Fp2, k: int) -> Fp2:
    """``a`` times the element ``k`` of Fp."""
    return a[0] * k % P, a[1] * k % P


def _f2_mul_xi(a: Fp2) -> Fp2:
    """``a * (1 + u)``: multiplication by the non-residue that builds Fp6 over Fp2."""
    return (a[0] - a[1]) % P, (a[0] + a[1]) % P


def _f2_conj(a: Fp2) -> Fp2:
    """The conjugate, which is also ``a ** P`` (the Frobenius map)."""
    return a[0], -a[1] % P


def _f2_inv(a: Fp2) -> Fp2:
    n = pow(a[0] * a[0] + a[1] * a[1], -1, P)
    return a[0] * n % P, -a[1] * n % P


def _f2_pow(a: Fp2, e: int) -> Fp2:
    result = (1, 0)
    for bit in bin(e)[2:]:
        result = _f2_sqr(result)
        if bit == "1":
            result = _f2_mul(result, a)
    return result


def _sqrt_f2(a: Fp2) -> Fp2 | None:
    """A square root of ``a`` in Fp2, or None: from a root of the norm ``a0^2 + a1^2`` in Fp."""
    a0, a1 = a
    if a1 == 0:  # a is in Fp: its root is in Fp, or is u times a root of -a0
        root = _sqrt_fp(a0)
        if root is not None:
            return root, 0
        root = _sqrt_fp(-a0 % P)
        return None if root is None else (0, root)
    norm_root = _sqrt_fp((a0 * a0 + a1 * a1) % P)
    if norm_root is None:
        return None
    half = pow(2, -1, P)
    x0 = _sqrt_fp((a0 + norm_root) * half % P)
    if x0 is None:
        x0 = _sqrt_fp((a0 - norm_root) * half % P)
    if x0 is None:
        return None
    candidate = (x0, a1 * pow(2 * x0, -1, P) % P)
    return candidate if _f2_sqr(candidate) == (a0 % P, a1 % P) else None


# --- Fp6 = Fp2[v] / (v^3 - (1 + u)) and Fp12 = Fp6[w] / (w^2 - v) ---------------------------

Fp6 = tuple[Fp2, Fp2, Fp2]
Fp12 = tuple[Fp6, Fp6]
_F6_ZERO: Fp6 = ((0, 0), (0, 0), (0, 0))
_F12_ONE: Fp12 = (((1, 0), (0, 0), (0, 0)), _F6_ZERO)


def _f6_add(a: Fp6, b: Fp6) -> Fp6:
    return _f2_add(a[0], b[0]), _f2_add(a[1], b[1]), _f2_add(a[2], b[2])


def _f6_sub(a: Fp6, b: Fp6) -> Fp6:
    return _f2_sub(a[0], b[0]), _f2_sub(a[1], b[1]), _f2_sub(a[2], b[2])


def _f6_mul(a: Fp6, b: Fp6) -> Fp6:
    """Karatsuba over the three coefficients: six multiplications in Fp2."""
    a0, a1, a2 = a
    b0, b1, b2 = b
    t0, t1, t2 = _f2_mul(a0, b0), _f2_mul(a1, b1), _f2_mul(a2, b2)
    c0 = _f2_mul(_f2_add(a1, a2), _f2_add(b1, b2))
    c0 = _f2_add(t0, _f2_mul_xi(_f2_sub(_f2_sub(c0, t1), t2)))
    c1 = _f2_mul(_f2_add(a0, a1), _f2_add(b0, b1))
    c1 = _f2_add(_f2_sub(_f2_sub(c1, t0), t1), _f2_mul_xi(t2))
    c2 = _f2_mul(_f2_add(a0, a2), _f2_add(b0, b2))
    c2 = _f2_add(_f2_sub(_f2_sub(c2, t0), t2), t1)
    return c0, c1, c2


def _f6_mul_v(a: Fp6) -> Fp6:
    """``a * v``."""
    return _f2_mul_xi(a[2]), a[0], a[1]


def _f6_mul_01(a: Fp6, b0: Fp2, b1: Fp2) -> Fp6:
    """``a * (b0 + b1 v)``, the sparse product a Miller line needs."""
    a0, a1, a2 = a
    return (
        _f2_add(_f2_mul(a0, b0), _f2_mul_xi(_f2_mul(a2, b1))),
        _f2_add(_f2_mul(a0, b1), _f2_mul(a1, b0)),
        _f2_add(_f2_mul(a1, b1), _f2_mul(a2, b0)),
    )


def _f6_scale(a: Fp6, k: int) -> Fp6:
    return _f2_scale(a[0], k), _f2_scale(a[1], k), _f2_scale(a[2], k)


def _f6_inv(a: Fp6) -> Fp6:
    a0, a1, a2 = a
    t0 = _f2_sub(_f2_sqr(a0), _f2_mul_xi(_f2_mul(a1, a2)))
    t1 = _f2_sub(_f2_mul_xi(_f2_sqr(a2)), _f2_mul(a0, a1))
    t2 = _f2_sub(_f2_sqr(a1), _f2_mul(a0, a2))
    norm = _f2_add(_f2_mul(a0, t0), _f2_mul_xi(_f2_add(_f2_mul(a2, t1), _f2_mul(a1, t2))))
    n = _f2_inv(norm)
    return _f2_mul(t0, n), _f2_mul(t1, n), _f2_mul(t2, n)


def _f12_mul(a: Fp12, b: Fp12) -> Fp12:
    a0, a1 = a
    b0, b1 = b
    t0, t1 = _f6_mul(a0, b0), _f6_mul(a1, b1)
    c1 = _f6_sub(_f6_sub(_f6_mul(_f6_add(a0, a1), _f6_add(b0, b1)), t0), t1)
    return _f6_add(t0, _f6_mul_v(t1)), c1


def _f12_sqr(a: Fp12) -> Fp12:
    """``(a0 + a1 w)^2 = a0^2 + a1^2 v + 2 a0 a1 w``, with two multiplications in Fp6."""
    a0, a1 = a
    t = _f6_mul(a0, a1)
    c0 = _f6_mul(_f6_add(a0, a1), _f6_add(a0, _f6_mul_v(a1)))
    c0 = _f6_sub(_f6_sub(c0, t), _f6_mul_v(t))
    return c0, _f6_add(t, t)


def _f12_conj(a: Fp12) -> Fp12:
    """``a ** (P^6)``; for an element of the cyclotomic subgroup this is its inverse."""
    c1 = a[1]
    return a[0], (_f2_sub((0, 0), c1[0]), _f2_sub((0, 0), c1[1]), _f2_sub((0, 0), c1[2]))


def _f12_inv(a: Fp12) -> Fp12:
    a0, a1 = a
    n = _f6_inv(_f6_sub(_f6_mul(a0, a0), _f6_mul_v(_f6_mul(a1, a1))))
    return _f6_mul(a0, n), _f6_sub(_F6_ZERO, _f6_mul(a1, n))


# Frobenius: Fp12 has the basis w^k (k = 0..5) over Fp2, with v = w^2 and w^6 = 1 + u, so
# (c w^k) ** (P^n) = conj^n(c) * (1 + u)^(k (P^n - 1) / 6) * w^k.
_FROB = {n: [_f2_pow((1, 1), k * (P**n - 1) // 6) for k in range(6)] for n in (1, 2)}


def _f12_frob(a: Fp12, n: int) -> Fp12:
    """``a ** (P^n)`` for n = 1 or 2."""
    g = _FROB[n]

    def term(c: Fp2, k: int) -> Fp2:
        return _f2_mul(_f2_conj(c) if n % 2 else c, g[k])

    (a0, a2, a4), (a1, a3, a5) = a
    return (term(a0, 0), term(a2, 2), term(a4, 4)), (term(a1, 1), term(a3, 3), term(a5, 5))


# --- Points in affine coordinates, on E1 (over Fp) or E2 (over Fp2) ---------------------------


class _Field(NamedTuple):
    """The operations of the coordinate field a curve's points are written in."""

    add: Callable[[Any, Any], Any]
    sub: Callable[[Any, Any], Any]
    mul: Callable[[Any, Any], Any]
    inv: Callable[[Any], Any]
    zero: Any


FP = _Field(
    lambda a, b: (a + b) % P, lambda a, b: (a - b) % P, lambda a, b: a * b % P,
    lambda a: pow(a, -1, P), 0,
)
FP2 = _Field(_f2_add, _f2_sub, _f2_mul, _f2_inv, (0, 0))


def on_curve(field: _Field, b: Any, point: Any) -> bool:
    """Whether ``point`` satisfies ``y^2 = x^3 + b`` (infinity does)."""
    if point is None:
        return True
    x, y = point
    return bool(field.mul(y, y) == field.add(field.mul(field.mul(x, x), x), b))


def point_neg(field: _Field, point: Any) -> Any:
    return None if point is None else (point[0], field.sub(field.zero, point[1]))


def point_add(field: _Field, p1: Any, p2: Any) -> Any:
    """The sum of two points of a curve ``y^2 = x^3 + b``, any of them possibly infinity."""
    if p1 is None:
        return p2
    if p2 is None:
        return p1
    (x1, y1), (x2, y2) = p1, p2
    if x1 == x2:
        if y1 != y2 or y1 == field.zero:
            return None  # p2 == -p1
        x_sq = field.mul(x1, x1)
        slope = field.mul(field.add(field.add(x_sq, x_sq), x_sq), field.inv(field.add(y1, y1)))
    else:
        slope = field.mul(field.sub(y2, y1), field.inv(field.sub(x2, x1)))
    x3 = field.sub(field.sub(field.mul(slope, slope), x1), x2)
    return x3, field.sub(field.mul(slope, field.sub(x1, x3)), y1)


def point_mul(field: _Field, point: Any, k: int) -> Any:
    """``k * point`` for ``k >= 0``, by double-and-add."""
    result = None
    for bit in bin(k)[2:]:
        result = point_add(field, result, result)
        if bit == "1":
            result = point_add(field, result, point)
    return result


def in_subgroup(field: _Field, point: Any) -> bool:
    """Whether ``point`` lies in the subgroup of order R (the plain check ``R * point == 0``)."""
    return point_mul(field, point, R) is None


# --- Point decoding (the compressed encoding of the zkcrypto/IETF BLS format) -----------------

_COORD_MASK = (1 << 381) - 1


def _is_larger(y: int) -> bool:
    """Whether ``y`` is the larger of ``y`` and ``-y``: the sign bit's meaning."""
    return y > P - y


def decode_g1(data: bytes) -> tuple[int, int] | None:
    """The point of G1 encoded in 48 bytes, or None if malformed, off the curve, outside G1
    or the point at infinity (which is never a valid signature)."""
    if len(data) != 48 or data[0] >> 6 != 0b10:  # compressed flag set, infinity flag clear
        return None
    x = int.from_bytes(data, "big") & _COORD_MASK
    y = _sqrt_fp((x * x * x + B1) % P) if x < P else None
    if y is None:
        return None
    if _is_larger(y) != bool(data[0] & 0x20):
        y = P - y
    return (x, y) if in_subgroup(FP, (x, y)) else None


def decode_g2(data: bytes) -> tuple[Fp2, Fp2] | None:
    """The point of G2 encoded in 96 bytes (x1 then x0), or None if malformed, off the curve,
    outside G2 or the point at infinity (which is never a valid public key)."""
    if len(data) != 96 or data[0] >> 6 != 0b10:
        return None
    x1 = int.from_bytes(data[:48], "big") & _COORD_MASK
    x0 = int.from_bytes(data[48:], "big")
    if x0 >= P or x1 >= P:
        return None
    x = (x0, x1)
    y = _sqrt_f2(_f2_add(_f2_mul(_f2_sqr(x), x), B2))
    if y is None:
        return None
    if _is_larger(y[1] if y[1] else y[0]) != bool(data[0] & 0x20):
        y = _f2_sub((0, 0), y)
    return (x, y) if in_subgroup(FP2, (x, y)) else None


# --- Hashing to G1: RFC 9380, suite BLS12381G1_XMD:SHA-256_SSWU_RO_ ---------------------------


def expand_message_xmd(msg: bytes, dst: bytes, length: int) -> bytes:
    """RFC 9380 section 5.3.1 with SHA-256: ``length`` uniform bytes from ``msg`` and ``dst``."""
    if len(dst) > 255:
        dst = hashlib.sha256(b"H2C-OVERSIZE-DST-" + dst).digest()
    blocks = -(-length // 32)
    if blocks > 255 or length > 0xFFFF:
        raise ValueError("expand_message_xmd: requested length too large")
    dst_prime = dst + bytes([len(dst)])
    b0 = hashlib.sha256(bytes(64) + msg + length.to_bytes(2, "big") + b"\0" + dst_prime).digest()
    out = [hashlib.sha256(b0 + b"\1" + dst_prime).digest()]
    for i in range(2, blocks + 1):
        mixed = bytes(x ^ y for x, y in zip(b0, out[-1], strict=True))
        out.append(hashlib.sha256(mixed + bytes([i]) + dst_prime).digest())
    return b"".join(out)[:length]


def hash_to_field(msg: bytes, dst: bytes) -> tuple[int, int]:
    """The two elements ``u0, u1`` of Fp (64 bytes each, reduced mod P)."""
    data = expand_message_xmd(msg, dst, 128)
    return int.from_bytes(data[:64], "big") % P, int.from_bytes(data[64:], "big") % P


# E1': y^2 = x^3 + A'x + B', 11-isogenous to E1, where simplified SWU with Z = 11 applies.
_ISO_A, _ISO_B = _hex("""
    144698a3b8e9433d693a02c96d4982b0ea985383ee66a8d8e8981aefd881ac98936f8da0e0f97f5cf428082d584c1d
    12e2908d11688030018b12e8753eee3b2016c1f0f24f4070a0b9c14fcef35ef55a23215a316ceaa5d1cc48e98e172be0
""")
_SSWU_Z = 11


def map_to_curve_sswu(u: int) -> tuple[int, int]:
    """RFC 9380 section 6.6.2: simplified SWU, from Fp to a point of E1'."""
    tv = _SSWU_Z * u * u % P  # Z u^2
    den = (tv * tv + tv) % P
    if den == 0:
        x = _ISO_B * pow(_SSWU_Z * _ISO_A, -1, P) % P
    else:
        x = -_ISO_B * pow(_ISO_A, -1, P) * (1 + pow(den, -1, P)) % P
    y = _sqrt_fp((x * x * x + _ISO_A * x + _ISO_B) % P)
    if y is None:  # then g(Z u^2 x) is a square
        x = tv * x % P
        y = _sqrt_fp((x * x * x + _ISO_A * x + _ISO_B) % P)
        assert y is not None, "simplified SWU: g(x2) must be a square"
    if u % 2 != y % 2:  # sgn0(y) must equal sgn0(u)
        y = P - y
    return x, y


# RFC 9380 appendix E.2: the 11-isogeny E1' -> E1, as x = x_num / x_den, y = y' y_num / y_den.
# Coefficients from degree 0 upwards; both denominators are monic (their leading 1 is added).
_ISO_X_NUM = _hex("""
    11a05f2b1e833340b809101dd99815856b303e88a2d7005ff2627b56cdb4e2c85610c2d5f2e62d6eaeac1662734649b7
    17294ed3e943ab2f0588bab22147a81c7c17e75b2f6a8417f565e33c70d1e86b4838f2a6f318c356e834eef1b3cb83bb
    0d54005db97678ec1d1048c5d10a9a1bce032473295983e56878e501ec68e25c958c3e3d2a09729fe0179f9dac9edcb0
    1778e7166fcc6db74e0609d307e55412d7f5e4656a8dbf25f1b33289f1b330835336e25ce3107193c5b388641d9b6861
    0e99726a3199f4436642b4b3e4118e5499db995a1257fb3f086eeb65982fac18985a286f301e77c451154ce9ac8895d9
    1630c3250d7313ff01d1201bf7a74ab5db3cb17dd952799b9ed3ab9097e68f90a0870d2dcae73d19cd13c1c66f652983
    0d6ed6553fe44d296a3726c38ae652bfb11586264f0f8ce19008e218f9c86b2a8da25128c1052ecaddd7f225a139ed84
    17b81e7701abdbe2e8743884d1117e53356de5ab275b4db1a682c62ef0f2753339b7c8f8c8f475af9ccb5618e3f0c88e
    080d3cf1f9a78fc47b90b33563be990dc43b756ce79f5574a2c596c928c5d1de4fa295f296b74e956d71986a8497e317
    169b1f8e1bcfa7c42e0c37515d138f22dd2ecb803a0c5c99676314baf4bb1b7fa3190b2edc0327797f241067be390c9e
    10321da079ce07e272d8ec09d2565b0dfa7dccdde6787f96d50af36003b14866f69b771f8c285decca67df3f1605fb7b
    06e08c248e260e70bd1e962381edee3d31d79d7e22c837bc23c0bf1bc24c6b68c24b1b80b64d391fa9c8ba2e8ba2d229
""")
_ISO_X_DEN = _hex("""
    08ca8d548cff19ae18b2e62f4bd3fa6f01d5ef4ba35b48ba9c9588617fc8ac62b558d681be343df8993cf9fa40d21b1c
    12561a5deb559c4348b4711298e536367041e8ca0cf0800c0126c2588c48bf5713daa8846cb026e9e5c8276ec82b3bff
    0b2962fe57a3225e8137e629bff2991f6f89416f5a718cd1fca64e00b11aceacd6a3d0967c94fedcfcc239ba5cb83e19
    03425581a58ae2fec83aafef7c40eb545b08243f16b1655154cca8abc28d6fd04976d5243eecf5c4130de8938dc62cd8
    13a8e162022914a80a6f1d5f43e7a07dffdfc759a12062bb8d6b44e833b306da9bd29ba81f35781d539d395b3532a21e
    0e7355f8e4e667b955390f7f0506c6e9395735e9ce9cad4d0a43bcef24b8982f7400d24bc4228f11c02df9a29f6304a5
    0772caacf16936190f3e0c63e0596721570f5799af53a1894e2e073062aede9cea73b3538f0de06cec2574496ee84a3a
    14a7ac2a9d64a8b230b3f5b074cf01996e7f63c21bca68a81996e1cdf9822c580fa5b9489d11e2d311f7d99bbdcc5a5e
    0a10ecf6ada54f825e920b3dafc7a3cce07f8d1d7161366b74100da67f39883503826692abba43704776ec3a79a1d641
    095fc13ab9e92ad4476d6e3eb3a56680f682b4ee96f7d03776df533978f31c1593174e4b4b7865002d6384d168ecdd0a
""") + [1]
_ISO_Y_NUM = _hex("""
    090d97c81ba24ee0259d1f094980dcfa11ad138e48a869522b52af6c956543d3cd0c7aee9b3ba3c2be9845719707bb33
    134996a104ee5811d51036d776fb46831223e96c254f383d0f906343eb67ad34d6c56711962fa8bfe097e75a2e41c696
    00cc786baa966e66f4a384c86a3b49942552e2d658a31ce2c344be4b91400da7d26d521628b00523b8dfe240c72de1f6
    01f86376e8981c217898751ad8746757d42aa7b90eeb791c09e4a3ec03251cf9de405aba9ec61deca6355c77b0e5f4cb
    08cc03fdefe0ff135caf4fe2a21529c4195536fbe3ce50b879833fd221351adc2ee7f8dc099040a841b6daecf2e8fedb
    16603fca40634b6a2211e11db8f0a6a074a7d0d4afadb7bd76505c3d3ad5544e203f6326c95a807299b23ab13633a5f0
    04ab0b9bcfac1bbcb2c977d027796b3ce75bb8ca2be184cb5231413c4d634f3747a87ac2460f415ec961f8855fe9d6f2
    0987c8d5333ab86fde9926bd2ca6c674170a05bfe3bdd81ffd038da6c26c842642f64550fedfe935a15e4ca31870fb29
    09fc4018bd96684be88c9e221e4da1bb8f3abd16679dc26c1e8b6e6a1f20cabe69d65201c78607a360370e577bdba587
    0e1bba7a1186bdb5223abde7ada14a23c42a0ca7915af6fe06985e7ed1e4d43b9b3f7055dd4eba6f2bafaaebca731c30
    19713e47937cd1be0dfd0b8f1d43fb93cd2fcbcb6caf493fd1183e416389e61031bf3a5cce3fbafce813711ad011c132
    18b46a908f36f6deb918c143fed2edcc523559b8aaf0c2462e6bfe7f911f643249d9cdf41b44d606ce07c8a4d0074d8e
    0b182cac101b9399d155096004f53f447aa7b12a3426b08ec02710e807b4633f06c851c1919211f20d4c04f00b971ef8
    0245a394ad1eca9b72fc00ae7be315dc757b3b080d4c158013e6632d3c40659cc6cf90ad1c232a6442d9d3f5db980133
    05c129645e44cf1102a159f748c4a3fc5e673d81d7e86568d9ab0f5d396a7ce46ba1049b6579afb7866b1e715475224b
    15e6be4e990f03ce4ea50b3b42df2eb5cb181d8f84965a3957add4fa95af01b2b665027efec01c7704b456be69c8b604
""")
_ISO_Y_DEN = _hex("""
    16112c4c3a9c98b252181140fad0eae9601a6de578980be6eec3232b5be72e7a07f3688ef60c206d01479253b03663c1
    1962d75c2381201e1a0cbd6c43c348b885c84ff731c4d59ca4a10356f453e01f78a4260763529e3532f6102c2e49a03d
    058df3306640da276faaae7d6e8eb15778c4855551ae7f310c35a5dd279cd2eca6757cd636f96f891e2538b53dbf67f2
    16b7d288798e5395f20d23bf89edb4d1d115c5dbddbcd30e123da489e726af41727364f2c28297ada8d26d98445f5416
    0be0e079545f43e4b00cc912f8228ddcc6d19c9f0f69bbb0542eda0fc9dec916a20b15dc0fd2ededda39142311a5001d
    08d9e5297186db2d9fb266eaac783182b70152c65550d881c5ecd87b6f0f5a6449f38db9dfa9cce202c6477faaf9b7ac
    166007c08a99db2fc3ba8734ace9824b5eecfdfa8d0cf8ef5dd365bc400a0051d5fa9c01a58b1fb93d1a1399126a775c
    16a3ef08be3ea7ea03bcddfabba6ff6ee5a4375efa1f4fd7feb34fd206357132b920f5b00801dee460ee415a15812ed9
    1866c8ed336c61231a1be54fd1d74cc4f9fb0ce4c6af5920abc5750c4bf39b4852cfe2f7bb9248836b233d9d55535d4a
    167a55cda70a6e1cea820597d94a84903216f763e13d87bb5308592e7ea7d4fbc7385ea3d529b35e346ef48bb8913f55
    04d2f259eea405bd48f010a01ad2911d9c6dd039bb61a6290e591b36e636a5c871a5c29f4f83060400f8b49cba8f6aa8
    0accbb67481d033ff5852c1e48c50c477f94ff8aefce42d28c0f9a88cea7913516f968986f7ebbea9684b529e2561092
    0ad6b9514c767fe3c3613144b45f1496543346d98adf02267d5ceef9a00d9b8693000763e3b90ac11e99b138573345cc
    02660400eb2e4f3b628bdd0d53cd76f2bf565b94e72927c1cb748df27942480e420517bd8714cc80d1fadc1326ed06f7
    0e0fa1d816ddc03e6b24255e0d7819c171c40f65e273b853324efcd6356caa205ca2f570f13497804415473a1d634b8f
""") + [1]


def _poly(coefficients: list[int], x: int) -> int:
    """The polynomial with these coefficients (degree 0 first) at ``x``, by Horner's rule."""
    value = 0
    for c in reversed(coefficients):
        value = (value * x + c) % P
    return value


def iso_map(point: tuple[int, int]) -> tuple[int, int] | None:
    """The 11-isogeny from E1' to E1 (None where a denominator vanishes: the point at infinity)."""
    x, y = point
    x_den, y_den = _poly(_ISO_X_DEN, x), _poly(_ISO_Y_DEN, x)
    if x_den == 0 or y_den == 0:
        return None
    x_out = _poly(_ISO_X_NUM, x) * pow(x_den, -1, P) % P
    return x_out, y * _poly(_ISO_Y_NUM, x) * pow(y_den, -1, P) % P


def hash_to_g1(msg: bytes, dst: bytes) -> tuple[int, int] | None:
    """RFC 9380 hash_to_curve: two field elements, each mapped to E1, added, cofactor cleared."""
    u0, u1 = hash_to_field(msg, dst)
    q0, q1 = iso_map(map_to_curve_sswu(u0)), iso_map(map_to_curve_sswu(u1))
    return point_mul(FP, point_add(FP, q0, q1), H_EFF_G1)


# --- The optimal ate pairing ------------------------------------------------------------------
# G2 lives on the twist E2; psi(x, y) = (x / w^2, y / w^3) carries it into E1 over Fp12. The line
# through T (slope s on E2) evaluated at P = (xp, yp) of G1 is, times w^3 (an element of a proper
# subfield, which the final exponentiation removes):  (s x_T - y_T) - s xp v + yp v w.

Line = tuple[Fp2, Fp2]  # (s, s x_T - y_T)


@lru_cache(maxsize=16)
def _miller_lines(q: tuple[Fp2, Fp2]) -> list[list[Line]]:
    """For each bit of |X| after the first, the lines of the doubling step (and the addition
    step when the bit is set) of the Miller loop on ``q``; they depend on ``q`` alone."""
    steps = []
    tx, ty = q
    qx, qy = q
    for bit in bin(-X)[3:]:
        tx_sq = _f2_sqr(tx)
        slope = _f2_mul(_f2_add(_f2_add(tx_sq, tx_sq), tx_sq), _f2_inv(_f2_add(ty, ty)))
        step = [(slope, _f2_sub(_f2_mul(slope, tx), ty))]
        nx = _f2_sub(_f2_sqr(slope), _f2_add(tx, tx))
        tx, ty = nx, _f2_sub(_f2_mul(slope, _f2_sub(tx, nx)), ty)
        if bit == "1":
            slope = _f2_mul(_f2_sub(qy, ty), _f2_inv(_f2_sub(qx, tx)))
            step.append((slope, _f2_sub(_f2_mul(slope, tx), ty)))
            nx = _f2_sub(_f2_sub(_f2_sqr(slope), tx), qx)
            tx, ty = nx, _f2_sub(_f2_mul(slope, _f2_sub(tx, nx)), ty)
        steps.append(step)
    return steps


def _mul_by_line(f: Fp12, a: Fp2, b: Fp2, c: int) -> Fp12:
    """``f * (a + b v + c v w)`` (a, b in Fp2, c in Fp): the sparse product by a line."""
    f0, f1 = f
    r0 = _f6_add(_f6_mul_01(f0, a, b), _f6_scale(_f6_mul_v(_f6_mul_v(f1)), c))
    r1 = _f6_add(_f6_mul_01(f1, a, b), _f6_scale(_f6_mul_v(f0), c))
    return r0, r1


def miller_loop(pairs: list[tuple[tuple[int, int], tuple[Fp2, Fp2]]]) -> Fp12:
    """The product of the Miller functions f_{|X|, q}(p) over the pairs (p in G1, q in G2),
    sharing the squarings, conjugated because X < 0."""
    prepared = [(p, _miller_lines(q)) for p, q in pairs]
    f = _F12_ONE
    for i in range(len(prepared[0][1])):
        if i:
            f = _f12_sqr(f)
        for (xp, yp), steps in prepared:
            for slope, a in steps[i]:
                f = _mul_by_line(f, a, _f2_scale(slope, -xp % P), yp)
    return _f12_conj(f)


def _pow_x(f: Fp12) -> Fp12:
    """``f ** X`` for ``f`` in the cyclotomic subgroup (X < 0, so the inverse of f ** |X|)."""
    result = f
    for bit in bin(-X)[3:]:
        result = _f12_sqr(result)
        if bit == "1":
            result = _f12_mul(result, f)
    return _f12_conj(result)


def final_exponentiation(f: Fp12) -> Fp12:
    """``f ** (3 (P^12 - 1) / R)``. The easy part ``(P^6 - 1)(P^2 + 1)`` uses the Frobenius map;
    the hard part uses 3 (P^4 - P^2 + 1) / R = (X - 1)^2 (X + P) (X^2 + P^2 - 1) + 3. The
    factor 3 is prime to R, so the result is 1 exactly when the reduced pairing is 1."""
    f = _f12_mul(_f12_conj(f), _f12_inv(f))
    f = _f12_mul(_f12_frob(f, 2), f)
    t = _f12_mul(_pow_x(f), _f12_conj(f))  # f^(X - 1)
    a = _f12_mul(_pow_x(t), _f12_conj(t))  # f^((X - 1)^2)
    b = _f12_mul(_pow_x(a), _f12_frob(a, 1))  # a^(X + P)
    c = _f12_mul(_f12_mul(_pow_x(_pow_x(b)), _f12_frob(b, 2)), _f12_conj(b))  # b^(X^2+P^2-1)
    return _f12_mul(c, _f12_mul(_f12_sqr(f), f))


def pairing(p: tuple[int, int], q: tuple[Fp2, Fp2]) -> Fp12:
    """The optimal ate pairing of ``p`` in G1 and ``q`` in G2 (cubed), as an element of Fp12."""
    return final_exponentiation(miller_loop([(p, q)]))


# --- BLS verification -------------------------------------------------------------------------

_NEG_G2 = point_neg(FP2, G2_GEN)


@lru_cache(maxsize=16)
def _public_key(data: bytes) -> tuple[Fp2, Fp2] | None:
    return decode_g2(data)


def verify_g1(public_key: bytes, message: bytes, signature: bytes, dst: bytes) -> bool:
    """Whether ``signature`` (G1, 48 bytes) is a valid BLS signature of ``message`` under
    ``public_key`` (G2, 96 bytes), with hash-to-G1 under the tag ``dst``. Every malformed
    input, point off its curve or outside its subgroup, and the point at infinity give False."""
    if not all(isinstance(v, bytes | bytearray) for v in (public_key, message, signature, dst)):
        return False
    pk = _public_key(bytes(public_key))
    sig = decode_g1(bytes(signature)) if pk is not None else None
    if pk is None or sig is None:
        return False
    hashed = hash_to_g1(bytes(message), bytes(dst))
    if hashed is None:
        return False
    return final_exponentiation(miller_loop([(sig, _NEG_G2), (hashed, pk)])) == _F12_ONE


def verify_quicknet(round_number: int, signature: bytes, public_key: bytes) -> bool:
    """Whether ``signature`` is the quicknet signature of round ``round_number`` under
    ``public_key`` (normally :data:`QUICKNET_PUBLIC_KEY`)."""
    if type(round_number) is not int or not 0 <= round_number < 1 << 64:
        return False
    message = hashlib.sha256(round_number.to_bytes(8, "big")).digest()
    return verify_g1(public_key, message, signature, QUICKNET_DST)
