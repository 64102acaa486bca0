"""/clarify: clarification requests in a review channel, their forms and their buttons.

The buttons on a request's card ("Submit answer", "Accept", "Ask a follow-up") are
``DynamicItem`` classes matched by ``custom_id`` (``cr:answer:<id>`` …), so they work on cards
posted before a restart. A question or answer longer than fits an option is written in a form.
"""

from __future__ import annotations

import io
import re
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, ClassVar

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.clarifications import Action
from bot.domain.errors import InputError
from bot.domain.inputs import clean_filename, fit, quote
from bot.i18n import Language, Msg, _, _n, render
from bot.ports import OutFile
from bot.services.clarifications import (
    MAX_TEXT,
    ClarificationService,
    answered_text,
    asked_text,
    list_reply,
    where,
)
from bot.services.reviews import long_day
from cogs.clarification_choices import RequestChoices
from cogs.support.errors import handle_interaction_error
from cogs.support.items import with_services
from cogs.support.replies import reader_language, reply
from cogs.support.tree import clean_form, facts_for, guard
from storage.clarifications import Request

if TYPE_CHECKING:
    from cogs.support.host import Host

MAX_FILE = 8 * 1024 * 1024
STATUS_CHOICES = [app_commands.Choice(name=s, value=s)
                  for s in ("open", "answered", "accepted", "withdrawn")]
Paragraph = discord.TextStyle.paragraph


_where = where


async def _files(attachment: discord.Attachment | None) -> tuple[OutFile, ...]:
    if attachment is None:
        return ()
    if attachment.size > MAX_FILE:
        raise InputError(_("“{name}” is larger than 8 MB; please share a smaller file or a "
                           "link to it. Nothing was changed.", name=quote(attachment.filename)))
    return (OutFile(clean_filename(attachment.filename), await attachment.read()),)


async def _safely(interaction: discord.Interaction, work: Any) -> None:
    """Run a button's work; errors get the same answers as slash commands."""
    try:
        await work
    except Exception as error:  # every error is answered, none is lost
        await handle_interaction_error(interaction, error)


# ------------------------------------------------------------------------------ forms


class _Form(discord.ui.Modal):
    action = ""

    def __init__(self, clarify: ClarificationService, *, title: Msg, language: Language) -> None:
        super().__init__(title=fit(render(title, language), 45), timeout=1800)
        self.clarify, self.language = clarify, language

    async def on_submit(self, interaction: discord.Interaction) -> None:
        facts = await guard(interaction, self.action)
        if facts is None:
            return
        clean_form(self.children)
        await interaction.response.defer(ephemeral=True, thinking=True)
        await reply(interaction, await self.done(interaction, facts))

    # each form says what its submission does
    done: Callable[[discord.Interaction, Any], Awaitable[Msg]]

    async def on_error(  # type: ignore[override]
        self, interaction: discord.Interaction, error: Exception, /
    ) -> None:
        await handle_interaction_error(interaction, error)


def _question_input(label: Msg, language: Language, default: str | None = None, *,
                    key: str = "question") -> discord.ui.TextInput[Any]:
    return discord.ui.TextInput(label=fit(render(label, language), 45), style=Paragraph,
                                max_length=MAX_TEXT,
                                default=(default or "")[:MAX_TEXT] or None, custom_id=key)


def _due_input(default: str | None, days: int, language: Language
               ) -> discord.ui.TextInput[Any]:
    label = render(_("Due date: YYYY-MM-DD or a number of days"), language)
    placeholder = render(_n("{count} day from today when left empty",
                            "{count} days from today when left empty", days), language)
    return discord.ui.TextInput(label=fit(label, 45), required=False, custom_id="due",
                                max_length=20, default=default or None, placeholder=placeholder)


class AskForm(_Form):
    action = "clarify ask"

    def __init__(self, clarify: ClarificationService, article: str | None, due: str | None,
                 question: str | None, attachment: discord.Attachment | None,
                 language: Language) -> None:
        super().__init__(clarify, title=_("Ask for clarification"), language=language)
        days = clarify.default_due_days
        self.article, self.attachment = article, attachment
        self.question = _question_input(_("Your question"), language, question)
        self.due = _due_input(due, days, language)
        self.add_item(self.question)
        self.add_item(self.due)

    async def done(self, interaction: discord.Interaction, facts: Any) -> Msg:
        request = await self.clarify.ask(
            facts, self.question.value, article=self.article, due=self.due.value,
            files=await _files(self.attachment))
        return asked_text(request)


