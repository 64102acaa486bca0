"""Only the role the settings name grants anything: a look-alike role grants nothing."""

from __future__ import annotations

from bot.app import create_bot
from tests.conftest import SimulatedClock


async def test_roles_named_like_the_configured_ones_grant_nothing(world):
    world.grant_staff_commands(world.guild.default_role)  # Discord's gate open: the table decides
    fakes = [world.guild.create_role(name) for name in (
        "secretariat", "SECRETARIAT", " Secretariat", str(world.secretariat_role.id),
        "chair", "CHAIR", str(world.chair_role.id),
    )]
    impostor = world.member("impostor", *fakes)
    await world.env.settle()
    shown = await impostor.slash(world.general, "audit show")
    assert "needs the secretariat role" in shown.response.content
    drawn = await impostor.slash(world.general, "draw-admin open", title="Cycle", parties="KEN",
                                 cluster=1)
    assert "needs the working-group chair role" in drawn.response.content
    assert world.draws.last_message is None
    # the real roles still work
    real = await world.secretary.slash(world.general, "audit show")
    assert "access.refused" in real.response.content


async def test_a_role_given_by_id_keeps_granting_when_renamed_and_its_digits_grant_nothing(
        world, settings):
    by_id = settings.model_copy(update={"secretariat_role": str(world.secretariat_role.id)})
    await world.env.restart_bot(create_bot(by_id, clock=SimulatedClock()))
    world.grant_staff_commands(world.guild.default_role)  # Discord's gate open: the table decides
    world.env.backend.edit_role(world.guild.id, world.secretariat_role.id,
                                {"name": "Staff of the secretariat"})
    digits = world.guild.create_role(str(world.secretariat_role.id))
    lookalike = world.member("lookalike", digits)
    await world.env.settle()
    refused = await lookalike.slash(world.general, "audit verify")
    assert "needs the secretariat role" in refused.response.content
    allowed = await world.secretary.slash(world.general, "audit verify")
    assert allowed.response.content.startswith("Audit chain intact")


async def test_a_setting_naming_two_roles_stops_the_bot_naming_the_setting(world, settings):
    world.guild.create_role("Secretariat")  # a second role with exactly that name
    await world.env.settle()
    bot = create_bot(settings, clock=SimulatedClock())
    await world.env.restart_bot(bot)
    assert bot.startup_error is not None
    assert bot.startup_error.startswith("DESKREVIEW_SECRETARIAT_ROLE names the role 'Secretariat'")
    assert "2 roles have that name" in bot.startup_error
    assert bot.is_closed()
