"""The six UN languages: who reads which, translatable messages, CLDR formatting.

Services mark texts with ``_``, ``_n`` and ``_p`` and hand them on unrendered; the Discord
adapter renders each in its reader's language (or the review's languages). See README,
section Languages.
"""

from bot.i18n.formats import Day, Listed, Moment, Num, day, listing, moment, number
from bot.i18n.languages import (
    TRANSLATED,
    Language,
    from_discord_locale,
    parse_language,
    parse_languages,
)
from bot.i18n.message import (
    Command,
    Joined,
    Msg,
    Text,
    Verbatim,
    _,
    _n,
    _p,
    lines,
    message_of,
    render,
    render_all,
)

__all__ = [
    "TRANSLATED", "Command", "Day", "Joined", "Language", "Listed", "Moment", "Msg", "Num", "Text",
    "Verbatim", "_", "_n", "_p", "day", "from_discord_locale", "lines", "listing", "message_of",
    "moment",
    "number", "parse_language", "parse_languages", "render", "render_all",
]
