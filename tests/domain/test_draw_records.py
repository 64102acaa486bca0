"""The typed records of a draw hold exactly the JSON values of the protocol's vectors: read
from a log and dumped back they give the same canonical bytes, so publishing them changes
nothing anyone can check."""

from __future__ import annotations

from bot.domain.canonical import canon
from bot.domain.draw_log_view import read_log
from bot.domain.draw_models import Manifest, RedrawRequest
from bot.domain.draw_records import (
    Assignment,
    DrawResult,
    NoPair,
    Redrawn,
    redraw_result_of,
)
from tests.domain.draw_support import vector, vector_log


def test_every_vector_round_trips_through_its_record() -> None:
    for name, model in (("example-manifest", Manifest), ("example-result", DrawResult),
                        ("example-redraw-request", RedrawRequest),
                        ("example-redraw-request-2", RedrawRequest)):
        raw = vector(name)
        assert canon(model.model_validate(raw).model_dump()) == canon(raw), name
    for name in ("example-redraw-result", "example-redraw-result-2"):
        raw = vector(name)
        assert canon(redraw_result_of(raw).model_dump()) == canon(raw), name


def test_the_log_view_reads_typed_records_and_keeps_what_the_engine_hashes() -> None:
    lines = vector_log(closed=True)
    view = read_log(lines)
    assert view.kinds == ["manifest", "beacon", "result", "redraw_request", "beacon",
                          "redraw_result", "close"]
    assert view.m.draw_id == vector("example-manifest")["draw_id"]
    assert view.wire_manifest == vector("example-manifest")
    assert view.result is not None and view.closed and view.pending is None
    assert canon(view.result.model_dump()) == canon(vector("example-result"))
    assert [r.attempt for r, _ in view.redraws] == [1]
    assert isinstance(view.redraw_result_at(5), Redrawn)
    final = view.close_at(6).final
    assert set(final) == set(view.result.order)
    assert all(isinstance(e, Assignment | NoPair) for e in final.values())
    state = view.state()
    assert {s: canon(e) for s, e in state.final().items()} == {
        s: canon(e.model_dump()) for s, e in final.items()}
