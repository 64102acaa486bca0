"""`deskreview sandbox`: the demonstration's server kept running, to use by hand in a browser."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.demo.play import ANCHOR, close_store, demo_bot
from bot.demo.record import Transcript
from bot.demo.simulation import simulation
from bot.demo.stage import set_stage

QUESTION = ("Please describe the measures taken to criminalize the laundering of the proceeds "
            "of crime.")


async def serve(out: Path, port: int | None, echo: Any = print) -> None:
    bot = demo_bot(out)
    story = Transcript(echo=echo)
    async with simulation(bot, ANCHOR) as env:
        try:
            stage = await set_stage(env, bot, story)
            asker = stage.people[f"{stage.first.lower()}-focal"]
            await asker.slash(stage.channel, "clarify ask", question=QUESTION, article="6")
            personas = {
                "secretariat": stage.secretary,
                "expert of the State under review": stage.people["ken-expert"],
                "reviewer (focal point)": asker,
                "chair": stage.chair,
                "outsider": stage.passer_by,
            }
            allowed = {}
            for label, member in personas.items():
                try:
                    stage.channel.history(viewer=member)
                    allowed[label] = member
                except Exception:  # they cannot see the review channel: no page for them
                    echo(f"  {label} ({member.name}) cannot see #{stage.channel.name}: "
                         "no page (that is the confidentiality rule at work)")
            preview = env.preview(stage.channel, viewers=list(allowed.values()),
                                  layout="channel", port=port)
            async with preview:
                echo("")
                echo(f"Sandbox ready: open {preview.url}")
                echo("Pages can be opened as: " + ", ".join(
                    f"{label} ({member.name})" for label, member in allowed.items()))
                echo("Press Ctrl-C to stop.")
                await preview.wait_closed()
        finally:
            await close_store(bot)
