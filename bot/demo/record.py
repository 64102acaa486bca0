"""What each person saw during the demonstration, written as a short readable transcript."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

_TAG = re.compile(r"<t:(\d+):[a-zA-Z]>")
_MENTION = re.compile(r"<@!?(\d+)>")


@dataclass
class Transcript:
    names: dict[int, str] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
    facts: dict[str, object] = field(default_factory=dict)
    echo: Callable[[str], None] = print
    steps: int = 0

    def step(self, title: str, clock: datetime) -> None:
        self.steps += 1
        line = f"[{self.steps:2d}] {title}  ({clock:%Y-%m-%d %H:%M} UTC, simulated)"
        self.echo(line)
        self.lines += ["", line]

    def saw(self, who: str, text: str, limit: int = 400) -> None:
        plain = self.readable(text)
        if len(plain) > limit:
            plain = plain[: limit - 1] + "…"
        self.lines.append(f"     {who} saw: " + plain.replace("\n", "\n" + " " * 10))

    def note(self, text: str) -> None:
        self.lines.append(f"     {text}")

    def readable(self, text: str) -> str:
        def stamp(match: re.Match[str]) -> str:
            moment = datetime.utcfromtimestamp(int(match.group(1)))
            return moment.strftime("%Y-%m-%d %H:%M UTC")

        text = _TAG.sub(stamp, text or "")
        return _MENTION.sub(lambda m: "@" + self.names.get(int(m.group(1)), "someone"), text)

    def text(self) -> str:
        return "\n".join(self.lines).lstrip("\n") + "\n"
