"""Plain-English wording of the registry: field values, column names, notices to people."""

from __future__ import annotations

from bot.domain.mechanism import LegalFamily, RegionalGroup
from bot.domain.parties import Party
from bot.i18n import Joined, Listed, Msg, _, lines
from bot.ports import Textual

FIELD_LABELS: dict[str, Msg] = {
    "name": _("name"),
    "group": _("regional group"),
    "legal": _("legal system"),
    "instruments": _("instruments"),
    "uncac": _("UNCAC status"),
    "timezone": _("time zone"),
}
"""How the fields of ``/registry set`` are named to users."""

COLUMN_LABELS: dict[str, Msg] = {
    "name": _("name"),
    "regional_group": _("regional group"),
    "legal_system": _("legal system"),
    "untoc": _("Convention"),
    "tip": _("Trafficking in Persons Protocol"),
    "som": _("Smuggling of Migrants Protocol"),
    "firearms": _("Firearms Protocol"),
    "uncac": _("UNCAC"),
    "timezone": _("time zone"),
}
"""How the registry's value columns are named to users (provenance lists use these)."""


def columns_text(columns: tuple[str, ...]) -> Listed | None:
    """The columns' names joined as the reader's language joins them; None when empty."""
    return Listed(tuple(COLUMN_LABELS.get(c, c) for c in columns), "unit") if columns else None


GROUP_NAMES: dict[RegionalGroup, Msg] = {
    RegionalGroup.AFRICA: _("African States"),
    RegionalGroup.ASIA_PACIFIC: _("Asia-Pacific States"),
    RegionalGroup.EASTERN_EUROPE: _("Eastern European States"),
    RegionalGroup.GRULAC: _("Latin American and Caribbean States"),
    RegionalGroup.WEOG: _("Western European and other States"),
}
LEGAL_NAMES: dict[LegalFamily, Msg] = {
    LegalFamily.CIVIL: _("civil law"), LegalFamily.COMMON: _("common law"),
    LegalFamily.MUSLIM: _("Muslim law"), LegalFamily.CUSTOMARY: _("customary law"),
}


def field_text(party: Party, field: str) -> str:
    """The value of a ``/registry set`` field, as a person would read it (in English, as the
    audit log keeps it; ``field_words`` gives it in the reader's language)."""
    return str(field_words(party, field))


def field_words(party: Party, field: str) -> Textual:
    """The value of a ``/registry set`` field in the reader's language."""
    match field:
        case "name":
            return party.name
        case "group":
            return GROUP_NAMES[party.group] if party.group else _("no regional group")
        case "legal":
            return (Joined(tuple(LEGAL_NAMES[f] for f in party.legal), " + ") if party.legal
                    else _("not recorded"))
        case "instruments":
            return ", ".join(i.value for i in party.instruments)
        case "uncac":
            return _("party to UNCAC") if party.uncac else _("not party to UNCAC")
        case "timezone":
            return party.timezone
    raise ValueError(f"unknown field {field!r}")


def _see(name: str) -> Msg:
    return _("**What you can see:** the private channel of every review in which {name} takes "
             "part, from the moment it opens.", name=name)


def _do(role: str, name: str) -> Msg:
    if role == "focal_point":
        return _("**What you can do:** send requests for clarification when {name} reviews "
                 "another State, and answer them when {name} is under review; schedule, move and "
                 "confirm the conference calls of those reviews; move a review to its next "
                 "stage; and ask the chair for a redraw. A party has one focal point at a time: "
                 "if the secretariat names another, you stay registered as an expert.", name=name)
    if role == "expert":
        return _("**What you can do:** send requests for clarification when {name} reviews "
                 "another State, and answer them when {name} is under review; list them; and "
                 "suggest times for conference calls. The focal point of {name} schedules the "
                 "calls.", name=name)
    return _("**What you can do:** read those channels, and list their requests for "
             "clarification and their calls. Observers do not send or answer requests.")


_ROLE_NAMES: dict[str, Msg] = {"focal_point": _("focal point"), "expert": _("expert"),
               "observer": _("observer")}


def role_notice(party: Party, role: str | None, previous: str | None) -> Msg | Joined:
    """The direct message telling a person what their registration now lets them do, in
    their language. ``role`` None means they were removed. The text names only the person's
    own party."""
    name, label = party.name, party.label
    if role is None:
        return _("The secretariat has removed you from the registered people of {party} in the "
                 "desk reviews of the UNTOC review mechanism. You no longer see the private "
                 "channels of the reviews of {name} and can no longer act for {name}. If this is "
                 "a mistake, please contact the secretariat.", party=label, name=name)
    if previous == "focal_point" and role == "expert":
        head = _("The secretariat has named a new focal point for {party}. You stay registered "
                 "for {name} as an **expert**.", party=label, name=name)
    elif previous is not None:
        head = _("Your role for {party} has changed from {previous} to **{role}**.",
                 party=label, previous=_ROLE_NAMES[previous], role=_ROLE_NAMES[role])
    elif role == "focal_point":
        head = _("The secretariat has registered you as the **focal point** of {party} for the "
                 "desk reviews of the UNTOC review mechanism.", party=label)
    else:
        head = _("The secretariat has registered you as an **{role}** of {party} for the desk "
                 "reviews of the UNTOC review mechanism.", role=_ROLE_NAMES[role], party=label)
    footer = _("`/party show` gives the registry's entry for {name}. If anything here is "
               "wrong, please contact the secretariat.", name=name)
    return lines(head, _see(name), _do(role, name), footer, separator="\n\n")
