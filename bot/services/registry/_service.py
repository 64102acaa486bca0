"""The registry of States parties and their people: seed, show, edit, import, export, people.

Every change is audited in its own transaction, which also writes the hand-off
(``PARTIES_CHANGED``) that brings reminders, review channels and call rooms in line. A person whose
registration changes is told by direct message what they can now see and do; the message
names no one else.

A party has at most one focal point. Naming a new focal point turns the previous one into an
expert of the same party (both changes are audited, and both people are told).
"""

from __future__ import annotations

import hashlib
import logging

from bot.clock import Clock
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
from bot.ports import Messenger, OutMessage, Textual
from bot.services.audit import AuditService
from bot.services.registry._results import (
    ImportResult,
    PersonChange,
    SetResult,
    bundled_csv,
    screenful,
)
from bot.services.registry._text import field_text, role_notice
from bot.services.timers import Timekeeper
from storage.db import Store, Tx
from storage.parties import all_parties, count_parties, delete_parties, get_party, save_parties
from storage.people import (
    ROLES,
    Person,
    Role,
    all_people,
    count_people_by_party,
    delete_person,
    focal_point_of,
    get_person,
    insert_person,
    people_of_party,
    set_person_role,
)

log = logging.getLogger(__name__)

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
                tx, "system", "registry.seed", "parties",
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
            raise InputError("Name a party: type its code (such as KEN) or its name.")
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
                f"There is no party “{quote(key)}” in the registry. Start typing a name or a "
                "code and pick the party from the list."
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
        self, actor: int | str, party_text: str, field: str, value: str
    ) -> SetResult:
        if field not in EDITABLE_FIELDS:
            raise InputError(
                f"“{quote(field)}” is not a field you can set. Choose one of: "
                f"{', '.join(EDITABLE_FIELDS)}. {NOT_CHANGED}"
            )
        async with self.store.transaction() as tx:
            before = await self._find_in(tx, party_text)
            try:
                after = apply_field(before, field, value)
            except FieldValueError as exc:
                raise InputError(f"{exc}\nExpected: {FIELD_HELP[field]}. {NOT_CHANGED}") from None
            if field == "name":
                for other in await all_parties(tx):
                    if other.code != after.code and other.name.casefold() == after.name.casefold():
                        raise InputError(
                            f"The name “{quote(after.name)}” is already used by {other.label}. "
                            f"{NOT_CHANGED}"
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
        self, actor: int | str, data: bytes | str, *, remove_missing: bool = False
    ) -> ImportResult:
        """Apply a whole registry file, or nothing at all (``InputError`` lists the problems)."""
        outcome = parse_parties_csv(data)
        if not outcome.ok:
            intro = f"The file was not imported. {NOT_CHANGED} Fix these problems and try again:"
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
                    f"The file was not imported. {NOT_CHANGED} It leaves out parties that still "
                    f"have registered people: {', '.join(blocked)}. Remove their people with "
                    "`/expert remove` first, or keep their rows in the file."
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
            raise InputError("The registry is empty: there is nothing to export yet.")
        return parties_csv_bytes(parties)

    def export_filename(self) -> str:
        return f"parties-{self.clock.now().date().isoformat()}.csv"

    async def provenance(self) -> ProvenanceSummary:
        return describe_provenance(await self.parties())

    # ------------------------------------------------------------------ people

    async def person(self, user_id: int) -> tuple[str, str] | None:
        """(party code, role) of a registered member; the access checks use this."""
        async with self.store.read() as tx:
            found = await get_person(tx, user_id)
        return (found.party, found.role) if found else None

    async def people(self, party_text: str | None = None) -> list[tuple[Party, list[Person]]]:
        """Each party with its people; one party when named, else every party with people."""
        async with self.store.read() as tx:
            if party_text:
                party = await self._find_in(tx, party_text)
                return [(party, await people_of_party(tx, party.code))]
            everyone = await all_people(tx)
            by_code = {p.code: p for p in await all_parties(tx)}
        grouped: dict[str, list[Person]] = {}
        for person in everyone:
            grouped.setdefault(person.party, []).append(person)
        return [(by_code[code], grouped[code]) for code in sorted(grouped)]

    async def add_person(
        self, actor: int | str, user_id: int, party_text: str, role: str
    ) -> PersonChange:
        """Register a member for a party, or change their role there."""
        if role not in ROLES:
            raise InputError(f"The role must be one of: {', '.join(ROLE_LABELS.values())}.")
        new_role: Role = role  # type: ignore[assignment]
        replaced: int | None = None
        async with self.store.transaction() as tx:
            party = await self._find_in(tx, party_text)
            existing = await get_person(tx, user_id)
            if existing is not None and existing.party != party.code:
                other = await self._find_in(tx, existing.party)
                raise InputError(
                    f"<@{user_id}> is already registered for {other.label} as "
                    f"{ROLE_LABELS[existing.role]}. A member may serve only one party: remove "
                    f"them from {other.code} with `/expert remove` first. {NOT_CHANGED}"
                )
            if existing is not None and existing.role == new_role:
                raise InputError(
                    f"<@{user_id}> is already the {ROLE_LABELS[new_role]} of {party.label}. "
                    f"{NOT_CHANGED}"
                )
            subject = f"{party.code} <@{user_id}>"
            if new_role == "focal_point":
                current = await focal_point_of(tx, party.code)
                if current is not None and current.user_id != user_id:
                    replaced = current.user_id
                    await set_person_role(tx, replaced, "expert")
                    await self.audit.record_in(
                        tx, actor, "expert.role", f"{party.code} <@{replaced}>",
                        {"party": party.code, "user": replaced, "from": "focal_point",
                         "to": "expert", "reason": f"replaced as focal point by {user_id}"},
                    )
            if existing is None:
                await insert_person(
                    tx, user_id, party.code, new_role, at=self.clock.now(), by=str(actor)
                )
                await self.audit.record_in(
                    tx, actor, "expert.add", subject,
                    {"party": party.code, "user": user_id, "role": new_role},
                )
            else:
                await set_person_role(tx, user_id, new_role)
                await self.audit.record_in(
                    tx, actor, "expert.role", subject,
                    {"party": party.code, "user": user_id, "from": existing.role, "to": new_role},
                )
            await self._changed(tx, [party.code], [user_id, *([replaced] if replaced else [])])
        previous = existing.role if existing else None
        told = await self._tell(user_id, role_notice(party, new_role, previous))
        if replaced is not None:
            await self._tell(replaced, role_notice(party, "expert", "focal_point"))
        return PersonChange(
            party=party, user_id=user_id, role=new_role, previous_role=previous,
            replaced_focal_point=replaced, told=told,
        )

    async def remove_person(self, actor: int | str, user_id: int, party_text: str) -> PersonChange:
        async with self.store.transaction() as tx:
            party = await self._find_in(tx, party_text)
            existing = await get_person(tx, user_id)
            if existing is None:
                raise InputError(f"<@{user_id}> is not registered for any party. {NOT_CHANGED}")
            if existing.party != party.code:
                raise InputError(
                    f"<@{user_id}> is registered for {existing.party}, not for {party.code}. "
                    f"{NOT_CHANGED}"
                )
            await delete_person(tx, user_id)
            await self.audit.record_in(
                tx, actor, "expert.remove", f"{party.code} <@{user_id}>",
                {"party": party.code, "user": user_id, "role": existing.role},
            )
            await self._changed(tx, [party.code], [user_id])
        told = await self._tell(user_id, role_notice(party, None, existing.role))
        return PersonChange(
            party=party, user_id=user_id, role=None, previous_role=existing.role, told=told
        )

    async def _changed(self, tx: Tx, parties: list[str], users: list[int] | None = None) -> None:
        """Hand the change on, in its own transaction: reminders, channels and rooms follow."""
        change = PartiesChanged(parties=tuple(parties), users=tuple(users or ()),
                                people=users is not None)
        await self.timers.hand_off(tx, PARTIES_CHANGED, change.model_dump(mode="json"))

    async def _tell(self, user_id: int, text: Textual) -> bool:
        """A direct message; False (and nothing else) when it cannot be delivered."""
        if self.messenger is None:
            return False
        try:
            return await self.messenger.direct(user_id, OutMessage(text))
        except Exception:
            log.warning("could not send a direct message to user %s", user_id, exc_info=True)
            return False
