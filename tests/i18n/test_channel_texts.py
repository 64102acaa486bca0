"""What the bot writes where a review's triad reads, in the review's languages: the card of a
clarification request and its thread, the notices that a call moved or was cancelled, the
channel's topic. What people wrote (questions, titles, reasons) stays as written."""

from __future__ import annotations

from tests.behaviour.review_support import CHANNEL, open_triad, register

QUESTION = "Does the law on organized criminal groups cover the offence of participation?"


async def _review_in_french_and_english(world):
    ken_fp, fra_expert = world.member("ken_fp"), world.member("fra_expert")
    await register(world, ken_fp, "KEN", "focal_point")
    await register(world, fra_expert, "FRA", "expert")
    await open_triad(world)
    channel = world.guild.channels[CHANNEL]
    await ken_fp.slash(channel, "review language", first="fr", second="en")
    return channel, ken_fp, fra_expert


async def test_the_request_card_and_its_thread_read_in_both_languages(world):
    channel, ken_fp, fra_expert = await _review_in_french_and_english(world)
    await fra_expert.slash(channel, "clarify ask", question=QUESTION, due="10")
    (thread,) = [t for t in channel.threads if t.name.startswith("CR-1 ")]
    opening = thread.history()[0]
    french, english = opening.content.split("\n\n")
    assert french.endswith("Demande d'éclaircissement CR-1 de France (FRA) à Kenya (KEN).")
    assert english.endswith("Clarification request CR-1 from France (FRA) to Kenya (KEN).")
    card_fr, card_en = opening.embeds
    assert card_fr.description == card_en.description == QUESTION  # as written
    assert [f.name for f in card_fr.fields] == ["État", "Posée par", "Adressée à"]
    assert card_fr.fields[0].value.startswith("Ouverte : une réponse est attendue le "
                                              "dimanche 11 janvier 2026 (<t:")
    assert [f.name for f in card_en.fields] == ["Status", "Asked by", "Addressed to"]
    assert card_fr.footer.text.startswith("Confidentiel : visible uniquement par les États")
    labels = [c.label for row in opening.components for c in row.children]
    assert labels == ["Soumettre la réponse · Submit answer"]

    answered = await ken_fp.click(opening, label="Soumettre la réponse · Submit answer")
    await ken_fp.submit_modal(answered, {"answer": "Oui, l'article 5 est couvert."})
    answer = next(m for m in thread.history() if "Oui, l'article 5" in m.content)
    french, english = answer.content.split("\n\n")
    assert "**Réponse à CR-1** de Kenya (KEN) (" in french
    assert "**Answer to CR-1** from Kenya (KEN) (" in english
    assert french.endswith("Oui, l'article 5 est couvert.")


async def test_the_channel_topic_is_in_the_review_languages(world):
    channel, _ken, _fra = await _review_in_french_and_english(world)
    french, english = world.env.backend.get_channel(channel.id).topic.split("\n")
    assert french == ("Examen de Kenya (KEN), groupe thématique 1 (Incrimination et compétence). "
                      "Confidentiel, réservé aux États de cet examen et au secrétariat.")
    assert english.startswith("Review of Kenya (KEN), cluster 1 (Criminalization and")


async def test_a_moved_and_a_cancelled_call_are_told_in_both_languages(world):
    from tests.behaviour.test_calls import triad

    t = await triad(world)
    await t.ken.slash(t.room, "review language", first="fr", second="en")
    await t.ken.slash(t.room, "call schedule", title="Dialogue",
                      start="2026-01-05T10:00 Europe/Vienna", duration="60")
    await t.ken.slash(t.room, "call reschedule", call=1, start="2026-01-06 15:00")
    french, english = t.room.history()[-1].content.split("\n\n")
    assert french.startswith("L'appel **Dialogue** a été déplacé : de <t:")
    assert "Déplacé par " + t.ken.mention in french
    assert english.startswith("The call **Dialogue** has moved: from <t:")
    assert "Le fichier de calendrier joint remplace" in french
    await t.ken.slash(t.room, "call cancel", call=1, reason="Les réponses sont attendues")
    french, english = t.room.history()[-1].content.split("\n\n")
    assert french.startswith("L'appel **Dialogue** prévu le <t:")
    assert french.split("\n")[0].endswith("Motif : Les réponses sont attendues")
    assert english.split("\n")[0].endswith("Reason: Les réponses sont attendues")
