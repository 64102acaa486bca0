"""What a reconcile pass reports to the secretariat: what it checked, made and repaired, and
what Discord refused."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.i18n import Joined, Listed, Msg, Verbatim, _, _n, lines
from bot.services.reviews._views import ReviewView


def _refusal(exc: Exception) -> str:
    status = getattr(exc, "status", None)
    text = str(getattr(exc, "text", "") or exc)[:160]
    return f"{status} {text}".strip() if status else f"{type(exc).__name__}: {text}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


@dataclass
class ReconcileReport:
    reviews: int = 0
    channels_created: int = 0
    cards_posted: int = 0
    transcripts: int = 0
    problems: list[str] = field(default_factory=list)
    skipped: bool = False
    repaired: dict[str, list[Msg]] = field(default_factory=dict)  # review → what was put right
    refused: dict[str, str] = field(default_factory=dict)  # review → what Discord refused
    waiting: list[int] = field(default_factory=list)  # reviews waiting for room on the server

    def repair(self, view: ReviewView, what: Msg) -> None:
        self.repaired.setdefault(_label(view), []).append(what)

    def describe(self) -> Msg | Joined:  # noqa: C901
        if self.skipped:
            return _("The server is not available yet; the channels will be checked when it is.")
        parts: list[object] = [_("Checked {reviews}: {channels} created, {cards} posted.",
                                 reviews=_n("{count} review", "{count} reviews", self.reviews),
                                 channels=_n("{count} channel", "{count} channels",
                                             self.channels_created),
                                 cards=_n("{count} status card", "{count} status cards",
                                          self.cards_posted))]
        repaired = [_("- {review}: {done}", review=Verbatim(review), done=Listed(
            tuple(done), "unit")) for review, done in list(self.repaired.items())[:15]]
        if repaired:
            parts.append(Joined(("\n", _("Repaired:"), "\n", lines(*repaired)), ""))
        refused = [Verbatim(f"- {review}: {why}") for review, why in
                   list(self.refused.items())[:15]]
        if refused:
            parts.append(Joined(("\n", _("Not yet repaired — Discord refused, tried again "
                                          "automatically within minutes; the secretariat is "
                                          "told if it keeps failing:"), "\n", lines(*refused)),
                                ""))
        if self.problems:
            parts.append(_("Problems: {problems}", problems=Verbatim(" ".join(self.problems[:5]))))
        return Joined(tuple(parts), "")


def _label(view: ReviewView) -> str:
    return f"review {view.sur.code}, cluster {view.review.cluster}"
