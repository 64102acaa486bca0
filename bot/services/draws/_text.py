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
from bot.ports import Card, OutFile, OutMessage

Names = Mapping[str, str]  # code -> "Kenya (KEN)"

SLOT_LABELS: dict[str, str] = {
    "same_group": "reviewer from the same regional group",
    "other_group": "reviewer from another regional group",
    "additional:same_group": "additional reviewer beside the same-group reviewer",
    "additional:other_group": "additional reviewer beside the other-group reviewer",
}
CARD_BUDGET = 3500  # characters of one card's description (Discord allows 4096)
MESSAGE_BUDGET = 5500  # characters of all cards of one message (Discord allows 6000)
TEXT_BUDGET = 1900  # characters of a message's text (Discord allows 2000)
LATE = "This is posted late: the bot was offline when it fell due."


def label(names: Names, code: str) -> str:
    return names.get(code, code)


def round_time(round_: int) -> datetime:
    return datetime.fromtimestamp(time_of_round(round_), UTC)


def beacon_words(source: str, round_: int) -> str:
    when = round_time(round_)
    if source == QUICKNET_SOURCE:
        return f"drand quicknet round {round_}, out at {discord_ts(when)} ({discord_ts(when, 'R')})"
    return (f"RECORDED drand quicknet round {round_} of {discord_ts(when)} (replayed from a "
            "recording: a test or demonstration, not a live draw)")


def instruments_words(codes: Sequence[str]) -> str:
    names = [Instrument(c).short_name if c in Instrument.__members__ else c for c in codes]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def group_name(code: str) -> str:
    try:
        return RegionalGroup(code).display_name
    except ValueError:
        return code


def json_file(name: str, record: BaseModel) -> OutFile:
    """The record as the log holds it: its canonical JSON bytes."""
    return OutFile(name, canon(record.model_dump()))


def clip(text: str, limit: int = TEXT_BUDGET) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def codes_words(codes: Sequence[str], limit: int = 60) -> str:
    shown = ", ".join(codes[:limit])
    return shown + (f" and {len(codes) - limit} more" if len(codes) > limit else "")


# ------------------------------------------------------------------------ the manifest


def manifest_message(
    manifest: Manifest, sha: str, *, no_group: Sequence[str],
    unconfirmed: Mapping[str, Sequence[str]], sur_unconfirmed: Mapping[str, Sequence[str]],
    column_labels: Mapping[str, str], late: bool,
) -> OutMessage:
    meta, rules, beacon = manifest.info, manifest.rules, manifest.beacon
    surs = manifest.under_review
    lines = [
        f"**Draw {manifest.draw_id}: {meta.title}** — cluster {meta.cluster}, "
        f"{meta.cluster_title}",
        f"States under review ({len(surs)}): {codes_words(surs)}.",
        f"Pool: {len(manifest.pool)} States parties with a regional group. Rules: at most "
        f"{rules.max_reviews_per_state} reviews per State in this cycle, at most "
        f"{rules.max_reviewers_per_review} reviewers per review, "
        f"{rules.redraws.max_per_requester} redraw requests per requesting State.",
        f"Beacon: {beacon_words(beacon.source, beacon.round)}.",
        f"Manifest SHA-256: `{sha}`",
    ]
    if no_group:
        lines.append(f"Left out, having no regional group (they can be neither drawn nor "
                     f"reviewed): {codes_words(list(no_group), 20)}.")
    if unconfirmed:
        counts = ", ".join(f"{column_labels.get(c, c)} ({len(v)} parties)"
                           for c, v in unconfirmed.items())
        lines.append(f"**Warning:** the draw relies on registry values that are not confirmed: "
                     f"{counts}.")
        flagged = [f"{s} ({', '.join(column_labels.get(c, c) for c in cols)})"
                   for s, cols in sur_unconfirmed.items() if cols]
        if flagged:
            lines.append(f"Of the States under review: {codes_words(flagged, 15)}.")
    lines.append("The attached file is the manifest: its SHA-256 must equal the one above. "
                 "`/draw verifier` gives a short program that re-runs the whole draw from its "
                 "log (`/draw log`).")
    if late:
        lines.append("This manifest is posted after its round came out: the bot could not "
                     "post it in time. Compare it with the log before relying on this draw.")
    return OutMessage(clip("\n".join(lines)),
                      files=(json_file(f"draw-{manifest.draw_id}-manifest.json", manifest),))


# ------------------------------------------------------------------------ results


def entry_text(names: Names, sur: str, entry: Entry) -> str:
    head = f"**{label(names, sur)}**"
    if isinstance(entry, NoPair):
        return (f"{head}: no admissible pair of reviewers. A new draw is needed, whose manifest "
                "states the relaxation.")
    similar = "yes" if entry.legal_match else "no"
    lines = [f"{head} — same group: {label(names, entry.same_group)}; other group: "
             f"{label(names, entry.other_group)}; similar legal system: {similar}"]
    for add in entry.additional:
        beside = label(names, entry.main(add.slot))
        widened = " (taken from any group: none on its side)" if add.widened else ""
        lines.append(f"  additional, beside {beside}: {label(names, add.code)} for the "
                     f"{instruments_words(add.instruments)}{widened}")
    for gap in entry.uncovered:
        lines.append(f"  not covered beside {label(names, entry.main(gap.slot))}: the "
                     f"{instruments_words(gap.instruments)}")
    return "\n".join(lines)


