"""The archive as one self-contained HTML page: it opens offline and looks like the
conversation (authors, times, threads, cards, reactions, files). Everything people wrote is
escaped; the page runs no script and loads nothing from outside the archive."""

from __future__ import annotations

import re
from html import escape

from bot.i18n import render
from bot.ports.guild import TranscriptEmbed, TranscriptMessage
from bot.services.archives import _outputs as outputs
from bot.services.archives import _text as words
from bot.services.archives._context import ArchiveContext

STYLE = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;
 margin:0;background:#f2f3f5;color:#2e3338}
header,main{max-width:60rem;margin:0 auto;padding:1rem 1.5rem}
header{background:#fff;border-bottom:1px solid #dcdde1}
h1{font-size:1.4rem;margin:.2rem 0 .6rem}h2{font-size:1.1rem;margin:1.6rem 0 .6rem}
.about p{margin:.15rem 0;color:#4f5660}.conf{font-weight:600}
.msg{background:#fff;border-radius:6px;padding:.6rem .9rem;margin:.5rem 0}
.who{font-weight:600}.when{color:#5c6370;font-size:.85rem;margin-inline-start:.5rem}
.body{white-space:pre-wrap;overflow-wrap:anywhere;margin-top:.25rem}
.card{border-inline-start:4px solid #5865f2;background:#f8f9fb;border-radius:4px;
 padding:.5rem .8rem;margin:.4rem 0}
.card .t{font-weight:600}.card dl{margin:.3rem 0}.card dt{font-weight:600;margin-top:.3rem}
.card dd{margin:0;white-space:pre-wrap}.card .f{color:#5c6370;font-size:.85rem}
.react{display:inline-block;background:#eef0ff;border-radius:8px;padding:.1rem .5rem;
 margin:.3rem .3rem 0 0;font-size:.85rem}
.files{margin:.3rem 0 0;padding-inline-start:1.2rem}.files img{max-width:22rem;display:block}
.thread{border-inline-start:3px solid #c4c9d0;padding-inline-start:.8rem}
code{font-size:.8rem;word-break:break-all}
"""


def _e(text: str) -> str:
    return escape(text, quote=True)


BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)
CODE = re.compile(r"`([^`\n]+)`")
ITALIC = re.compile(r"(?<![\w*])[*_]([^*_\n]+)[*_](?![\w*])")


def _rich(text: str) -> str:
    """What people wrote, escaped, with Discord's bold, italics and code shown as such (the
    tags are added after escaping, around text that is already escaped)."""
    out = _e(text)
    out = CODE.sub(r"<code>\1</code>", out)
    out = BOLD.sub(r"<strong>\1</strong>", out)
    return ITALIC.sub(r"<em>\1</em>", out)


def _embed(ctx: ArchiveContext, e: TranscriptEmbed) -> str:
    parts = ['<div class="card">']
    if e.title:
        parts.append(f'<div class="t">{_e(ctx.text(e.title))}</div>')
    if e.description:
        parts.append(f'<div class="body">{_rich(ctx.text(e.description))}</div>')
    if e.fields:
        parts.append("<dl>" + "".join(f"<dt>{_rich(ctx.text(n))}</dt><dd>{_rich(ctx.text(v))}</dd>"
                                       for n, v in e.fields) + "</dl>")
    if e.footer:
        parts.append(f'<div class="f">{_e(ctx.text(e.footer))}</div>')
    return "".join(parts) + "</div>"


def _files(ctx: ArchiveContext, m: TranscriptMessage) -> str:
    items = []
    for kept in ctx.files_of(m):
        a = kept.attachment
        size = _e(words.size(a.size, ctx.language))
        if kept.path is None:
            items.append(f"<li>{_e(a.filename)} ({size}) — "
                         f"{_e(render(words.MISSING, ctx.language))}</li>")
            continue
        link = _e(kept.path)
        image = ((a.content_type or "").startswith("image/")
                 and not (a.content_type or "").startswith("image/svg"))
        shown = f'<img src="{link}" alt="{_e(a.filename)}">' if image else ""
        items.append(f'<li><a href="{link}">{_e(a.filename)}</a> ({size}){shown}</li>')
    return f'<ul class="files">{"".join(items)}</ul>' if items else ""


def _message(ctx: ArchiveContext, m: TranscriptMessage) -> str:
    edited = f" ({_e(render(words.EDITED, ctx.language))})" if m.edited_at else ""
    body = ctx.text(m.content.strip())
    reactions = "".join(
        f'<span class="react">{_e(words.reaction_line(ctx, r.emoji, [ctx.person(u) for u in r.user_ids], r.count or len(r.user_ids)))}</span>'  # noqa: E501
        for r in m.reactions)
    return (f'<article class="msg" id="m{m.id}"><div><span class="who">'
            f"{_e(ctx.person(m.author_id))}</span>"
            f'<time class="when" datetime="{m.at.isoformat()}">{_e(ctx.when(m.at))}{edited}'
            "</time></div>"
            + (f'<div class="body">{_rich(body)}</div>' if body else "")
            + "".join(_embed(ctx, e) for e in m.embeds)
            + (f"<div>{reactions}</div>" if reactions else "")
            + _files(ctx, m) + "</article>")


def _outputs(ctx: ArchiveContext) -> str:
    head = outputs.heading(ctx)
    if head is None:
        return ""
    items = []
    for line, path, under in outputs.lines(ctx):
        link = f' <a href="{_e(path)}">{_e(path)}</a>' if path else ""
        inner = "".join(f"<li>{_e(u)}</li>" for u in under)
        items.append(f"<li>{_e(line)}{link}" + (f"<ul>{inner}</ul>" if inner else "") + "</li>")
    return f'<h2>{_e(head)}</h2><ul class="outputs">{"".join(items)}</ul>'


def _contents(ctx: ArchiveContext, paths: list[str]) -> str:
    lang = ctx.language
    items = [f"<li><code>{_e(p)}</code> — {_e(render(what, lang))}</li>"
             for p, what in words.CONTENT_LINES.items() if p in paths]
    return (f"<h2>{_e(render(words.CONTENTS, lang))}</h2><ul>{''.join(items)}</ul>")


def transcript_html(ctx: ArchiveContext, paths: list[str]) -> str:
    """The page; ``paths`` are the archive's files and folders (for its table of contents)."""
    lang, t = ctx.language, ctx.transcript
    head = _e(render(words.title(ctx), lang))
    about = "".join(f"<p>{_e(render(line, lang))}</p>" for line in words.about(ctx))
    out = [f'<!DOCTYPE html><html lang="{_e(lang.value.replace("_", "-"))}"'
           f' dir="{"rtl" if lang.rtl else "ltr"}"><head><meta charset="utf-8">'
           '<meta name="viewport" content="width=device-width,initial-scale=1">'
           "<meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'none'; "
           "object-src 'none'; base-uri 'none'\">"
           f"<title>{head}</title><style>{STYLE}</style></head><body>",
           f'<header><h1>{head}</h1><div class="about">{about}</div></header><main>',
           f"<h2>{_e(render(words.channel_heading(len(t.messages)), lang))}</h2>"]
    out += [_message(ctx, m) for m in t.messages]
    if not t.messages:
        out.append(f"<p>{_e(render(words.NO_MESSAGE, lang))}</p>")
    for thread in t.threads:
        out.append(f'<section class="thread" id="t{thread.id}"><h2>'
                   f"{_e(render(words.thread_heading(thread.name, len(thread.messages)), lang))}"
                   "</h2>" + "".join(_message(ctx, m) for m in thread.messages) + "</section>")
    out.append(_outputs(ctx))
    out.append(_contents(ctx, paths))
    return "".join(out) + "</main></body></html>\n"
