"""An archive given again to a reader of another language: the headings in theirs, the
messages and every file exactly as kept."""

from __future__ import annotations

import hashlib

import pytest

from bot.services.archives import read_zip
from tests.behaviour.test_call_rooms import review

pytestmark = pytest.mark.usefixtures("answered_errors_only")


def answer_of(result):
    return result.followups[-1] if result.followups else result.response


async def test_the_archive_has_its_headings_in_the_readers_language(world, client_locale):
    r = await review(world)
    await r.ken.send(r.channel, "Nos réponses sont jointes — <script>x</script>",
                     attachments=[("réponses.pdf", b"%PDF-1.7 KEN")])
    await world.secretary.slash(r.channel, "review-admin close")
    kept = read_zip(await world.secretariat_channel.last_message.attachments[0].read())
    assert kept["transcript.md"].decode().startswith("# Transcript of #ken-criminalization")

    client_locale[r.jpn.id] = "fr"
    given = answer_of(await r.jpn.slash(world.general, "review transcript", review="KEN 1"))
    assert given.content.startswith("L'archive de l'examen de Kenya (KEN)")
    archive = read_zip(await given.attachments[0].read())
    markdown = archive["transcript.md"].decode()
    assert markdown.startswith("# Transcription de #ken-criminalization")
    assert "## Le salon (" in markdown
    assert "Nos réponses sont jointes — <script>x</script>" in markdown
    assert "&lt;script&gt;x&lt;/script&gt;" in archive["transcript.html"].decode()
    assert 'lang="fr"' in archive["transcript.html"].decode()
    files = {p: d for p, d in archive.items() if p.startswith("attachments/")}
    assert files == {p: d for p, d in kept.items() if p.startswith("attachments/")}
    (entry,) = [e for e in await world.bot.services.audit.recent(200)
                if e.action == "review.archive"]
    hashes = {f["path"]: f["sha256"] for f in entry.details["files"]}
    assert {p: hashlib.sha256(d).hexdigest() for p, d in files.items()} == hashes