def group_cards(
    title: str, assignments: Mapping[str, Assignment | NoPair], groups: Mapping[str, str],
    names: Names,
) -> list[Card]:
    """One card per regional group of the States under review (split when too long)."""
    by_group: dict[str, list[str]] = {}
    for sur in assignments:
        by_group.setdefault(groups.get(sur, ""), []).append(sur)
    cards: list[Card] = []
    for group in sorted(by_group):
        name = f"{group_name(group)} — {title}"
        chunk: list[str] = []
        for sur in by_group[group]:
            block = entry_text(names, sur, assignments[sur])
            if chunk and len("\n".join(chunk)) + len(block) + 1 > CARD_BUDGET:
                cards.append(Card(name, "\n".join(chunk)))
                name, chunk = f"{group_name(group)} — {title} (continued)", []
            chunk.append(block)
        cards.append(Card(name, "\n".join(chunk)))
    return cards


def spread(text: str, cards: Sequence[Card], files: Sequence[OutFile]) -> list[OutMessage]:
    """The text, files and first cards in one message; the other cards in follow-ups."""
    batches: list[list[Card]] = [[]]
    used = 0
    for card in cards:
        size = len(str(card.title)) + len(str(card.description)) + len(str(card.footer))
        if batches[-1] and (len(batches[-1]) == 10 or used + size > MESSAGE_BUDGET):
            batches.append([])
            used = 0
        batches[-1].append(card)
        used += size
    first = OutMessage(clip(text), cards=tuple(batches[0]), files=tuple(files))
    rest = [OutMessage("(continued)", cards=tuple(b)) for b in batches[1:]]
    return [first, *rest]


def result_messages(
    manifest: Manifest, beacon: BeaconRecord, result: DrawResult, names: Names, *, late: bool,
) -> list[OutMessage]:
    draw_id = manifest.draw_id
    groups = {p.code: p.group for p in manifest.pool}
    text = [
        f"**Result of draw {draw_id}: {manifest.info.title}**",
        f"Beacon: {beacon_words(beacon.source, beacon.round)}; randomness "
        f"`{beacon.randomness}`.",
        f"It follows from the manifest (SHA-256 `{result.manifest_sha256}`) and that value "
        "alone: anyone can re-run it with `/draw verifier` on the log from `/draw log`.",
        f"States under review: {len(result.order)}; without an admissible pair: "
        f"{len(result.failed())}.",
    ]
    if late:
        text.append(LATE)
    cards = group_cards(f"draw {draw_id}", result.assignments, groups, names)
    return spread("\n".join(text), cards, [json_file(f"draw-{draw_id}-result.json", result)])


# ------------------------------------------------------------------------ redraws


def allowance_words(request: RedrawRequest, limit: int) -> str:
    attempt, by, sur = request.attempt, request.requested_by, request.sur
    if attempt > limit:
        return f"request {attempt} by {by} for {sur}, beyond the {limit} the rules allow."
    return f"request {attempt} by {by} for {sur}, of the {limit} the rules allow."


def request_message(request: RedrawRequest, holder: str, limit: int, seq: int,
                    names: Names, user_id: int | None) -> OutMessage:
    sur, by, beacon = request.sur, request.requested_by, request.beacon
    who = f" (asked by <@{user_id}>)" if user_id else ""
    lines = [
        f"**Redraw requested in draw {request.draw_id}**: the "
        f"{SLOT_LABELS[request.slot]} of {label(names, sur)}, now {label(names, holder)}.",
        f"Requested by {label(names, by)}{who}: {allowance_words(request, limit)}",
        f"Reason: {request.reason}",
    ]
    if request.exceptional:
        lines.append(f"Exceptional request, authorised: {request.authorization}")
    lines += [
        f"Excluded (they have held this place): {', '.join(request.excluded)}.",
        f"Beacon: {beacon_words(beacon.source, beacon.round)}.",
        f"Request SHA-256: `{sha256_hex(canon(request.model_dump()))}`",
    ]
    name = f"draw-{request.draw_id}-request-{seq}.json"
    return OutMessage(clip("\n".join(lines)), files=(json_file(name, request),))


def redraw_result_message(
    draw_id: str, request: RedrawRequest, beacon: BeaconRecord, outcome: RedrawResult,
    entry: Entry, names: Names, seq: int, *, late: bool,
) -> OutMessage:
    sur, slot = outcome.sur, outcome.slot
    head = (f"**Redraw result in draw {draw_id}**: the {SLOT_LABELS[slot]} of "
            f"{label(names, sur)} (request {outcome.attempt} by {request.requested_by}).")
    if not isinstance(outcome, Redrawn):
        body = f"No State could be drawn for this place; {label(names, outcome.kept)} keeps it."
    else:
        body = f"{label(names, outcome.old)} is replaced by **{label(names, outcome.new)}**."
        released = [label(names, c) for c in outcome.released]
        if released:
            body += f" Released with it: {', '.join(released)}."
    lines = [head, body,
             f"Beacon: {beacon_words(beacon.source, beacon.round)}; randomness "
             f"`{beacon.randomness}`."]
    if late:
        lines.append(LATE)
    card = Card(f"{label(names, sur)} now", entry_text(names, sur, entry))
    name = f"draw-{draw_id}-redraw-{seq}.json"
    return OutMessage(clip("\n".join(lines)), cards=(card,), files=(json_file(name, outcome),))


def close_messages(manifest: Manifest, final: Mapping[str, Assignment | NoPair], log: bytes,
                   names: Names) -> list[OutMessage]:
    draw_id = manifest.draw_id
    groups = {p.code: p.group for p in manifest.pool}
    text = (f"**Draw {draw_id} is closed**: {manifest.info.title}. The reviewers below are "
            f"final. The complete log is attached (SHA-256 `{sha256_hex(log)}`); check it with "
            "`/draw verifier`.")
    cards = group_cards(f"draw {draw_id}, final", final, groups, names)
    return spread(text, cards, [OutFile(f"draw-{draw_id}.jsonl", log)])
