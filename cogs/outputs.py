"""/output: submit, list, get and template the outputs of a review; the "Clear for" buttons.

The buttons on a version's post ("Clear for Kenya") are ``DynamicItem``s matched by
``custom_id`` (``out:clear:<version>:<State>``), so they work on posts made before a restart.
The secretariat clearing on a State's behalf writes its reason in a form.
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING, Any, ClassVar

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.access import allowed
from bot.domain.errors import InputError
from bot.domain.inputs import clean_filename, fit
from bot.domain.outputs import OutputKind, check_size
from bot.i18n import Language, Msg, Verbatim, _, _n, lines, render
from bot.services.outputs import (
    CLEAR_PREFIX,
    Cleared,
    OutputService,
    size_text,
    state_name,
    title,
)
from bot.services.reviews import STAGE
from cogs.support.errors import handle_interaction_error
from cogs.support.items import with_services
from cogs.support.replies import reader_language, reply
from cogs.support.tree import clean_form, facts_for, guard

if TYPE_CHECKING:
    from cogs.support.host import Host

KIND_CHOICES = [
    app_commands.Choice(name="Answers to the self-assessment questionnaire",
                        value=OutputKind.QUESTIONNAIRE.value),
    app_commands.Choice(name="Written feedback", value=OutputKind.FEEDBACK.value),
    app_commands.Choice(name="List of observations", value=OutputKind.OBSERVATIONS.value),
    app_commands.Choice(name="Summary", value=OutputKind.SUMMARY.value),
]
TEMPLATE_CHOICES = KIND_CHOICES[2:]
LIST_LIMIT = 1900
CLEAR_COMPONENT = "component output-clear"


def _upload_limit(interaction: discord.Interaction) -> int:
    guild = interaction.guild
    if guild is None:
        return discord.utils.DEFAULT_FILE_SIZE_LIMIT_BYTES
    return guild.filesize_limit


def cleared_text(done: Cleared, state: str) -> Msg:
    version = done.version
    what = _("Version {number} is cleared for {state}.", number=version.number,
             state=Verbatim(state))
    if done.stage is not None:
        return _("{what} Every State concerned has cleared it: the review is now at the stage "
                 "“{stage}”; the status card and the reminders follow.", what=what,
                 stage=STAGE[done.stage])
    if done.agreed:
        return _("{what} Every State concerned has cleared it: it is agreed and will not "
                 "change.", what=what)
    return _("{what} The other States concerned are still to clear it.", what=what)


async def reviewer_choices(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """The reviewing States of this review, for the people who may read its outputs."""
    facts = await facts_for(interaction)
    if facts.review is None or not allowed("output get", facts):
        return []
    key = current.strip().upper()
    return [app_commands.Choice(name=code, value=code)
            for code in sorted(facts.review.reviewers) if key in code][:25]


class ReasonForm(discord.ui.Modal):
    """The secretariat clears on a State's behalf: why, kept in the audit log."""

    def __init__(self, outputs: OutputService, version_id: int, party: str, state: str,
                 language: Language) -> None:
        super().__init__(title=fit(render(_("Clear on behalf of {state}",
                                            state=Verbatim(state)), language), 45), timeout=1800)
        self.outputs, self.version_id, self.party, self.state = outputs, version_id, party, state
        self.reason: discord.ui.TextInput[Any] = discord.ui.TextInput(
            label=fit(render(_("Why the secretariat clears for this State"), language), 45),
            style=discord.TextStyle.paragraph, max_length=500, custom_id="reason")
        self.add_item(self.reason)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        facts = await guard(interaction, CLEAR_COMPONENT)
        if facts is None:
            return
        clean_form(self.children)
        await interaction.response.defer(ephemeral=True, thinking=True)
        done = await self.outputs.clear(facts, self.version_id, self.party, self.reason.value)
        await reply(interaction, cleared_text(done, self.state))

    async def on_error(  # type: ignore[override]
        self, interaction: discord.Interaction, error: Exception, /
    ) -> None:
        await handle_interaction_error(interaction, error)


class ClearButton(discord.ui.DynamicItem[discord.ui.Button[Any]],
                  template=CLEAR_PREFIX + r":(?P<id>[0-9]+):(?P<party>[A-Z0-9]{2,8})"):
    outputs: ClassVar[OutputService]

    def __init__(self, version_id: int, party: str) -> None:
        super().__init__(discord.ui.Button(custom_id=f"{CLEAR_PREFIX}:{version_id}:{party}"))
        self.version_id, self.party = version_id, party

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ClearButton:
        return cls(int(match["id"]), match["party"])

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            await self._click(interaction)
        except Exception as error:  # every error is answered, none is lost
            await handle_interaction_error(interaction, error)

    async def _click(self, interaction: discord.Interaction) -> None:
        facts = await guard(interaction, CLEAR_COMPONENT)
        if facts is None:
            return
        outputs = self.outputs
        own = await outputs.may_clear(facts, self.version_id, self.party)
        state = await self._state(outputs, facts)
        if not own:
            await interaction.response.send_modal(ReasonForm(
                outputs, self.version_id, self.party, state, await reader_language(interaction)))
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        done = await outputs.clear(facts, self.version_id, self.party)
        await reply(interaction, cleared_text(done, state))

    async def _state(self, outputs: OutputService, facts: Any) -> str:
        return state_name(await outputs.view_of(facts), self.party)


