"""/review: open, assign, status, stage, pause, resume, close and reconcile review channels.

Commands that act on one review take it from the channel they run in; the secretariat may
name another one with `sur:` and `cluster:` from anywhere.
"""

from __future__ import annotations

import io
from datetime import date
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.render import render_card
from bot.domain.errors import InputError
from bot.domain.inputs import check_year
from bot.domain.mechanism import CLUSTERS
from bot.domain.reviews import Stage
from bot.i18n import Msg, Text, Verbatim, _, _n, lines, render
from bot.services.archives import ArchiveService
from bot.services.languages import LanguageService
from bot.services.registry import RegistryService
from bot.services.reviews import (
    STAGE,
    Reconciler,
    ReviewService,
    ReviewView,
    closed_reply,
    opened_reply,
    review_choice,
    status_card,
)
from cogs.languages import CHOICES as LANGUAGE_CHOICES
from cogs.languages import set_review_languages
from cogs.registry import PartyChoices, party_choices
from cogs.review_overview import OverviewButton, overview_button, show_overview
from cogs.support.replies import reader_language, reply
from cogs.support.tree import facts_for

if TYPE_CHECKING:
    from cogs.support.host import Host

CLUSTER_CHOICES = [app_commands.Choice(name=f"{c.value} · {c.title}"[:100], value=c.value)
                   for c in CLUSTERS]
STAGE_CHOICES = [app_commands.Choice(name=s.display, value=s.value)
                 for s in Stage if s is not Stage.CLOSED]
LIST_LIMIT = 1900


def parse_day(text: str | None, what: Msg) -> date | None:
    if text is None or not text.strip():
        return None
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(_("Write {what} as YYYY-MM-DD, for example 2026-03-01. Nothing was "
                           "changed.", what=what)) from None
    check_year(day.year, field=what)
    return day


def _codes(text: str | None) -> list[str]:
    return [c for c in (text or "").replace(";", ",").replace(" ", ",").split(",") if c.strip()]


