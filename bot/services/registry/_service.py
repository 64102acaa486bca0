"""The registry of States parties: seed, show, edit, import, export.

Every change is audited in its own transaction, which also writes the hand-off
(``PARTIES_CHANGED``) that brings reminders, review channels and call rooms in line. The people
who serve each State, and in which reviews, are the appointments (``bot/services/appointments``).
"""

from __future__ import annotations

import hashlib

from bot.clock import Clock
from bot.domain.actor import SYSTEM, Actor
from bot.domain.errors import InputError
from bot.domain.handoffs import PARTIES_CHANGED, PartiesChanged
from bot.domain.inputs import quote
from bot.domain.parties import (
    EDITABLE_FIELDS,
    FIELD_HELP,
    FieldValueError,
    Party,
    ProvenanceSummary,
    apply_field,
    describe_provenance,
)
from bot.domain.parties_csv import parse_parties_csv, parties_csv_bytes
from bot.i18n import _
from bot.ports import Messenger
from bot.services.audit import AuditService
from bot.services.registry._results import (
    ImportResult,
    SetResult,
    bundled_csv,
    screenful,
)
from bot.services.registry._text import field_text
from bot.services.timers import Timekeeper
from storage.db import Store, Tx
from storage.parties import all_parties, count_parties, delete_parties, get_party, save_parties
from storage.people import (
    count_people_by_party,
)

NOT_CHANGED = "Nothing was changed."
ROLE_LABELS: dict[str, str] = {
    "focal_point": "focal point", "expert": "expert", "observer": "observer",
}  # fmt: skip