class OutputCog(commands.GroupCog, group_name="output",
                group_description="The outputs of a review's steps, kept by the bot"):
    def __init__(self, outputs: OutputService) -> None:
        self.outputs = outputs

    @app_commands.command(name="submit", description="Submit a draft of an output of this review")
    @app_commands.describe(kind="Which output", file="PDF, DOCX, ODT, XLSX, TXT or Markdown")
    @app_commands.choices(kind=KIND_CHOICES)
    async def submit(self, interaction: discord.Interaction, kind: str,
                     file: discord.Attachment) -> None:
        facts = await facts_for(interaction)
        name = clean_filename(file.filename)
        limit = _upload_limit(interaction)
        check_size(name, file.size, limit)  # refused before anything is read
        await interaction.response.defer(ephemeral=True, thinking=True)
        data = await file.read()
        version = await self.outputs.submit(facts, OutputKind(kind), name, data, limit)
        view = await self.outputs.view_of(facts)
        kept = _("Version {number} of **{title}** is kept by the bot ({size}, SHA-256 "
                 "`{digest}`).", number=version.number,
                 title=title(view, version.kind, version.party), size=size_text(version.size),
                 digest=Verbatim(version.sha256[:16] + "…"))
        if version.message_id is not None:
            shown = _("It is shown in this channel with its clearance buttons.")
        else:
            shown = _("Discord did not take its post in this channel just now; the bot tries "
                      "again and the secretariat is told if it keeps failing.")
        await reply(interaction, lines(kept, shown, separator=" "))

    @app_commands.command(name="list", description="The outputs of this review and their versions")
    async def list_(self, interaction: discord.Interaction) -> None:
        facts = await facts_for(interaction)
        language = await reader_language(interaction)
        found = [render(line, language) for line in await self.outputs.list_lines(facts)]
        if not found:
            await reply(interaction, _("This review has no outputs yet. Experts submit a draft "
                                       "with `/output submit`."))
            return
        text, shown = render(_("Outputs of this review, step by step:"), language), 0
        for line in found:
            if len(text) + len(line) + 80 > LIST_LIMIT:
                break
            text, shown = text + "\n" + line, shown + 1
        if shown < len(found):
            text += "\n" + render(_n("… and {count} more version; `/output get` gives any of "
                                     "them.", "… and {count} more versions; `/output get` "
                                     "gives any of them.", len(found) - shown), language)
        await reply(interaction, Verbatim(text))

    @app_commands.command(name="get", description="A version of an output, from the bot's copy")
    @app_commands.describe(kind="Which output", version="Its version number (default: latest)",
                           party="For written feedback: the reviewing State's code")
    @app_commands.choices(kind=KIND_CHOICES)
    @app_commands.autocomplete(party=reviewer_choices)
    async def get(self, interaction: discord.Interaction, kind: str,
                  version: app_commands.Range[int, 1, 100000] | None = None,
                  party: app_commands.Range[str, 1, 8] | None = None) -> None:
        facts = await facts_for(interaction)
        found = await self.outputs.get(facts, OutputKind(kind), version, party)
        assert found.data is not None
        view = await self.outputs.view_of(facts)
        await reply(interaction, _("Version {number} of **{title}** (SHA-256 `{digest}`), from "
                                   "the bot's own copy:", number=found.number,
                                   title=title(view, found.kind, found.party),
                                   digest=Verbatim(found.sha256)),
                    file=discord.File(io.BytesIO(found.data), filename=found.filename))

    @app_commands.command(name="template",
                          description="A DOCX skeleton of the list of observations or summary")
    @app_commands.describe(kind="Which output")
    @app_commands.choices(kind=TEMPLATE_CHOICES)
    async def template(self, interaction: discord.Interaction, kind: str) -> None:
        facts = await facts_for(interaction)
        made = await self.outputs.template(facts, OutputKind(kind),
                                           await reader_language(interaction))
        await reply(interaction, _("A skeleton with this review's facts filled in. Submit the "
                                   "draft with `/output submit` when it is ready."),
                    file=discord.File(io.BytesIO(made.data), filename=made.name))

    @app_commands.command(name="publish",
                          description="Mark the agreed summary of this review for publication")
    async def publish(self, interaction: discord.Interaction) -> None:
        facts = await facts_for(interaction)
        if facts.review is None:
            raise InputError(_("Run this command in the review's channel."))
        version = await self.outputs.publish(facts)
        await reply(interaction, _("Version {number} of the summary is marked for publication. "
                                   "No other output of this review leaves the review.",
                                   number=version.number))


async def setup(bot: Host) -> None:
    bot.add_dynamic_items(with_services(ClearButton, outputs=bot.services.outputs))
    await bot.add_cog(OutputCog(bot.services.outputs))
