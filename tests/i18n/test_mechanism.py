"""The catalogues: complete in six languages, CLDR plurals and dates, placeholders checked."""

from __future__ import annotations

import shutil
from datetime import date

from babel.messages.catalog import Catalog

from bot.i18n import Day, Language, Verbatim, _, _n, render
from bot.i18n.check import check, check_language
from bot.i18n.extraction import source_catalogue
from bot.i18n.message import FSI, PDI
from bot.services.reviews._reconciler import ReconcileReport


def test_every_message_is_translated_in_the_six_languages():
    assert check() == []


def _reviews(n: int, language: Language) -> str:
    return render(_n("{count} review", "{count} reviews", n), language)


def test_arabic_has_six_plural_forms():
    got = [_reviews(n, Language.AR).replace(FSI, "").replace(PDI, "")
           for n in (0, 1, 2, 3, 11, 100)]
    assert got == ["لا استعراضات", "استعراض واحد", "استعراضان", "3 استعراضات",
                   "11 استعراضًا", "100 استعراض"]


def test_russian_has_three_plural_forms():
    got = [_reviews(n, Language.RU) for n in (0, 1, 2, 3, 11, 100, 21, 22)]
    assert got == ["0 обзоров", "1 обзор", "2 обзора", "3 обзора", "11 обзоров",
                   "100 обзоров", "21 обзор", "22 обзора"]


def test_english_and_chinese_plurals():
    assert [_reviews(n, Language.EN) for n in (0, 1, 2)] == ["0 reviews", "1 review",
                                                             "2 reviews"]
    assert _reviews(3, Language.ZH) == "3 项审议"


def test_a_nested_plural_follows_the_reader():
    report = ReconcileReport(reviews=1, channels_created=2, cards_posted=5).describe()
    assert render(report, Language.EN) == ("Checked 1 review: 2 channels created, "
                                           "5 status cards posted.")
    assert render(report, Language.RU) == ("Проверено: 1 обзор; создано: 2 канала; "
                                           "опубликовано: 5 карточек статуса.")


def test_a_date_is_written_the_cldr_way_in_each_language():
    when = Day(date(2026, 12, 3))
    assert {lang: when.render(lang) for lang in Language} == {
        Language.AR: "3 ديسمبر 2026",
        Language.ZH: "2026年12月3日",
        Language.EN: "3 December 2026",
        Language.FR: "3 décembre 2026",
        Language.RU: "3 декабря 2026\u202fг.",  # CLDR: a narrow no-break space
        Language.ES: "3 de diciembre de 2026",
    }


def test_arabic_isolates_codes_and_mentions_but_not_in_other_languages():
    message = _("`/{command}` needs {need}. Nothing was changed.", command="review stage",
                need="<@42>")
    arabic = render(message, Language.AR)
    assert f"{FSI}<@42>{PDI}" in arabic and f"{FSI}review stage{PDI}" in arabic
    assert FSI not in render(message, Language.FR)
    assert render(_("Problems: {problems}", problems=Verbatim("x")), Language.AR) == "المشكلات: x"


def test_the_check_names_a_missing_translation_and_different_placeholders():
    source = Catalog()
    source.add("Request {code} is due on {date}.")
    source.add(("{count} review", "{count} reviews"))
    source.add("Untranslated")
    catalogue = Catalog(locale="ru")
    catalogue.add("Request {code} is due on {date}.", "Запрос {code} нужно дать к {day}.")
    catalogue.add(("{count} review", "{count} reviews"), ("{count} обзор", "{count} обзора"))
    problems = check_language(Language.RU, source, catalogue)
    assert any("'Untranslated' is not translated" in p for p in problems)
    assert any("placeholders ['code', 'day'] differ from ['code', 'date']" in p for p in problems)
    assert any("has 2 plural forms, needs 3" in p for p in problems)


def test_the_check_fails_on_a_message_added_in_code_but_not_in_the_catalogues(tmp_path):
    root = tmp_path / "repo"
    shutil.copytree("bot", root / "bot", ignore=shutil.ignore_patterns("__pycache__"))
    (root / "cogs").mkdir()
    (root / "bot" / "services" / "fresh.py").write_text(
        'from bot.i18n import _\nTEXT = _("A brand-new sentence.")\n', encoding="utf-8")
    problems = check(root, locale_dir=root / "bot" / "locale")
    assert any("A brand-new sentence." in p and "not in the template" in p for p in problems)
    assert any(p.startswith("fr:") and "A brand-new sentence." in p for p in problems)
    assert "A brand-new sentence." in {m.id for m in source_catalogue(root)}