class ReviewCog(PartyChoices, commands.GroupCog, group_name="review",
                group_description="Country reviews"):
    def __init__(self, reviews: ReviewService, reconciler: Reconciler,
                 registry: RegistryService, languages: LanguageService,
                 overview_button: type[OverviewButton], archives: ArchiveService) -> None:
        self.reviews, self.reconciler, self.registry = reviews, reconciler, registry
        self.languages, self.overview_button = languages, overview_button
        self.archives = archives

    async def _target(
        self, interaction: discord.Interaction, sur: str | None, cluster: int | None
    ) -> ReviewView:
        facts = await facts_for(interaction)
        if sur is not None or cluster is not None:
            if not facts.is_secretariat:
                raise InputError(_("Run this command in the review's own channel."))
            if sur is None or cluster is None:
                raise InputError(_("Name the review with both `sur:` and `cluster:`."))
            return await self.reviews.find(sur, cluster)
        if facts.review is None:
            raise InputError(_("Run this command in a review channel, or name the review with "
                               "`sur:` and `cluster:`."))
        return await self.reviews.view(facts.review.review_id)

    @staticmethod
    def _where(view: ReviewView) -> Text:
        return (Verbatim(f"<#{view.channel_id}>") if view.channel_id else
                _("its channel (being prepared)"))

    # ------------------------------------------------------------------ secretariat

    @app_commands.command(name="open", description="Open a review and its private channel")
    @app_commands.describe(sur="Code of the State under review, e.g. KEN",
                           cluster="The cluster reviewed",
                           start="Official start, YYYY-MM-DD (default: today)")
    @app_commands.choices(cluster=CLUSTER_CHOICES)
    @app_commands.autocomplete(sur=party_choices)
    async def open_(self, interaction: discord.Interaction, sur: str, cluster: int,
                    start: str | None = None) -> None:
        day = parse_day(start, _("the start"))
        await interaction.response.defer(ephemeral=True, thinking=True)  # the channel is made now
        view = await self.reviews.open(await facts_for(interaction), sur, cluster, day)
        placed = await self.reconciler.place(view.id)
        await reply(interaction, opened_reply(view, placed, self.reconciler.port.channel_count()))

    @app_commands.command(name="assign", description="Set the reviewing States of a review")
    @app_commands.describe(
        sur="Code of the State under review", cluster="The cluster reviewed",
        same_group="Reviewer from the same regional group (code)",
        other_group="Reviewer from another regional group (code)",
        reason="Why the secretariat sets them (kept in the audit log)",
        additional="Additional reviewers, codes separated by commas (optional)",
    )
    @app_commands.choices(cluster=CLUSTER_CHOICES)
    @app_commands.autocomplete(sur=party_choices)
    async def assign(self, interaction: discord.Interaction, sur: str, cluster: int,
                     same_group: str, other_group: str, reason: str,
                     additional: str | None = None) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        result = await self.reviews.assign(await facts_for(interaction), sur, cluster,
                                           same_group, other_group, _codes(additional), reason)
        view = await self.reviews.view(result.review_id)
        names = Verbatim(", ".join(p.label for _r, p in view.reviewers))
        said: list[object] = [_("Reviewing States of {sur}, cluster {cluster}: {names}.",
                                sur=view.sur.label, cluster=cluster, names=names)]
        if await self.reconciler.awaiting_repair(result.review_id):
            said.append(_("Discord refused to update {where} just now: their people cannot see "
                          "it yet. The bot tries again within minutes and keeps trying; the "
                          "secretariat is told if it keeps failing.", where=self._where(view)))
        else:
            said.append(_("Their people can now see {where}.", where=self._where(view)))
        if result.notes:
            said.append(_("Please note: {notes}", notes=lines(*result.notes, separator=" ")))
        await reply(interaction, lines(*said, separator=" "))

    @app_commands.command(name="reconcile", description="Check every review channel now")
    async def reconcile(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        report = await self.reconciler.reconcile()
        await reply(interaction, report.describe())

    @app_commands.command(name="close", description="Close a review and archive its channel")
    @app_commands.describe(sur="State under review (when not run in the review's channel)",
                           cluster="Cluster (when not run in the review's channel)")
    @app_commands.choices(cluster=CLUSTER_CHOICES)
    @app_commands.autocomplete(sur=party_choices)
    async def close(self, interaction: discord.Interaction, sur: str | None = None,
                    cluster: int | None = None) -> None:
        target = await self._target(interaction, sur, cluster)
        await interaction.response.defer(ephemeral=True, thinking=True)
        view = await self.reviews.close(await facts_for(interaction), target.id)
        await reply(interaction, closed_reply(view))

    @app_commands.command(name="archive",
                          description="Remove a closed review's channel now (its archive is kept)")
    @app_commands.describe(sur="State under review (when not run in the review's channel)",
                           cluster="Cluster (when not run in the review's channel)")
    @app_commands.choices(cluster=CLUSTER_CHOICES)
    @app_commands.autocomplete(sur=party_choices)
    async def archive(self, interaction: discord.Interaction, sur: str | None = None,
                      cluster: int | None = None) -> None:
        target = await self._target(interaction, sur, cluster)
        await interaction.response.defer(ephemeral=True, thinking=True)
        removed = await self.archives.remove_channel_now(target.id)
        await reply(interaction, removed)

    @app_commands.command(name="transcript",
                          description="The archive of a review (ZIP): transcript, files, outputs")
    @app_commands.describe(review="The review (when not run in the review's channel)")
    async def transcript(self, interaction: discord.Interaction,
                         review: str | None = None) -> None:
        facts = await facts_for(interaction)
        if review is None or not review.strip():
            if facts.review is None:
                raise InputError(_("Name the review with `review:` (the list suggests yours), or "
                                   "run this command in the review's channel."))
            review_id = facts.review.review_id
        else:
            review_id = await self.reviews.resolve(facts, review)
        await interaction.response.defer(ephemeral=True, thinking=True)
        message, data = await self.archives.deliver(facts, review_id,
                                                    await reader_language(interaction))
        files = [discord.File(io.BytesIO(f.data), filename=f.name) for f in message.files]
        await reply(interaction, message.text, files=files)

    @transcript.autocomplete("review")
    async def _review_choices(self, interaction: discord.Interaction,
                              current: str) -> list[app_commands.Choice[str]]:
        """The reviews this person may have the archive of (all for the secretariat), closed
        ones first."""
        facts = await facts_for(interaction)
        language = await reader_language(interaction)
        wanted = current.strip().casefold()
        views = sorted(await self.reviews.visible_views(facts),
                       key=lambda v: (not v.review.closed, v.id))
        names = ((render(review_choice(v), language)[:100], v) for v in views)
        return [app_commands.Choice(name=name, value=str(view.id))
                for name, view in names if wanted in name.casefold()][:25]

    @app_commands.command(name="pause", description="Pause a review's reminders")
    @app_commands.describe(sur="State under review (when not run in the review's channel)",
                           cluster="Cluster (when not run in the review's channel)")
    @app_commands.choices(cluster=CLUSTER_CHOICES)
    @app_commands.autocomplete(sur=party_choices)
    async def pause(self, interaction: discord.Interaction, sur: str | None = None,
                    cluster: int | None = None) -> None:
        target = await self._target(interaction, sur, cluster)
        view = await self.reviews.set_paused(await facts_for(interaction), target.id, True)
        await reply(interaction, _("The review of {sur} is paused: no deadline reminders until "
                                   "it is resumed with `/review-admin resume`.",
                                   sur=view.sur.label))

    @app_commands.command(name="resume", description="Resume a paused review")
    @app_commands.describe(sur="State under review (when not run in the review's channel)",
                           cluster="Cluster (when not run in the review's channel)")
    @app_commands.choices(cluster=CLUSTER_CHOICES)
    @app_commands.autocomplete(sur=party_choices)
    async def resume(self, interaction: discord.Interaction, sur: str | None = None,
                     cluster: int | None = None) -> None:
        target = await self._target(interaction, sur, cluster)
        view = await self.reviews.set_paused(await facts_for(interaction), target.id, False)
        await reply(interaction, _("The review of {sur} is running again; its reminders for "
                                   "deadlines still ahead are scheduled.", sur=view.sur.label))

    @app_commands.command(name="overview",
                          description="Every review: stage, next deadline, what is late or missing")
    @app_commands.describe(stage="Only the reviews at this stage (default: all not closed)",
                           overdue="Only the reviews with something late")
    @app_commands.choices(stage=[*STAGE_CHOICES, app_commands.Choice(
        name=Stage.CLOSED.display, value=Stage.CLOSED.value)])
    async def overview(self, interaction: discord.Interaction, stage: str | None = None,
                       overdue: bool = False) -> None:
        await show_overview(interaction, self.overview_button, stage, overdue)

    # ---------------------------------------------------------------- everyone

    @app_commands.command(name="stage", description="Record the stage a review has reached")
    @app_commands.describe(stage="The stage reached",
                           answers_received="Day the questionnaire answers arrived, YYYY-MM-DD "
                                            "(with that stage only; default: today)",
                           sur="State under review (secretariat, outside the channel)",
                           cluster="Cluster (secretariat, outside the channel)")
    @app_commands.choices(stage=STAGE_CHOICES)
    @app_commands.choices(cluster=CLUSTER_CHOICES)
    @app_commands.autocomplete(sur=party_choices)
    async def stage(self, interaction: discord.Interaction, stage: str,
                    answers_received: str | None = None, sur: str | None = None,
                    cluster: int | None = None) -> None:
        target = await self._target(interaction, sur, cluster)
        facts = await facts_for(interaction)
        view = await self.reviews.record_stage(
            facts, target.id, Stage(stage), parse_day(answers_received, _("the day of the answers"))
        )
        await reply(interaction, _("Recorded: the review of {party} is at the stage “{stage}”. "
                                   "The status card is updated.", party=view.sur.label,
                                   stage=STAGE[view.review.stage]))

    @app_commands.command(name="status", description="Where a review stands, or your reviews")
    async def status(self, interaction: discord.Interaction) -> None:
        facts = await facts_for(interaction)
        if facts.review is not None:
            view = await self.reviews.view(facts.review.review_id)
            language = await reader_language(interaction)
            card = render_card(status_card(view, self.reviews.zone), language)
            await reply(interaction, embed=card)
            return
        language = await reader_language(interaction)
        lines = [render(line, language) for line in await self.reviews.status_lines(facts)]
        if not lines:
            await reply(interaction, _("You have no review to follow here. Registered people "
                                       "see the reviews of their State; ask the secretariat if "
                                       "one is missing."))
            return
        text = render(_n("{count} review:",
                         "{count} reviews, listed by the code of the State under review:",
                         len(lines)), language)
        shown = 0
        for line in lines:
            if len(text) + len(line) + 60 > LIST_LIMIT:
                break
            text += "\n" + line
            shown += 1
        if shown < len(lines):
            text += "\n" + render(_("… and {count} more; run this command in a review channel "
                                    "for its full card.", count=len(lines) - shown), language)
        await reply(interaction, text)

    @app_commands.command(name="language",
                          description="The review's working languages: one or two of the six")
    @app_commands.describe(first="The review's (first) working language",
                           second="A second working language, shown after the first (optional)")
    @app_commands.choices(first=LANGUAGE_CHOICES, second=LANGUAGE_CHOICES)
    async def language(self, interaction: discord.Interaction, first: app_commands.Choice[str],
                       second: app_commands.Choice[str] | None = None) -> None:
        await set_review_languages(interaction, self.languages, self.reconciler, first.value,
                                   second.value if second else None)

    # ------------------------------------------------------------ hand-made edits

    @commands.Cog.listener()
    async def on_guild_channel_delete(self, channel: discord.abc.GuildChannel) -> None:
        await self._restore(channel.id)
        await self.reconciler.room_made()  # a review waiting for room may have it now

    @commands.Cog.listener()
    async def on_guild_channel_update(
        self, _before: discord.abc.GuildChannel, after: discord.abc.GuildChannel
    ) -> None:
        await self._restore(after.id)

    @commands.Cog.listener()
    async def on_raw_message_delete(self, payload: discord.RawMessageDeleteEvent) -> None:
        await self.reconciler.card_deleted(payload.channel_id, payload.message_id)

    async def _restore(self, channel_id: int) -> None:
        scope = await self.reviews.review_scope(channel_id)
        if scope is not None:
            await self.reconciler.reconcile([scope.review_id])


async def setup(bot: Host) -> None:
    services = bot.services
    await bot.add_cog(ReviewCog(services.reviews, services.reconciler, services.registry,
                                services.languages, overview_button(services.reports),
                                services.archives))
