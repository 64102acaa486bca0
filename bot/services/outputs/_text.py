"""The words of outputs in the six languages: their names, their post, their list lines."""

from __future__ import annotations

from bot.domain.inputs import fit
from bot.domain.outputs import OutputKind, clearers, is_agreed
from bot.domain.timefmt import discord_ts
from bot.i18n import Joined, Msg, Verbatim, _, _n, lines
from bot.ports import Button
from bot.services.reviews import ReviewView
from storage.outputs import Clearance, OutputVersion

KIND: dict[OutputKind, Msg] = {
    OutputKind.QUESTIONNAIRE: _("Answers to the self-assessment questionnaire"),
    OutputKind.FEEDBACK: _("Written feedback"),
    OutputKind.OBSERVATIONS: _("List of observations"),
    OutputKind.SUMMARY: _("Summary"),
}

CLEAR_PREFIX = "out:clear"
REASON_SHOWN = 200  # the post shows this much of a reason; the audit log and transcript all


def state_name(view: ReviewView, code: str) -> str:
    if code == view.sur.code:
        return view.sur.name
    return next((p.name for _r, p in view.reviewers if p.code == code), code)


def title(view: ReviewView, kind: OutputKind, owner: str) -> Msg:
    """'Written feedback of Ghana', 'List of observations' …"""
    if kind is OutputKind.QUESTIONNAIRE:
        return _("Answers of {state} to the self-assessment questionnaire",
                 state=Verbatim(state_name(view, owner)))
    if kind is OutputKind.FEEDBACK:
        return _("Written feedback of {state}", state=Verbatim(state_name(view, owner)))
    return KIND[kind]


def size_text(size: int) -> Msg:
    if size < 1024:
        return _n("{count} byte", "{count} bytes", size)
    if size < 1024 * 1024:
        return _("{size} KB", size=Verbatim(f"{size / 1024:.1f}"))
    return _("{size} MB", size=Verbatim(f"{size / 1024 / 1024:.1f}"))


def needed(view: ReviewView, version: OutputVersion) -> tuple[str, ...]:
    return clearers(version.kind, version.party, view.sur.code, view.reviewer_codes)


def agreed(view: ReviewView, version: OutputVersion) -> bool:
    return is_agreed(needed(view, version), version.cleared_parties)


def _clearance_line(view: ReviewView, party: str, found: Clearance | None) -> Msg:
    name = Verbatim(state_name(view, party))
    if found is None:
        return _("{state}: awaiting its focal point's clearance", state=name)
    when = Verbatim(discord_ts(found.cleared_at, "f"))
    if found.on_behalf:
        return _("{state}: cleared on its behalf by the secretariat (<@{user}>) on {when}; "
                 "reason: {reason}", state=name, user=found.cleared_by, when=when,
                 reason=Verbatim(fit(found.reason or "—", REASON_SHOWN)))
    return _("{state}: cleared by <@{user}> on {when}", state=name, user=found.cleared_by,
             when=when)


def clearance_lines(view: ReviewView, version: OutputVersion) -> list[Msg]:
    by_party = {c.party: c for c in version.clearances}
    return [_clearance_line(view, p, by_party.get(p)) for p in needed(view, version)]


def state_of(view: ReviewView, version: OutputVersion, latest: bool) -> Msg:
    if version.published_at is not None:
        return _("agreed, marked for publication by the secretariat")
    if agreed(view, version):
        return _("agreed: cleared by every State concerned")
    if not latest:
        return _("superseded by a newer version (kept)")
    return _("awaiting clearance")


def post_text(view: ReviewView, version: OutputVersion, latest: bool) -> Joined:
    """What the review's channel shows of a version, kept up to date as it is cleared."""
    head = _("**{title}**, version {number}, submitted by <@{user}> on {when}.",
             title=title(view, version.kind, version.party), number=version.number,
             user=version.uploaded_by, when=Verbatim(discord_ts(version.uploaded_at, "f")))
    file = _("File “{name}”, {size}, SHA-256 `{digest}`. The bot keeps its own copy: "
             "`/output get` gives it again.", name=Verbatim(version.filename),
             size=size_text(version.size), digest=Verbatim(version.sha256))
    state = _("State: **{state}**.", state=state_of(view, version, latest))
    return lines(head, file, state, _("Clearance:"),
                 *(Verbatim("- ") + line for line in clearance_lines(view, version)))


def clear_buttons(view: ReviewView, version: OutputVersion, latest: bool) -> tuple[Button, ...]:
    """A "Clear for <State>" button for each State still to clear the latest version."""
    if not latest or view.review.closed:
        return ()
    done = version.cleared_parties
    return tuple(Button(f"{CLEAR_PREFIX}:{version.id}:{party}",
                        _("Clear for {state}", state=Verbatim(state_name(view, party))),
                        "success")
                 for party in needed(view, version) if party not in done)


def list_line(view: ReviewView, version: OutputVersion, latest: bool) -> Msg:
    return _("**{title}** v{number}: “{name}”, {size}, by <@{user}> on {when}: {state}",
             title=title(view, version.kind, version.party), number=version.number,
             name=Verbatim(version.filename), size=size_text(version.size),
             user=version.uploaded_by, when=Verbatim(discord_ts(version.uploaded_at, "d")),
             state=state_of(view, version, latest))