class RegistryService:
    def __init__(
        self, store: Store, clock: Clock, audit: AuditService, timers: Timekeeper,
        messenger: Messenger | None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.audit = audit
        self.timers = timers
        self.messenger = messenger

    # ------------------------------------------------------------------ parties

    async def seed_if_empty(self) -> int:
        """Load the bundled registry when there is none yet; return how many parties."""
        async with self.store.read() as tx:
            if await count_parties(tx):
                return 0
        data = bundled_csv()
        outcome = parse_parties_csv(data)
        if not outcome.ok:
            problems = "; ".join(outcome.error_lines())
            raise RuntimeError(f"the bundled registry is invalid: {problems}")
        async with self.store.transaction() as tx:
            if await count_parties(tx):
                return 0
            await save_parties(tx, outcome.parties, at=self.clock.now())
            await self.audit.record_in(
                tx, SYSTEM, "registry.seed", "parties",
                {"parties": len(outcome.parties), "file": "bot/data/parties.csv",
                 "sha256": hashlib.sha256(data).hexdigest()},
            )
            await self._changed(tx, [p.code for p in outcome.parties])
        return len(outcome.parties)

    async def parties(self) -> list[Party]:
        async with self.store.read() as tx:
            return await all_parties(tx)

    async def _find_in(self, tx: Tx, text: str) -> Party:
        key = text.strip()
        if not key:
            raise InputError(_("Name a party: type its code (such as KEN) or its name."))
        party = await get_party(tx, key) if len(key) == 3 else None
        if party is None:
            wanted = key.casefold()
            party = next(
                (p for p in await all_parties(tx)
                 if wanted in (p.name.casefold(), p.label.casefold())),
                None,
            )
        if party is None:
            raise InputError(
                _("There is no party “{key}” in the registry. Start typing a name or a code and "
                  "pick the party from the list.", key=quote(key))
            )
        return party

    async def find(self, text: str) -> Party:
        """The party with this code or name; ``InputError`` when there is none."""
        async with self.store.read() as tx:
            return await self._find_in(tx, text)

    async def suggest(self, text: str, limit: int = 25) -> list[Party]:
        """Parties whose code or name matches what has been typed, best matches first."""
        parties = await self.parties()
        key = text.strip().casefold()
        if not key:
            return parties[:limit]
        ranked: dict[str, Party] = {}
        for test in (
            lambda p: p.code.casefold().startswith(key),
            lambda p: p.name.casefold().startswith(key),
            lambda p: key in p.name.casefold(),
        ):
            ranked.update((p.code, p) for p in parties if p.code not in ranked and test(p))
        return list(ranked.values())[:limit]

    async def set_field(
        self, actor: Actor, party_text: str, field: str, value: str
    ) -> SetResult:
        if field not in EDITABLE_FIELDS:
            raise InputError(
                _("“{field}” is not a field you can set. Choose one of: {fields}. "
                  "Nothing was changed.", field=quote(field),
                  fields=', '.join(EDITABLE_FIELDS))
            )
        async with self.store.transaction() as tx:
            before = await self._find_in(tx, party_text)
            try:
                after = apply_field(before, field, value)
            except FieldValueError as exc:
                raise InputError(_("{exc}\nExpected: {expected}. Nothing was changed.", exc=exc,
                                   expected=FIELD_HELP[field])) from None
            if field == "name":
                for other in await all_parties(tx):
                    if other.code != after.code and other.name.casefold() == after.name.casefold():
                        raise InputError(
                            _("The name “{name}” is already used by {label}. Nothing was changed.",
                              name=quote(after.name), label=other.label)
                        )
            result = SetResult(
                party=after, field=field, before=field_text(before, field),
                after=field_text(after, field), changed=after != before,
            )
            if result.changed:
                await save_parties(tx, [after], at=self.clock.now())
                await self.audit.record_in(
                    tx, actor, "party.set", after.code,
                    {"field": field, "before": result.before, "after": result.after},
                )
                await self._changed(tx, [after.code])
        return result

    async def import_csv(
        self, actor: Actor, data: bytes | str, *, remove_missing: bool = False
    ) -> ImportResult:
        """Apply a whole registry file, or nothing at all (``InputError`` lists the problems)."""
        outcome = parse_parties_csv(data)
        if not outcome.ok:
            intro = ("The file was not imported. Nothing was changed. Fix these problems and try "
                     "again:")
            raise InputError(screenful(outcome.errors, intro))
        incoming = {p.code: p for p in outcome.parties}
        raw = data.encode("utf-8") if isinstance(data, str) else data
        async with self.store.transaction() as tx:
            current = {p.code: p for p in await all_parties(tx)}
            missing = tuple(sorted(set(current) - set(incoming)))
            removed = missing if remove_missing else ()
            staffed = await count_people_by_party(tx)
            blocked = [code for code in removed if staffed.get(code)]
            if blocked:
                raise InputError(
                    _("The file was not imported. Nothing was changed. It leaves out parties that "
                      "still have registered people: {blocked}. Remove their people with `/expert "
                      "remove` first, or keep their rows in the file.", blocked=', '.join(blocked))
                )
            result = ImportResult(
                added=tuple(sorted(set(incoming) - set(current))),
                changed=tuple(c for c in sorted(incoming) if c in current
                              and incoming[c] != current[c]),
                removed=removed,
                kept=() if remove_missing else missing,
                total=len(incoming) + (0 if remove_missing else len(missing)),
            )
            if not result.unchanged:
                await save_parties(
                    tx, [incoming[c] for c in (*result.added, *result.changed)],
                    at=self.clock.now(),
                )
                await delete_parties(tx, result.removed)
                await self.audit.record_in(
                    tx, actor, "registry.import", "parties",
                    {"added": list(result.added), "changed": list(result.changed),
                     "removed": list(result.removed), "rows": len(incoming),
                     "sha256": hashlib.sha256(raw).hexdigest()},
                )
                await self._changed(tx, [*result.added, *result.changed, *result.removed])
        return result

    async def export_csv(self) -> bytes:
        """The registry in the import format (UTF-8 with a byte-order mark, for Excel)."""
        parties = await self.parties()
        if not parties:
            raise InputError(_("The registry is empty: there is nothing to export yet."))
        return parties_csv_bytes(parties)

    def export_filename(self) -> str:
        return f"parties-{self.clock.now().date().isoformat()}.csv"

    async def provenance(self) -> ProvenanceSummary:
        return describe_provenance(await self.parties())

    async def _changed(self, tx: Tx, parties: list[str], users: list[int] | None = None) -> None:
        """Hand the change on, in its own transaction: reminders, channels and rooms follow."""
        change = PartiesChanged(parties=tuple(parties), users=tuple(users or ()),
                                people=users is not None)
        await self.timers.hand_off(tx, PARTIES_CHANGED, change.model_dump(mode="json"))
