"""What the draw channel shows: manifests, results, redraw requests and results, closings.

Plain data (``OutMessage`` and ``Card``) for the messenger. Every message that publishes a log
line carries that line's body as a JSON attachment (canonical bytes), so anyone can check its
SHA-256 and re-run it. Results are shown as one card per regional group of the States under
review; long groups continue on further cards, and cards are spread over as many messages as
Discord's limits need.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from pydantic import BaseModel

from bot.domain.beacon import QUICKNET_SOURCE, BeaconRecord, time_of_round
from bot.domain.canonical import canon, sha256_hex
from bot.domain.draw_models import Manifest, RedrawRequest
from bot.domain.draw_records import Assignment, DrawResult, Entry, NoPair, Redrawn, RedrawResult
from bot.domain.mechanism import Instrument, RegionalGroup
from bot.domain.timefmt import discord_ts
from bot.i18n import Language, Listed, Msg, Text, Verbatim, _, lines, render
from bot.ports import Card, OutFile, OutMessage, Textual
from bot.services.registry import GROUP_NAMES
from bot.services.reviews import INSTRUMENT

Names = Mapping[str, str]  # code -> "Kenya (KEN)"

SLOT_LABELS: dict[str, Msg] = {
    "same_group": _("reviewer from the same regional group"),
    "other_group": _("reviewer from another regional group"),
    "additional:same_group": _("additional reviewer beside the same-group reviewer"),
    "additional:other_group": _("additional reviewer beside the other-group reviewer"),
}
CARD_BUDGET = 3500  # characters of one card's description (Discord allows 4096)
MESSAGE_BUDGET = 5500  # characters of all cards of one message (Discord allows 6000)
TEXT_BUDGET = 1900  # characters of a message's text (Discord allows 2000)
LATE = _("This is posted late: the bot was offline when it fell due.")


def longest(text: object) -> int:
    """The length of a text in the language that writes it longest."""
    return max(len(render(text, language)) for language in Language)


def label(names: Names, code: str) -> str:
    return names.get(code, code)


def round_time(round_: int) -> datetime:
    return datetime.fromtimestamp(time_of_round(round_), UTC)


def beacon_words(source: str, round_: int) -> Msg:
    when = round_time(round_)
    at, ago = Verbatim(discord_ts(when)), Verbatim(discord_ts(when, "R"))
    if source == QUICKNET_SOURCE:
        return _("drand quicknet round {round}, out at {when} ({ago})", round=Verbatim(
            str(round_)), when=at, ago=ago)
    return _("RECORDED drand quicknet round {round} of {when} (replayed from a recording: a "
             "test or demonstration, not a live draw)", round=Verbatim(str(round_)), when=at)


def instruments_words(codes: Sequence[str]) -> Listed:
    return Listed(tuple(INSTRUMENT[Instrument(c)] if c in Instrument.__members__ else c
                        for c in codes))


def group_name(code: str) -> Textual:
    try:
        return GROUP_NAMES[RegionalGroup(code)]
    except ValueError:
        return code


def json_file(name: str, record: BaseModel) -> OutFile:
    """The record as the log holds it: its canonical JSON bytes."""
    return OutFile(name, canon(record.model_dump()))


def clip(text: str, limit: int = TEXT_BUDGET) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def codes_words(codes: Sequence[str], limit: int = 60) -> Textual:
    shown = Verbatim(", ".join(codes[:limit]))
    if len(codes) > limit:
        return _("{codes} and {count} more", codes=shown, count=len(codes) - limit)
    return shown


# ------------------------------------------------------------------------ the manifest


def manifest_message(
    manifest: Manifest, sha: str, *, no_group: Sequence[str],
    unconfirmed: Mapping[str, Sequence[str]], sur_unconfirmed: Mapping[str, Sequence[str]],
    column_labels: Mapping[str, Textual], late: bool,
) -> OutMessage:
    meta, rules, beacon = manifest.info, manifest.rules, manifest.beacon
    surs = manifest.under_review
    out: list[Textual] = [
        _("**Draw {draw}: {title}** — cluster {cluster}, {cluster_title}",
          draw=Verbatim(str(manifest.draw_id)), title=Verbatim(str(meta.title)),
          cluster=meta.cluster, cluster_title=Verbatim(str(meta.cluster_title))),
        _("States under review ({count}): {codes}.", count=len(surs), codes=codes_words(surs)),
        _("Pool: {pool} States parties with a regional group. Rules: at most {reviews} reviews "
          "per State in this cycle, at most {reviewers} reviewers per review, {redraws} redraw "
          "requests per requesting State.", pool=len(manifest.pool),
          reviews=rules.max_reviews_per_state, reviewers=rules.max_reviewers_per_review,
          redraws=rules.redraws.max_per_requester),
        _("Beacon: {beacon}.", beacon=beacon_words(beacon.source, beacon.round)),
        _("Manifest SHA-256: `{sha}`", sha=Verbatim(sha)),
    ]
    if no_group:
        out.append(_("Left out, having no regional group (they can be neither drawn nor "
                     "reviewed): {codes}.", codes=codes_words(list(no_group), 20)))
    if unconfirmed:
        counts = Listed(tuple(_("{column} ({count} parties)", column=column_labels.get(c, c),
                                count=len(v)) for c, v in unconfirmed.items()), "unit")
        out.append(_("**Warning:** the draw relies on registry values that are not confirmed: "
                     "{counts}.", counts=counts))
        flagged = [_("{code} ({columns})", code=s, columns=Listed(
            tuple(column_labels.get(c, c) for c in cols), "unit"))
            for s, cols in sur_unconfirmed.items() if cols]
        if flagged:
            out.append(_("Of the States under review: {codes}.", codes=Listed(
                tuple(flagged[:15]) + ((_("{count} more", count=len(flagged) - 15),)
                                       if len(flagged) > 15 else ()), "unit")))
    out.append(_("The attached file is the manifest: its SHA-256 must equal the one above. "
                 "`/draw verifier` gives a short program that re-runs the whole draw from its "
                 "log (`/draw log`)."))
    if late:
        out.append(_("This manifest is posted after its round came out: the bot could not post "
                     "it in time. Compare it with the log before relying on this draw."))
    return OutMessage(lines(*out),
                      files=(json_file(f"draw-{manifest.draw_id}-manifest.json", manifest),))


# ------------------------------------------------------------------------ results


def entry_text(names: Names, sur: str, entry: Entry) -> Text:
    head = Verbatim(f"**{label(names, sur)}**")
    if isinstance(entry, NoPair):
        return _("{head}: no admissible pair of reviewers. A new draw is needed, whose manifest "
                 "states the relaxation.", head=head)
    same, other = label(names, entry.same_group), label(names, entry.other_group)
    out: list[Textual] = [
        _("{head} — same group: {same}; other group: {other}; similar legal system: yes",
          head=head, same=same, other=other) if entry.legal_match else
        _("{head} — same group: {same}; other group: {other}; similar legal system: no",
          head=head, same=same, other=other)]
    for add in entry.additional:
        beside = label(names, entry.main(add.slot))
        what = instruments_words(add.instruments)
        if add.widened:
            out.append(_("  additional, beside {beside}: {code} for the {instruments} (taken "
                         "from any group: none on its side)", beside=beside,
                         code=label(names, add.code), instruments=what))
        else:
            out.append(_("  additional, beside {beside}: {code} for the {instruments}",
                         beside=beside, code=label(names, add.code), instruments=what))
    for gap in entry.uncovered:
        out.append(_("  not covered beside {beside}: the {instruments}",
                     beside=label(names, entry.main(gap.slot)),
                     instruments=instruments_words(gap.instruments)))
    return lines(*out)


def group_cards(
    title: Textual, assignments: Mapping[str, Assignment | NoPair], groups: Mapping[str, str],
    names: Names,
) -> list[Card]:
    """One card per regional group of the States under review (split when too long)."""
    by_group: dict[str, list[str]] = {}
    for sur in assignments:
        by_group.setdefault(groups.get(sur, ""), []).append(sur)
    cards: list[Card] = []
    for group in sorted(by_group):
        name: Textual = _("{group} — {title}", group=group_name(group), title=title)
        chunk: list[Text] = []
        for sur in by_group[group]:
            block = entry_text(names, sur, assignments[sur])
            if chunk and longest(lines(*chunk)) + longest(block) + 1 > CARD_BUDGET:
                cards.append(Card(name, lines(*chunk)))
                name, chunk = _("{group} — {title} (continued)", group=group_name(group),
                                title=title), []
            chunk.append(block)
        cards.append(Card(name, lines(*chunk)))
    return cards


def spread(text: Textual, cards: Sequence[Card], files: Sequence[OutFile]
           ) -> list[OutMessage]:
    """The text, files and first cards in one message; the other cards in follow-ups."""
    batches: list[list[Card]] = [[]]
    used = 0
    for card in cards:
        size = longest(card.title) + longest(card.description) + longest(card.footer)
        if batches[-1] and (len(batches[-1]) == 10 or used + size > MESSAGE_BUDGET):
            batches.append([])
            used = 0
        batches[-1].append(card)
        used += size
    first = OutMessage(text, cards=tuple(batches[0]), files=tuple(files))
    rest = [OutMessage(_("(continued)"), cards=tuple(b)) for b in batches[1:]]
    return [first, *rest]


def result_messages(
    manifest: Manifest, beacon: BeaconRecord, result: DrawResult, names: Names, *, late: bool,
) -> list[OutMessage]:
    draw_id, meta = manifest.draw_id, manifest.info
    groups = {p.code: p.group for p in manifest.pool}
    failed = result.failed()
    text: list[Textual] = [
        _("**Result of draw {draw}: {title}**", draw=Verbatim(str(draw_id)),
          title=Verbatim(str(meta.title))),
        _randomness(beacon),
        _("It follows from the manifest (SHA-256 `{sha}`) and that value alone: anyone can "
          "re-run it with `/draw verifier` on the log from `/draw log`.",
          sha=Verbatim(str(result.manifest_sha256))),
        _("States under review: {count}; without an admissible pair: {failed}.",
          count=len(result.order), failed=len(failed)),
    ]
    if late:
        text.append(LATE)
    cards = group_cards(_("draw {draw}", draw=Verbatim(str(draw_id))), result.assignments,
                        groups, names)
    return spread(lines(*text), cards, [json_file(f"draw-{draw_id}-result.json", result)])


def _randomness(beacon: BeaconRecord) -> Msg:
    return _("Beacon: {beacon}; randomness `{randomness}`.",
             beacon=beacon_words(beacon.source, beacon.round),
             randomness=Verbatim(str(beacon.randomness)))


# ------------------------------------------------------------------------ redraws


def allowance_words(request: RedrawRequest, limit: int) -> Msg:
    attempt, by, sur = request.attempt, request.requested_by, request.sur
    if attempt > limit:
        return _("request {attempt} by {by} for {sur}, beyond the {limit} the rules allow.",
                 attempt=attempt, by=by, sur=sur, limit=limit)
    return _("request {attempt} by {by} for {sur}, of the {limit} the rules allow.",
             attempt=attempt, by=by, sur=sur, limit=limit)


def request_message(request: RedrawRequest, holder: str, limit: int, seq: int,
                    names: Names, user_id: int | None) -> OutMessage:
    sur, by, beacon = request.sur, request.requested_by, request.beacon
    out: list[Textual] = [
        _("**Redraw requested in draw {draw}**: the {slot} of {sur}, now {holder}.",
          draw=Verbatim(str(request.draw_id)), slot=SLOT_LABELS[request.slot],
          sur=label(names, sur), holder=label(names, holder)),
        _("Requested by {by} (asked by {who}): {allowance}", by=label(names, by),
          who=Verbatim(f"<@{user_id}>"), allowance=allowance_words(request, limit)) if user_id
        else _("Requested by {by}: {allowance}", by=label(names, by),
               allowance=allowance_words(request, limit)),
        _("Reason: {reason}", reason=Verbatim(str(request.reason))),
    ]
    if request.exceptional:
        out.append(_("Exceptional request, authorised: {authorization}",
                     authorization=Verbatim(str(request.authorization))))
    out += [
        _("Excluded (they have held this place): {codes}.",
          codes=Verbatim(", ".join(request.excluded))),
        _("Beacon: {beacon}.", beacon=beacon_words(beacon.source, beacon.round)),
        _("Request SHA-256: `{sha}`", sha=Verbatim(sha256_hex(canon(request.model_dump())))),
    ]
    name = f"draw-{request.draw_id}-request-{seq}.json"
    return OutMessage(lines(*out), files=(json_file(name, request),))


def redraw_result_message(
    draw_id: str, request: RedrawRequest, beacon: BeaconRecord, outcome: RedrawResult,
    entry: Entry, names: Names, seq: int, *, late: bool,
) -> OutMessage:
    sur, slot = outcome.sur, outcome.slot
    head = _("**Redraw result in draw {draw}**: the {slot} of {sur} (request {attempt} by "
             "{by}).", draw=Verbatim(str(draw_id)), slot=SLOT_LABELS[slot],
             sur=label(names, sur), attempt=outcome.attempt, by=request.requested_by)
    body: Textual
    if not isinstance(outcome, Redrawn):
        body = _("No State could be drawn for this place; {kept} keeps it.",
                 kept=label(names, outcome.kept))
    else:
        released = [label(names, c) for c in outcome.released]
        old, new = label(names, outcome.old), label(names, outcome.new)
        body = _("{old} is replaced by **{new}**. Released with it: {released}.", old=old,
                 new=new, released=Verbatim(", ".join(released))) if released else _(
            "{old} is replaced by **{new}**.", old=old, new=new)
    out: list[Textual] = [head, body, _randomness(beacon)]
    if late:
        out.append(LATE)
    card = Card(_("{sur} now", sur=label(names, sur)), entry_text(names, sur, entry))
    name = f"draw-{draw_id}-redraw-{seq}.json"
    return OutMessage(lines(*out), cards=(card,), files=(json_file(name, outcome),))


def close_messages(manifest: Manifest, final: Mapping[str, Assignment | NoPair], log: bytes,
                   names: Names) -> list[OutMessage]:
    draw_id = manifest.draw_id
    groups = {p.code: p.group for p in manifest.pool}
    text = _("**Draw {draw} is closed**: {title}. The reviewers below are final. The complete "
             "log is attached (SHA-256 `{sha}`); check it with `/draw verifier`.",
             draw=Verbatim(str(draw_id)), title=Verbatim(str(manifest.info.title)),
             sha=Verbatim(sha256_hex(log)))
    cards = group_cards(_("draw {draw}, final", draw=Verbatim(str(draw_id))), final, groups,
                        names)
    return spread(text, cards, [OutFile(f"draw-{draw_id}.jsonl", log)])
