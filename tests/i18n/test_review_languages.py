"""A review's working languages: its card, reminders and follow-ups in both, one after the
other; a reader's own answers in their language; what people write stays as written."""

from __future__ import annotations

from tests.behaviour.review_support import CHANNEL, card_of, open_triad, register

DAY = 24 * 3600
QUESTION = "Does the law on organized criminal groups cover the offence of participation?"


async def _french_and_english(world):
    ken_fp, fra_expert = world.member("ken_fp"), world.member("fra_expert")
    await register(world, ken_fp, "KEN", "focal_point")
    await register(world, fra_expert, "FRA", "expert")
    await open_triad(world)
    channel = world.guild.channels[CHANNEL]
    set_to = await ken_fp.slash(channel, "review language", first="fr", second="en")
    assert not set_to.ephemeral  # the triad sees which languages were agreed
    assert set_to.response.content.startswith("This review now works in Français and English")
    return channel, ken_fp, fra_expert


async def test_the_status_card_shows_both_languages_one_after_the_other(world):
    channel, _ken, _fra = await _french_and_english(world)
    french, english = card_of(channel).embeds
    assert french.title == ("Examen de Kenya (KEN) — groupe thématique 1 : Incrimination et "
                            "compétence")
    assert english.title == "Review of Kenya (KEN) — cluster 1: Criminalization and jurisdiction"
    assert french.description.startswith("Commencé le jeudi 1 janvier 2026. Étape : **Ouvert**.")
    assert english.description.startswith("Started on Thursday 1 January 2026.")
    assert [f.name for f in french.fields][:2] == ["Instruments et articles examinés",
                                                   "États examinateurs"]
    assert french.fields[0].value.startswith(
        "**Convention contre la criminalité organisée** : articles ")
    assert " et " in french.fields[0].value.split("\n")[0]  # "5, 6, 8 et 23": a French list
    assert english.fields[0].value.startswith("**Organized Crime Convention**: articles ")


async def test_a_follow_up_in_the_thread_comes_in_both_languages(world):
    channel, _ken, fra_expert = await _french_and_english(world)
    asked = await fra_expert.slash(channel, "clarify ask", question=QUESTION, due="10")
    assert asked.ephemeral
    (thread,) = [t for t in channel.threads if t.name.startswith("CR-1 ")]
    await world.env.advance_time(4 * DAY)
    notices = [m.content for m in thread.history()[1:] if "CR-1" in m.content]
    assert len(notices) == 1
    french, english = notices[0].split("\n\n")
    assert "Petit rappel : la réponse à la demande d'éclaircissement « CR-1 · " in french
    assert "dans 7 jours" in french and "dimanche 11 janvier 2026" in french
    assert "Gentle reminder: an answer to clarification request “CR-1 · " in english
    assert "Sunday 11 January 2026, in 7 days" in english
    assert QUESTION[:40] in french and QUESTION[:40] in english  # as written, not translated


async def test_a_call_announcement_comes_in_both_languages(world):
    from tests.behaviour.test_calls import triad

    t = await triad(world)
    set_to = await t.ken.slash(t.room, "review language", first="fr", second="en")
    assert "Français and English" in set_to.response.content
    await t.ken.slash(t.room, "call schedule", title="Dialogue on article 5",
                      start="2026-01-15T14:00 Europe/Vienna", duration="1h30",
                      link="https://meet.example.org/ken-1")
    (announced,) = [m for m in t.room.history() if "Dialogue on article 5" in str(
        [e.to_dict() for e in m.embeds])]
    assert announced.content == ("Appel de l'examen Kenya (KEN), groupe thématique 1\n\n"
                                 "Conference call of the review of Kenya (KEN), cluster 1")
    french, english = announced.embeds
    assert french.title == english.title == "Dialogue on article 5"  # as written
    assert "**Durée :** 1 h 30 min" in french.description
    assert "**Length:** 1 h 30 min" in english.description
    assert "**Rejoindre :** https://meet.example.org/ken-1" in french.description
    assert [f.name for f in french.fields][0] == "Heure locale dans chaque État"
    local = french.fields[0].value.splitlines()
    assert local[0] == ("Kenya (KEN) (Africa/Nairobi) : jeu. 15 janv. 2026, 16:00–17:30 EAT "
                        "(UTC+03:00)")
    assert english.fields[0].value.splitlines()[0] == (
        "Kenya (KEN) (Africa/Nairobi): Thu 15 Jan 2026, 16:00–17:30 EAT (UTC+03:00)")
    labels = [c.label for row in announced.components for c in row.children]
    assert labels == ["Accepter · Accept", "Provisoire · Tentative", "Décliner · Decline"]
