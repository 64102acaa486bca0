"""Who reads which language: the person's client locale, their own choice, English else."""

from __future__ import annotations

import pytest

REFUSALS = {
    "fr": "`/audit vérifier` demande le rôle de secrétariat. Rien n'a été modifié.",
    "ru": "Для `/аудит проверить` нужен: роль секретариата. Ничего не изменено.",
    "zh-CN": "`/审计 验证` 需要秘书处角色。未作任何更改。",
    "es-ES": "`/auditoria verificar` requiere la función de secretaría. No se cambió nada.",
    "es-419": "`/auditoria verificar` requiere la función de secretaría. No se cambió nada.",
    "ar": "يتطلب `/\u2068التدقيق تحقق\u2069` \u2068دور الأمانة\u2069. لم يتغير شيء.",
}


@pytest.mark.parametrize("locale", sorted(REFUSALS))
async def test_a_refusal_is_answered_in_the_client_language(world, client_locale, locale):
    world.grant_staff_commands(world.guild.default_role)  # the access table answers
    client_locale[world.outsider.id] = locale
    result = await world.outsider.slash(world.general, "audit verify")
    assert result.ephemeral
    assert result.response.content == REFUSALS[locale]


async def test_an_unknown_client_language_reads_english(world, client_locale):
    world.grant_staff_commands(world.guild.default_role)
    client_locale[world.outsider.id] = "de"
    result = await world.outsider.slash(world.general, "audit verify")
    assert result.response.content == ("`/audit verify` needs the secretariat role. "
                                       "Nothing was changed.")


async def test_language_overrides_the_client_locale_and_is_kept(world, client_locale,
                                                                bot_factory):
    world.grant_staff_commands(world.guild.default_role)
    client_locale[world.outsider.id] = "fr"
    chosen = await world.outsider.slash(world.general, "language", language="ru")
    assert chosen.ephemeral
    assert chosen.response.content.startswith("Теперь бот пишет вам на языке Русский")
    refused = await world.outsider.slash(world.general, "audit verify")
    assert refused.response.content.startswith("Для `/аудит проверить` нужен")
    await world.env.restart_bot(bot_factory())
    again = await world.outsider.slash(world.general, "audit verify")
    assert again.response.content.startswith("Для `/аудит проверить` нужен")
    back = await world.outsider.slash(world.general, "language", language="auto")
    assert back.response.content.startswith("Le bot vous écrira désormais")
    refused = await world.outsider.slash(world.general, "audit verify")
    assert refused.response.content.startswith("`/audit vérifier` demande")


def _dms(member) -> list[str]:
    return [m.content for m in member.user.dm_channel.history()]


async def test_the_next_direct_message_follows_language(world, client_locale):
    world.grant_staff_commands(world.guild.default_role)
    amina = world.member("amina")
    client_locale[amina.id] = "es-ES"
    await amina.slash(world.general, "language", language="fr")
    await world.secretary.slash(world.secretariat_channel, "expert add", member=amina,
                                party="KEN", role="expert",
                                note_verbale="NV/2025/1", note_date="2020-06-15")
    (notice,) = _dms(amina)
    assert notice.startswith("Le secrétariat vous a inscrit comme **expert** de Kenya (KEN)")
    assert "**Ce que vous voyez :**" in notice
    await amina.slash(world.general, "language", language="ru")
    await world.secretary.slash(world.secretariat_channel, "expert remove", member=amina,
                                party="KEN")
    removed = _dms(amina)[-1] if _dms(amina)[0] == notice else _dms(amina)[0]
    assert removed.startswith("Секретариат исключил вас из зарегистрированных лиц Kenya (KEN)")


async def test_a_direct_message_follows_the_client_language_last_seen(world, client_locale):
    world.grant_staff_commands(world.guild.default_role)
    omar = world.member("omar")
    client_locale[omar.id] = "ar"
    answer = await omar.slash(world.general, "audit verify")
    assert answer.response.content.startswith("يتطلب")
    await world.secretary.slash(world.secretariat_channel, "expert add", member=omar,
                                party="EGY", role="observer",
                                note_verbale="NV/2025/1", note_date="2020-06-15")
    (notice,) = _dms(omar)
    assert notice.startswith("سجّلتك الأمانة بصفة **مراقب** لـ\u2068Egypt (EGY)\u2069")
