"""The draw channel in the languages of its setting (here French, then English): the manifest,
the result and its cards, one language after the other; codes, hashes and titles as written."""

from __future__ import annotations

import pytest

from bot.settings import Settings
from tests.behaviour.test_draws import (  # noqa: F401  (fixtures of the draw tests)
    DRAW,
    ROUND_123,
    advance_to,
    answer,
    open_draw,
    posts,
    simcord_env,
)

pytestmark = pytest.mark.usefixtures("answered_errors_only")


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"beacon": "recorded", "draw_redraws": 2,
                                       "draw_languages": "fr,en"})


async def test_the_manifest_and_the_result_read_in_french_then_english(world):
    opened = await open_draw(world)
    assert f"Draw **{DRAW}** is open for 3 States" in answer(opened)  # the chair's own reply
    (manifest,) = posts(world)
    french, english = manifest.content.split("\n\n")
    assert french.startswith(f"**Tirage {DRAW} : Intersessional meeting, first group** — "
                             "groupe thématique 1")
    assert "États examinés (3) : KEN, NGA, FRA." in french
    assert "Balise : tour 123 ENREGISTRÉ de drand quicknet du <t:" in french
    sha = french.split("SHA-256 du manifeste : `")[1].split("`")[0]
    assert f"Manifest SHA-256: `{sha}`" in english
    assert english.startswith(f"**Draw {DRAW}: Intersessional meeting, first group**")

    await advance_to(world, ROUND_123)
    (result,) = [m for m in posts(world) if m.content.startswith("**Résultat du tirage")]
    assert "\n\n**Result of draw " in result.content
    titles = [e.title for e in result.embeds]
    assert titles == [f"États d'Afrique — tirage {DRAW}", f"African States — draw {DRAW}",
                      f"États d'Europe occidentale et autres États — tirage {DRAW}",
                      f"Western European and other States — draw {DRAW}"]
    assert "**Kenya (KEN)** — même groupe : " in result.embeds[0].description
    assert "système juridique similaire : " in result.embeds[0].description
