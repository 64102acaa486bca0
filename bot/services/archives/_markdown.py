"""The archive as Markdown: one heading per channel and thread, each message quoted under its
author (name, State, role) and its time in UTC and in the State under review's zone."""

from __future__ import annotations

from bot.i18n import render
from bot.ports.guild import TranscriptEmbed, TranscriptMessage
from bot.services.archives import _outputs as outputs
from bot.services.archives import _text as words
from bot.services.archives._context import ArchiveContext


def _quote(text: str) -> list[str]:
    return [f"> {line}" if line else ">" for line in text.splitlines()]


def _embed(ctx: ArchiveContext, e: TranscriptEmbed) -> list[str]:
    out = []
    if e.title:
        out.append(f"> **{ctx.text(e.title)}**")
    if e.description:
        out += _quote(ctx.text(e.description))
    for name, value in e.fields:
        out.append(f"> - **{ctx.text(name)}:** " + ctx.text(value).replace("\n", "\n>   "))
    if e.footer:
        out.append(f"> _{ctx.text(e.footer)}_")
    return out


def _message(ctx: ArchiveContext, m: TranscriptMessage) -> list[str]:
    edited = f" ({render(words.EDITED, ctx.language)})" if m.edited_at else ""
    lines = [f"**{ctx.person(m.author_id)}**, {ctx.when(m.at)}{edited}:"]
    body = ctx.text(m.content.strip())
    lines += _quote(body) if body else []
    for e in m.embeds:
        lines += [">", *_embed(ctx, e)]
    for r in m.reactions:
        people = [ctx.person(u) for u in r.user_ids]
        lines.append(f"- {words.reaction_line(ctx, r.emoji, people, r.count or len(people))}")
    for kept in ctx.files_of(m):
        a = kept.attachment
        if kept.path is None:
            lines.append(f"- {a.filename} ({words.size(a.size, ctx.language)}): "
                         + render(words.MISSING, ctx.language))
        else:
            lines.append(f"- [{a.filename}]({kept.path}) ({words.size(a.size, ctx.language)})")
    return [*lines, ""]


def transcript_markdown(ctx: ArchiveContext) -> str:
    lang, t = ctx.language, ctx.transcript
    out = [f"# {render(words.title(ctx), lang)}", ""]
    out += [render(line, lang) for line in words.about(ctx)] + [""]
    out += [f"## {render(words.channel_heading(len(t.messages)), lang)}", ""]
    for m in t.messages:
        out += _message(ctx, m)
    if not t.messages:
        out += [render(words.NO_MESSAGE, lang), ""]
    for thread in t.threads:
        out += [f"## {render(words.thread_heading(thread.name, len(thread.messages)), lang)}",
                ""]
        for m in thread.messages:
            out += _message(ctx, m)
    head = outputs.heading(ctx)
    if head is not None:
        out += [f"## {head}", ""]
        for line, path, under in outputs.lines(ctx):
            out.append(f"- {line}" + (f" ([{path}]({path}))" if path else ""))
            out += [f"  - {u}" for u in under]
        out.append("")
    out += [f"## {render(words.ATTACHMENTS, lang)}", ""]
    kept = list(ctx.kept.values())
    out += [f"- [{k.attachment.filename}]({k.path}) — SHA-256 `{k.sha256}`" if k.path else
            f"- {k.attachment.filename} — {render(words.MISSING, lang)}" for k in kept] or [
        render(words.NO_ATTACHMENT, lang)]
    return "\n".join(out) + "\n"
