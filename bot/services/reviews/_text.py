"""The words of reviews in the six languages: stages, clusters, instruments, deadlines,
articles, and the reminders of deadlines (the wording follows ``bot/domain/reviews.py``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from bot.domain.mechanism import Cluster, Instrument
from bot.domain.reviews import STAGE_LABEL, Deadline, DeadlineKey, ReminderKind, Stage
from bot.i18n import Day, Listed, Msg, Verbatim, _, _n

STAGE: dict[Stage, Msg] = STAGE_LABEL  # the stages' names, as the domain gives them

CLUSTER: dict[Cluster, Msg] = {
    Cluster.CRIMINALIZATION: _("Criminalization and jurisdiction"),
    Cluster.PREVENTION: _("Prevention, technical assistance, protection measures and other "
                          "measures"),
    Cluster.LAW_ENFORCEMENT: _("Law enforcement and the judicial system"),
    Cluster.COOPERATION: _("International cooperation, mutual legal assistance and "
                           "confiscation"),
}

INSTRUMENT: dict[Instrument, Msg] = {
    Instrument.UNTOC: _("Organized Crime Convention"),
    Instrument.TIP: _("Trafficking in Persons Protocol"),
    Instrument.SOM: _("Smuggling of Migrants Protocol"),
    Instrument.FIREARMS: _("Firearms Protocol"),
}

DEADLINE: dict[DeadlineKey, Msg] = {
    DeadlineKey.FOCAL_POINTS: _("the appointment of a focal point by each State"),
    DeadlineKey.EXPERTS: _("the appointment of governmental experts by each State"),
    DeadlineKey.QUESTIONNAIRE: _("the answers to the self-assessment questionnaire"),
    DeadlineKey.WRITTEN_FEEDBACK: _("the written feedback of the reviewing States"),
}

DEADLINE_HEADING: dict[DeadlineKey, Msg] = {
    DeadlineKey.FOCAL_POINTS: _("The appointment of a focal point by each State"),
    DeadlineKey.EXPERTS: _("The appointment of governmental experts by each State"),
    DeadlineKey.QUESTIONNAIRE: _("The answers to the self-assessment questionnaire"),
    DeadlineKey.WRITTEN_FEEDBACK: _("The written feedback of the reviewing States"),
}


def articles(numbers: Iterable[int]) -> Msg:
    """"articles 2, 5 and 6", "article 3", "no articles" in the reader's language."""
    found = tuple(str(n) for n in numbers)
    if not found:
        return _("no articles")
    return _n("article {numbers}", "articles {numbers}", len(found), numbers=Listed(found))


def review_label(sur_code: str, cluster: int) -> Msg:
    """'KEN, cluster 1' — short, for reminders and lists."""
    return _("{code}, cluster {cluster}", code=Verbatim(sur_code), cluster=cluster)


def long_day(day: date) -> Day:
    return Day(day, "full")


def deadline_reminder(deadline: Deadline, kind: ReminderKind, *, review: Msg,
                      mentions: Sequence[str] = ()) -> Msg:
    """A courteous, factual notice; ``mentions`` greet the focal points concerned."""
    what, when = DEADLINE[deadline.key], long_day(deadline.due)
    greeting = Verbatim(" ".join(mentions) + " ") if mentions else Verbatim("")
    if kind is ReminderKind.WEEK_BEFORE:
        return _("{greeting}Gentle reminder for review {review}: {what} is due on {when}, one "
                 "week from now. If it has already been done, thank you.", greeting=greeting,
                 review=review, what=what, when=when)
    if kind is ReminderKind.ON_THE_DAY:
        return _("{greeting}For review {review}: {what} is due today, {when}. If it has already "
                 "been done, thank you. If more time is needed, the secretariat will be glad to "
                 "help.", greeting=greeting, review=review, what=what, when=when)
    return _("For information: in review {review}, {what} was due on {when} and is not yet "
             "recorded in the bot. It may simply not have been recorded; the States concerned "
             "may welcome an offer of help.", review=review, what=what, when=when)
