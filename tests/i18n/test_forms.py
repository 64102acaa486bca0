"""Forms (modals) in the reader's language: the client's, or the one chosen with /language."""

from __future__ import annotations

import pytest

from tests.behaviour.review_support import CHANNEL, open_triad, register


def _labels(modal) -> list[str]:
    found = []
    for row in modal["components"]:
        inner = row.get("component") or (row.get("components") or [{}])[0]
        found.append(row.get("label") or inner.get("label"))
    return found


async def test_the_question_form_opens_in_the_client_language(world, client_locale):
    fra_expert = world.member("fra_expert")
    await register(world, fra_expert, "FRA", "expert")
    await open_triad(world)
    channel = world.guild.channels[CHANNEL]
    client_locale[fra_expert.id] = "fr"
    form = await fra_expert.slash(channel, "clarify ask", long=True)
    assert form.modal["title"] == "Demander un éclaircissement"
    assert _labels(form.modal) == ["Votre question", "Échéance : AAAA-MM-JJ ou nombre de jours"]
    done = await fra_expert.submit_modal(form, {"question": "La loi couvre-t-elle la "
                                                            "participation ?"})
    text = done.followups[-1].content if done.followups else done.response.content
    assert text.startswith("Votre question est enregistrée sous **CR-1** dans <#")
    assert "une réponse est attendue le samedi 31 janvier 2026" in text
    client_locale[fra_expert.id] = "es-419"
    again = await fra_expert.slash(channel, "clarify ask", long=True)
    assert again.modal["title"] == "Pedir una aclaración"
    await fra_expert.slash(channel, "language", language="zh")
    chosen = await fra_expert.slash(channel, "clarify ask", long=True)
    assert chosen.modal["title"] == "请求澄清"


@pytest.mark.parametrize("locale", ["fr", "ru", "zh-CN", "es-ES", "ar"])
async def test_every_client_language_gets_its_reply_and_its_form(world, client_locale, locale):
    from bot.i18n import Language, _, from_discord_locale, render

    language = from_discord_locale(locale)
    assert language is not None and language is not Language.EN
    fra_expert = world.member("fra_expert")
    await register(world, fra_expert, "FRA", "expert")
    await open_triad(world)
    channel = world.guild.channels[CHANNEL]
    client_locale[fra_expert.id] = locale
    form = await fra_expert.slash(channel, "clarify ask", long=True)
    assert form.modal["title"] == render(_("Ask for clarification"), language)
    assert _labels(form.modal)[0] == render(_("Your question"), language)
    assert form.modal["title"] != "Ask for clarification"
    listed = await fra_expert.slash(channel, "clarify list")
    assert listed.response.content == render(_("This review has no clarification requests."),
                                             language)
    assert listed.response.content != "This review has no clarification requests."
