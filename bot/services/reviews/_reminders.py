"""Deadline reminders of reviews, kept as rows in the jobs table.

For each pending deadline: a courteous notice in the review channel a week before and on the
day, greeting the focal points of the States concerned; the day after, if still not recorded,
a note to the secretariat channel only. Every job re-reads the review when it falls due and
stays silent when the deadline was met, moved, or the review was paused or closed meanwhile.
"""

from __future__ import annotations

from datetime import date

from bot.clock import Clock
from bot.domain.reviews import (
    DeadlineKey,
    ReminderKind,
    deadline_reminder_schedule,
    deadlines,
)
from bot.i18n import Verbatim, _, lines
from bot.ports import Messenger, OutMessage
from bot.services.reviews._text import deadline_reminder
from bot.services.reviews._views import REMINDER_HOUR, ReviewView, load_views
from bot.services.timers import Timekeeper
from storage.db import Store, Tx
from storage.jobs import Job
from storage.reviews import get_review

JOB_KIND = "review.deadline"
LATE_NOTE = _("This notice is late: the bot was offline at the scheduled time.")


def key_prefix(review_id: int) -> str:
    return f"review:{review_id}:deadline:"


class DeadlineReminders:
    def __init__(
        self, store: Store, clock: Clock, timers: Timekeeper, messenger: Messenger, zone: str
    ) -> None:
        self.store = store
        self.clock = clock
        self.timers = timers
        self.messenger = messenger
        self.zone = zone
        timers.register(JOB_KIND, self.run, label="a review deadline reminder")

    async def cancel(self, tx: Tx, review_id: int) -> None:
        await self.timers.cancel(tx, prefix=key_prefix(review_id))

    async def sync(self, tx: Tx, view: ReviewView) -> int:
        """(Re)schedule the reminders still ahead of a review; return how many are pending."""
        await self.cancel(tx, view.id)
        review = view.review
        if review.closed or review.paused:
            return 0
        now = self.clock.now()
        count = 0
        for deadline in deadlines(view.facts):
            if deadline.done:
                continue
            zone = view.deadline_zone(deadline, self.zone)
            for reminder in deadline_reminder_schedule(deadline, zone, REMINDER_HOUR):
                if reminder.at <= now:
                    continue
                payload = {"review_id": view.id, "deadline": deadline.key.value,
                           "kind": reminder.kind.value, "due": deadline.due.isoformat()}
                key = f"{key_prefix(view.id)}{deadline.key.value}:{reminder.kind.value}"
                await self.timers.schedule(tx, JOB_KIND, reminder.at, payload, key=key)
                count += 1
        return count

    async def run(self, job: Job, late: bool) -> None:
        """Post one reminder, unless it no longer applies."""
        async with self.store.read() as tx:
            review = await get_review(tx, int(job.payload["review_id"]))
            if review is None or review.closed or review.paused:
                return
            (view,) = await load_views(tx, [review])
        key = DeadlineKey(job.payload["deadline"])
        kind = ReminderKind(job.payload["kind"])
        deadline = next((d for d in deadlines(view.facts) if d.key is key), None)
        if deadline is None or deadline.done or deadline.due != date.fromisoformat(
            job.payload["due"]
        ):
            return
        suffix = Verbatim("\n-# ") + LATE_NOTE if late else ""
        if kind is ReminderKind.MISSED:
            text = deadline_reminder(deadline, kind, review=view.label)
            await self.messenger.post_to_secretariat(OutMessage(lines(text, suffix, separator="")))
            return
        if view.channel_id is None:
            raise LookupError(f"review {view.id} has no channel yet; the notice will be retried")
        mentions = view.focal_point_ids(view.audience_codes(deadline.who))
        text = deadline_reminder(deadline, kind, review=view.label,
                                 mentions=[f"<@{i}>" for i in mentions])
        await self.messenger.post(view.channel_id, OutMessage(
            lines(text, suffix, separator=""), mention_users=mentions, languages=view.languages))
