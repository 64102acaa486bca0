"""Canonical JSON (RFC 8785, "JCS") for the data of the draw, and SHA-256.

Our data holds only strings, integers, booleans, null, arrays and objects. For such data
``json.dumps(o, sort_keys=True, separators=(",", ":"), ensure_ascii=False)`` encoded as UTF-8
gives exactly the JCS bytes, provided three things hold, which :func:`canon` enforces:

* no floats anywhere (JCS would print them in a way Python does not reproduce), nor NaN or
  infinities;
* integers stay within ±(2**53 - 1), the range every JCS implementation represents exactly
  (so a Discord snowflake must be written as a string);
* object keys hold no character above U+FFFF, so that Python's code-point ordering of keys is
  the UTF-16 ordering JCS prescribes.

Anything else is refused with a :class:`ValueError` that names where the bad value is.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

MAX_SAFE_INT = 2**53 - 1


def sha256_hex(data: bytes) -> str:
    """SHA-256 of ``data`` as lower-case hex."""
    return hashlib.sha256(data).hexdigest()


def _check(value: Any, where: str) -> None:
    if value is None or isinstance(value, (bool, str)):
        if isinstance(value, str):
            _check_text(value, where)
        return
    if isinstance(value, int):
        if abs(value) > MAX_SAFE_INT:
            raise ValueError(
                f"{where}: the whole number {value} is too large for canonical JSON; "
                "write it as a string"
            )
        return
    if isinstance(value, float):
        raise ValueError(
            f"{where}: decimal numbers ({value!r}) are not allowed in canonical JSON; "
            "use a whole number or a string"
        )
    if isinstance(value, list):
        for i, item in enumerate(value):
            _check(item, f"{where}[{i}]")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise ValueError(f"{where}: object keys must be strings, not {key!r}")
            _check_text(key, f"{where} key {key!r}")
            if any(ord(ch) > 0xFFFF for ch in key):
                raise ValueError(
                    f"{where}: the key {key!r} holds a character outside the Basic "
                    "Multilingual Plane, which canonical JSON cannot order portably"
                )
            _check(item, f"{where}.{key}")
        return
    raise ValueError(f"{where}: a {type(value).__name__} cannot be written as canonical JSON")


def _check_text(text: str, where: str) -> None:
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in text):
        raise ValueError(f"{where}: the text holds an unpaired surrogate, which is not Unicode")


def canon(value: Any) -> bytes:
    """The canonical JSON bytes of ``value``; refuses floats and other non-JSON values."""
    _check(value, "$")
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")


def _refuse_float(text: str) -> Any:
    raise ValueError(f"decimal numbers ({text}) are not allowed in canonical JSON")


def _refuse_constant(text: str) -> Any:
    raise ValueError(f"{text} is not allowed in canonical JSON")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"the key {key!r} appears twice in one object")
        out[key] = value
    return out


def loads_strict(data: bytes) -> Any:
    """Parse JSON bytes, refusing floats, NaN/Infinity, duplicate keys and invalid UTF-8."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not valid UTF-8 ({exc.reason} at byte {exc.start})") from None
    try:
        value = json.loads(
            text,
            parse_float=_refuse_float,
            parse_constant=_refuse_constant,
            object_pairs_hook=_unique_keys,
        )
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON ({exc.msg} at character {exc.pos})") from None
    _check(value, "$")
    return value


def loads_canonical(data: bytes) -> Any:
    """Parse ``data`` and require that it is already in canonical form, byte for byte."""
    value = loads_strict(data)
    if canon(value) != data:
        raise ValueError("not in canonical form (key order, spacing or escaping differs)")
    return value