class AnswerForm(_Form):
    action = "component clarify-answer"

    def __init__(self, clarify: ClarificationService, request: Request, language: Language,
                 attachment: discord.Attachment | None = None) -> None:
        super().__init__(clarify, title=_("Answer CR-{number}", number=request.number),
                         language=language)
        self.request_id, self.attachment = request.id, attachment
        self.answer = _question_input(_("Your State's answer"), language, key="answer")
        self.add_item(self.answer)

    async def done(self, interaction: discord.Interaction, facts: Any) -> Msg:
        request = await self.clarify.answer(
            facts, self.request_id, self.answer.value, await _files(self.attachment))
        return answered_text(request)


class FollowUpForm(_Form):
    action = "component clarify-followup"

    def __init__(self, clarify: ClarificationService, request: Request,
                 language: Language) -> None:
        super().__init__(clarify, title=_("Follow-up on CR-{number}", number=request.number),
                         language=language)
        days = clarify.default_due_days
        self.request_id = request.id
        self.question = _question_input(_("Your follow-up question"), language)
        self.due = _due_input(None, days, language)
        self.add_item(self.question)
        self.add_item(self.due)

    async def done(self, interaction: discord.Interaction, facts: Any) -> Msg:
        request = await self.clarify.follow_up(
            facts, self.request_id, self.question.value, self.due.value)
        return _("Your follow-up question on **CR-{number}** is recorded in {where}; an answer "
                 "is due on {day}.", number=request.number, where=_where(request),
                 day=long_day(request.due))


class EditForm(_Form):
    action = "clarify edit"

    def __init__(self, clarify: ClarificationService, request: Request, current: str,
                 language: Language) -> None:
        super().__init__(clarify, title=_("Edit the question of CR-{number}",
                                          number=request.number),
                         language=language)
        self.request_id = request.id
        self.question = _question_input(_("The question"), language, current)
        self.add_item(self.question)

    async def done(self, interaction: discord.Interaction, facts: Any) -> Msg:
        request = await self.clarify.edit(facts, self.request_id, self.question.value)
        return _("The question of **CR-{number}** now reads as you wrote it; the earlier "
                 "wording is kept in the record.", number=request.number)


