"""Discord client locales for SimCord's people: the interaction payload carries the locale
a real client would send (SimCord itself always sends en-US)."""

from __future__ import annotations

from typing import Any

import pytest
from simcord import interactions


@pytest.fixture
def client_locale(monkeypatch: pytest.MonkeyPatch) -> dict[int, str]:
    """Map a user id to the locale their Discord client sends with each interaction."""
    chosen: dict[int, str] = {}
    original = interactions.base_payload

    def with_locale(backend: Any, **kwargs: Any) -> Any:
        record, payload = original(backend, **kwargs)
        if kwargs["user_id"] in chosen:
            payload["locale"] = chosen[kwargs["user_id"]]
        return record, payload

    monkeypatch.setattr(interactions, "base_payload", with_locale)
    return chosen
