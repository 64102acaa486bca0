"""The drand client against relays on this machine: good values pass, bad ones are refused."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from importlib import resources

import pytest
from aiohttp import web

from bot.domain.beacon import QUICKNET_SOURCE, bls_available
from bot.domain.bls_checks import forget_verdicts
from bot.services.draws import BeaconUnavailable, DrandRelays, RecordedSource

NOW = datetime(2026, 11, 26, tzinfo=UTC)


def recorded(round_: int) -> dict:
    folder = resources.files("bot").joinpath("data", "beacons")
    for f in folder.iterdir():
        data = json.loads(f.read_text("utf-8"))
        if data["round"] == round_:
            return {"round": round_, "signature": data["signature"],
                    "randomness": data["randomness"]}
    raise LookupError(round_)


async def relay(started, answer):
    async def handler(request: web.Request) -> web.Response:
        round_ = int(request.match_info["round"])
        body = answer(round_)
        if body is None:
            return web.Response(status=404)
        return web.json_response(body)

    app = web.Application()
    app.router.add_get("/{chain}/public/{round}", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    started.append(runner)
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
async def runners():
    started: list[web.AppRunner] = []
    yield started
    for runner in started:
        await runner.cleanup()


async def test_a_tampered_relay_is_refused_and_the_next_one_is_used(runners):
    def tampered(round_):
        body = recorded(round_)
        body["randomness"] = "00" * 32
        return body

    bad = await relay(runners, tampered)
    good = await relay(runners, recorded)
    record = await DrandRelays([bad, good]).fetch(657413, NOW)
    assert record is not None and record.round == 657413
    assert record.source == QUICKNET_SOURCE


async def test_only_bad_answers_mean_unavailable_with_reasons(runners):
    def wrong_round(round_):
        return recorded(123) if round_ == 657413 else None

    bad = await relay(runners, wrong_round)
    missing = await relay(runners, lambda r: None)
    with pytest.raises(BeaconUnavailable) as caught:
        await DrandRelays([bad, missing]).fetch(657413, NOW)
    assert "round 123" in str(caught.value) and "not out yet" in str(caught.value)


def forged(round_):
    """Another round's signature, with its randomness recomputed: only BLS can tell."""
    body = recorded(123)
    return {**body, "round": round_}


async def test_a_signature_from_another_round_fails_the_bls_check(runners):
    bad = await relay(runners, forged)
    with pytest.raises(BeaconUnavailable, match="BLS signature does not verify"):
        await DrandRelays([bad]).fetch(657413, NOW)


@pytest.mark.parametrize("missing", ["drand_verify", "bot.domain.bls12381"])
async def test_when_either_bls_check_cannot_run_no_value_is_accepted(runners, monkeypatch,
                                                                      missing):
    assert bls_available()
    monkeypatch.setitem(sys.modules, missing, None)  # as on a machine where it cannot load
    forget_verdicts()
    try:
        assert not bls_available()
        first, second = await relay(runners, forged), await relay(runners, recorded)
        with pytest.raises(BeaconUnavailable, match="cannot run") as caught:
            await DrandRelays([first, second]).fetch(657413, NOW)
        # the forged value is refuted by the checker that runs; the genuine one is not used
        # either, because a live value must pass both checks
        first_says, second_says = str(caught.value).split("; ", 1)
        assert "BLS signature does not verify" in first_says
        assert "could not be checked" in second_says
    finally:
        monkeypatch.undo()
        forget_verdicts()


async def test_a_future_round_is_not_asked_for():
    future = DrandRelays(["http://127.0.0.1:9"]).choose_round(NOW, 600)
    assert await DrandRelays(["http://127.0.0.1:9"]).fetch(future, NOW) is None


async def test_the_recorded_source_marks_its_records():
    source = RecordedSource()
    before = datetime(2023, 9, 15, 10, 50, tzinfo=UTC)
    assert source.choose_round(before, 600) == 657413
    record = await source.fetch(657413, datetime(2023, 9, 15, 11, 1, tzinfo=UTC))
    assert record is not None and record.source == "drand-quicknet (recorded)"