class _RequestButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"cr:x:(\d+)"):
    verb = ""
    component = ""
    clarify: ClassVar[ClarificationService]

    def __init__(self, request_id: int) -> None:
        super().__init__(discord.ui.Button(custom_id=f"cr:{self.verb}:{request_id}"))
        self.request_id = request_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> _RequestButton:
        return cls(int(match["id"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await _safely(interaction, self._click(interaction))

    async def _click(self, interaction: discord.Interaction) -> None:
        facts = await guard(interaction, self.component)
        if facts is not None:
            await self.act(interaction, facts, self.clarify)

    # each button says what a click does
    act: Callable[[discord.Interaction, Any, ClarificationService], Awaitable[None]]


class AnswerButton(_RequestButton, template=r"cr:answer:(?P<id>[0-9]+)"):
    verb, component = "answer", "component clarify-answer"

    async def act(self, interaction: discord.Interaction, facts: Any,
                  clarify: ClarificationService) -> None:
        request = await clarify.check(facts, self.request_id, Action.ANSWER)
        await interaction.response.send_modal(
            AnswerForm(clarify, request, await reader_language(interaction)))


class AcceptButton(_RequestButton, template=r"cr:accept:(?P<id>[0-9]+)"):
    verb, component = "accept", "component clarify-accept"

    async def act(self, interaction: discord.Interaction, facts: Any,
                  clarify: ClarificationService) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        request = await clarify.accept(facts, self.request_id)
        await reply(interaction, _("You accepted the answer to **CR-{number}**. The request "
                                   "is closed.", number=request.number))


class FollowUpButton(_RequestButton, template=r"cr:followup:(?P<id>[0-9]+)"):
    verb, component = "followup", "component clarify-followup"

    async def act(self, interaction: discord.Interaction, facts: Any,
                  clarify: ClarificationService) -> None:
        request = await clarify.check(facts, self.request_id, Action.FOLLOW_UP)
        await interaction.response.send_modal(FollowUpForm(
            clarify, request, await reader_language(interaction)))


# --------------------------------------------------------------------------- commands


class ClarifyCog(RequestChoices, commands.GroupCog, group_name="clarify",
                 group_description="Clarification requests of a review"):
    def __init__(self, clarify: ClarificationService) -> None:
        self.clarify = clarify

    async def _request(self, interaction: discord.Interaction, number: int | None) -> Request:
        facts = await facts_for(interaction)
        return await self.clarify.find(facts, number, interaction.channel_id)

    @app_commands.command(name="ask", description="Ask the State under review for clarification")
    @app_commands.describe(
        question="Your question (leave empty, or set long, to write it in a larger box)",
        article="The article it concerns", due="Due date: YYYY-MM-DD or days (default 30)",
        long="Write the question in a larger box", attachment="A document for the question")
    @app_commands.autocomplete(article=RequestChoices.article_choices)
    async def ask(self, interaction: discord.Interaction,
                  question: app_commands.Range[str, 1, MAX_TEXT] | None = None,
                  article: str | None = None, due: str | None = None, long: bool = False,
                  attachment: discord.Attachment | None = None) -> None:
        if question is None or long:
            await interaction.response.send_modal(
                AskForm(self.clarify, article, due, question, attachment,
                        await reader_language(interaction)))
            return
        facts = await facts_for(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        request = await self.clarify.ask(facts, question, article=article, due=due,
                                         files=await _files(attachment))
        await reply(interaction, asked_text(request))

    @app_commands.command(name="answer", description="Answer a clarification request")
    @app_commands.describe(request="The request's number (default: this thread's request)",
                           text="The answer (leave empty to write it in a larger box)",
                           attachment="A document for the answer")
    @app_commands.autocomplete(request=RequestChoices.open_requests)
    async def answer(self, interaction: discord.Interaction, request: int | None = None,
                     text: app_commands.Range[str, 1, MAX_TEXT] | None = None,
                     attachment: discord.Attachment | None = None) -> None:
        found = await self._request(interaction, request)
        facts = await facts_for(interaction)
        if text is None:
            await self.clarify.check(facts, found.id, Action.ANSWER)
            await interaction.response.send_modal(
                AnswerForm(self.clarify, found, await reader_language(interaction), attachment))
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        done = await self.clarify.answer(facts, found.id, text, await _files(attachment))
        await reply(interaction, answered_text(done))

    @app_commands.command(name="withdraw", description="Withdraw a clarification request")
    @app_commands.describe(request="The request's number (default: this thread's request)",
                           reason="Why (optional; shown in the thread)")
    @app_commands.autocomplete(request=RequestChoices.live_requests)
    async def withdraw(self, interaction: discord.Interaction, request: int | None = None,
                       reason: app_commands.Range[str, 1, 500] | None = None) -> None:
        found = await self._request(interaction, request)
        facts = await facts_for(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        done = await self.clarify.withdraw(facts, found.id, reason)
        await reply(interaction, f"**CR-{done.number}** is withdrawn; its follow-ups stopped. "
                                 "Its number will not be given again.")

    @app_commands.command(name="edit", description="Edit your question before it is answered")
    @app_commands.describe(request="The request's number (default: this thread's request)")
    @app_commands.autocomplete(request=RequestChoices.open_requests)
    async def edit(self, interaction: discord.Interaction, request: int | None = None) -> None:
        found = await self._request(interaction, request)
        facts = await facts_for(interaction)
        await self.clarify.check(facts, found.id, None)
        current = await self.clarify.current_question(found.id)
        await interaction.response.send_modal(
            EditForm(self.clarify, found, current, await reader_language(interaction)))

    @app_commands.command(name="list", description="The clarification requests of this review")
    @app_commands.describe(status="Only requests with this status")
    @app_commands.choices(status=STATUS_CHOICES)
    async def list_(self, interaction: discord.Interaction, status: str | None = None) -> None:
        facts = await facts_for(interaction)
        language = await reader_language(interaction)
        lines = [render(line, language) for line in await self.clarify.list_lines(facts, status)]
        await reply(interaction, list_reply(lines, status, language))

    @app_commands.command(name="export", description="Questions and answers as Markdown and CSV")
    async def export(self, interaction: discord.Interaction) -> None:
        facts = await facts_for(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        files = await self.clarify.export(facts, await reader_language(interaction))
        await reply(interaction, _("The clarification requests of this review, with every "
                                   "answer and follow-up (confidential to this review):"),
                    files=[discord.File(io.BytesIO(f.data), filename=f.name)
                           for f in files])


async def setup(bot: Host) -> None:
    clarify = bot.services.clarifications
    bot.add_dynamic_items(*(with_services(item, clarify=clarify)
                            for item in (AnswerButton, AcceptButton, FollowUpButton)))
    await bot.add_cog(ClarifyCog(clarify))
