"""Each version's post in the review's channel: its file, its state and its clearance buttons.

The post is a projection of the version's rows. Every change (a new version, a clearance, a
newer version that supersedes it, its publication) writes the ``outputs.show`` job in the same
transaction; the job posts the version with its file the first time and edits the post after
that, so a failure or a crash is retried and nothing is posted twice. A post deleted by hand is
posted again (its buttons are how the focal points clear it).
"""

from __future__ import annotations

from bot.ports import Board, OutFile, OutMessage
from bot.services.outputs._text import clear_buttons, post_text
from bot.services.reviews import ReviewView, load_views
from bot.services.timers import Timekeeper
from storage.db import Store, Tx
from storage.jobs import Job
from storage.outputs import OutputVersion, bump_shown, get_version, set_message, versions_of
from storage.reviews import get_review

SHOW_JOB = "outputs.show"


class Posts:
    def __init__(self, store: Store, timers: Timekeeper, board: Board) -> None:
        self.store = store
        self.timers = timers
        self.board = board
        timers.register(SHOW_JOB, self._show, label="showing an output version in its review")

    async def changed(self, tx: Tx, version_id: int) -> None:
        """The version's post must show a change: queue it in the change's transaction."""
        shown = await bump_shown(tx, version_id)
        await self.timers.hand_off(tx, SHOW_JOB, {"version_id": version_id},
                                   key=f"output:{version_id}:show:{shown}")

    async def _show(self, job: Job, _late: bool) -> None:
        version_id = int(job.payload["version_id"])
        async with self.store.read() as tx:
            version = await get_version(tx, version_id)
            if version is None:
                return
            review = await get_review(tx, version.review_id)
            if review is None:
                return
            (view,) = await load_views(tx, [review])
            siblings = await versions_of(tx, version.review_id, version.kind, version.party)
        latest = siblings[-1].id == version.id
        if view.channel_id is None:
            raise LookupError(f"review {view.id} has no channel yet; its output will be shown "
                              "once it has one")
        await self._project(view, version, latest)

    async def _project(self, view: ReviewView, version: OutputVersion, latest: bool) -> None:
        assert view.channel_id is not None
        message = OutMessage(post_text(view, version, latest), mention_users=(),
                             languages=view.languages)
        buttons = clear_buttons(view, version, latest)
        if version.message_id is not None and await self.board.edit(
                view.channel_id, version.message_id, message, buttons):
            return
        async with self.store.read() as tx:
            full = await get_version(tx, version.id, with_data=True)
        assert full is not None and full.data is not None
        with_file = OutMessage(message.text, files=(OutFile(full.filename, full.data),),
                               languages=view.languages)
        message_id = await self.board.post_with_buttons(view.channel_id, with_file, buttons)
        async with self.store.transaction() as tx:
            await set_message(tx, version.id, message_id)
