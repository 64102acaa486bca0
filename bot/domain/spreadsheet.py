"""CSV cells that a spreadsheet program cannot run.

Excel, LibreOffice and Google Sheets treat a cell that begins with ``=``, ``+``, ``-`` or ``@``
(and, after trimming, a tab or a carriage return) as a formula: a cell such as
``=HYPERLINK("https://…")`` in an exported file would run when a reader opens it. Every CSV
the bot writes passes each cell, file names included, through ``neutralise``: such a cell gets
one apostrophe in front, which spreadsheets read as "this is text".

So that an export read back is the same value, an apostrophe that a value itself begins with
is doubled too, and ``restore`` (used by every CSV the bot reads) removes exactly one leading
apostrophe when it stands before one of those characters or before another apostrophe. A
value that really begins with ``-`` (``-5``, ``-see note``) therefore leaves as ``'-5`` and
comes back as ``-5``; typed by hand in a spreadsheet without the apostrophe it is read as it
stands. Nothing else is ever changed.
"""

from __future__ import annotations

RISKY = ("=", "+", "-", "@", "\t", "\r")
_QUOTE = "'"


def neutralise(value: object) -> str:
    """The cell as text, with one apostrophe before a formula-like or quote-led start."""
    text = "" if value is None else str(value)
    if text.startswith(RISKY) or text.startswith(_QUOTE):
        return _QUOTE + text
    return text


def restore(cell: str) -> str:
    """The value ``neutralise`` was given (cells it did not touch come back as they are)."""
    if cell.startswith(_QUOTE) and cell[1:2] != "" and (
            cell[1:].startswith(RISKY) or cell[1:].startswith(_QUOTE)):
        return cell[1:]
    return cell


def neutral_row(cells: list[object]) -> list[str]:
    return [neutralise(cell) for cell in cells]
