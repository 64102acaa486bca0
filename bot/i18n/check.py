"""``deskreview i18n check``: every message translated in every language, with the same
placeholders as its English source; command names valid for Discord. ``extract`` writes the
template and brings each catalogue up to date (new messages empty, so the check fails until
they are translated)."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from string import Formatter

from babel.messages.catalog import Catalog, Message
from babel.messages.plurals import get_plural
from babel.messages.pofile import write_po

from bot.i18n.catalogue import LOCALE_DIR, po_path, read_catalogue
from bot.i18n.extraction import NAME, ROOT, TEXT, source_catalogue
from bot.i18n.languages import TRANSLATED, Language

DRAFT_NOTE = ("Draft translations written by the deskreview team, not by the United Nations' "
              "translation services. A translator replaces them in Poedit, Weblate or any CAT "
              "tool; see README, section Languages.")


def fields(text: str) -> set[str]:
    """The named placeholders of a brace template; ValueError when it is malformed."""
    return {name for _, name, _, _ in Formatter().parse(text) if name is not None}


def _ids(message: Message) -> tuple[str, ...]:
    if isinstance(message.id, tuple | list):
        return tuple(str(i) for i in message.id)
    return (str(message.id),)


def _strings(message: Message) -> tuple[str, ...]:
    if isinstance(message.string, tuple | list):
        return tuple(str(s) for s in message.string)
    return (str(message.string or ""),)


def _label(message: Message) -> str:
    first = _ids(message)[0]
    return f"{message.context + ': ' if message.context else ''}{first[:60]!r}"


def valid_command_name(name: str) -> bool:
    """Discord's rule: 1–32 letters, digits, - or _, lower case where the script has case."""
    return (1 <= len(name) <= 32 and name == name.lower()
            and all(ch.isalnum() or ch in "-_" for ch in name))


def check_language(language: Language, source: Catalog, catalogue: Catalog) -> list[str]:
    problems: list[str] = []
    tag = language.value
    expected, _expr = get_plural(language.locale)
    if catalogue.num_plurals != expected:
        problems.append(f"{tag}: header has {catalogue.num_plurals} plural forms, CLDR {expected}")
    for message in source:
        if not message.id:
            continue
        found = catalogue.get(message.id, message.context)
        label = f"{tag}: {_label(message)}"
        if found is None or found.fuzzy or not all(s.strip() for s in _strings(found)):
            problems.append(f"{label} is not translated")
            continue
        wanted = set().union(*(fields(i) for i in _ids(message)))
        forms = _strings(found)
        if message.pluralizable and len(forms) != expected:
            problems.append(f"{label} has {len(forms)} plural forms, needs {expected}")
        for form in forms:
            try:
                have = fields(form)
            except ValueError:
                problems.append(f"{label}: malformed placeholder in {form[:60]!r}")
                continue
            optional = {"count"} if message.pluralizable else set()
            if have - wanted or (wanted - optional) - have:
                problems.append(f"{label}: placeholders {sorted(have)} differ from "
                                f"{sorted(wanted)}")
            if message.context == NAME and not valid_command_name(form):
                problems.append(f"{label}: {form!r} breaks Discord's rules for names")
            if message.context == TEXT and len(form) > 100:
                problems.append(f"{label}: longer than Discord's 100 characters")
    return problems


def check(root: Path = ROOT, locale_dir: Path = LOCALE_DIR) -> list[str]:
    source = source_catalogue(root)
    problems = [f"{_label(m)} is not in the template; run `deskreview i18n extract`"
                for m in source if m.id and (m.id, m.context) not in _keys(_template(locale_dir))]
    for language in TRANSLATED:
        path = po_path(language, locale_dir)
        if not path.exists():
            problems.append(f"{language.value}: no catalogue at {path}")
            continue
        problems.extend(check_language(language, source, read_catalogue(path)))
    return problems


def _template(locale_dir: Path) -> Catalog:
    path = locale_dir / "deskreview.pot"
    return read_catalogue(path) if path.exists() else Catalog()


def _keys(catalogue: Catalog) -> set[tuple[object, str | None]]:
    return {(m.id, m.context) for m in catalogue if m.id}


def extract(root: Path = ROOT, locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Write the template and merge it into each language's catalogue; return what changed."""
    source = source_catalogue(root)
    written = [_write(locale_dir / "deskreview.pot", source)]
    for language in TRANSLATED:
        path = po_path(language, locale_dir)
        if path.exists():
            catalogue = read_catalogue(path)
        else:
            catalogue = Catalog(locale=language.locale, project=source.project)
        catalogue.locale = language.locale  # type: ignore[assignment]
        catalogue.update(source, no_fuzzy_matching=True)
        catalogue.obsolete.clear()
        catalogue.fuzzy = False
        catalogue.version = source.version
        catalogue.revision_date = source.creation_date
        catalogue.header_comment = f"# {language.native_name}: {DRAFT_NOTE}\n#"
        catalogue.language_team = "deskreview team (draft)"
        catalogue.last_translator = "deskreview team (draft)"
        written.append(_write(path, catalogue))
    return written


def _write(path: Path, catalogue: Catalog) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = BytesIO()
    write_po(buffer, catalogue, width=100, sort_output=False, omit_header=False,
             include_previous=False, include_lineno=False)
    data = buffer.getvalue()
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)
    return path
