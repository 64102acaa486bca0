"""Scopes of Discord effects: what makes a retry the same effect as the try before it.

A job, a reconcile of one review or the publication of a draw runs inside ``effect_scope``.
Every message, thread or card the Discord adapter creates inside a scope gets a key made of
the scope, the kind of object, the channel and either its place in the scope's order or its
content. The adapter journals each key before its request and records the
object as soon as Discord answers, so a retry of the same scope — after a failure halfway, a
lost answer or a crash — reuses what was made and makes only what is missing. The scope's
journal entries are dropped when the scope's own records are written.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass
class _Scope:
    name: str
    positional: bool
    seen: dict[str, int] = field(default_factory=dict)


_current: ContextVar[_Scope | None] = ContextVar("deskreview_effect_scope", default=None)


@contextmanager
def effect_scope(name: str, *, positional: bool = True) -> Iterator[str]:
    """Run the block as one retriable unit named ``name`` (stable across retries).

    ``positional``: the n-th object of a kind in a channel is the same effect on every try,
    whatever its text (a retry may add "this is late"); use it where every try makes its
    objects in the same order. Otherwise the text tells effects apart (a retry that skips
    what it had recorded itself)."""
    token = _current.set(_Scope(name, positional))
    try:
        yield name
    finally:
        _current.reset(token)


def current_scope() -> str | None:
    scope = _current.get()
    return scope.name if scope is not None else None


def effect_key(kind: str, channel_id: int, fingerprint: str) -> tuple[str, str] | None:
    """(scope, key) of the next effect of this kind and content, or None outside a scope."""
    scope = _current.get()
    if scope is None:
        return None
    if scope.positional:
        base = f"{kind}:{channel_id}"
    else:
        base = f"{kind}:{channel_id}:{hashlib.sha256(fingerprint.encode()).hexdigest()[:24]}"
    scope.seen[base] = scope.seen.get(base, 0) + 1
    return scope.name, f"{scope.name}/{base}#{scope.seen[base]}"


def nonce_of(key: str) -> str:
    """The message nonce for a key (Discord keeps at most 25 characters)."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:25]
