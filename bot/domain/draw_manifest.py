"""Building a reviewer-draw/v1 manifest from the registry, the cycle's loads and the settings.

Pure functions: the draw service reads the rows and calls these. What the manifest commits to:

* ``pool``: every party with a regional group. A party without one can be neither drawn nor
  reviewed; it is left out and named in ``meta.registry.no_group``.
* ``instruments``: those with articles to review in the draw's cluster (Table 1).
* ``load``: the reviews each State already carries in this cluster's cycle: reviewer places in
  the cluster's reviews (open or closed), plus places from earlier draws of the cluster that are
  not yet recorded as reviews. ``existing`` holds the same (State under review, reviewer) pairs.
* ``meta``: title, cluster, the registry's sources and as-of dates, the registry values the draw
  relies on that are unconfirmed, the announced time and the standalone verifier's SHA-256.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.domain.beacon import QUICKNET_SOURCE, time_of_round
from bot.domain.draw_models import SCHEME, Manifest, validate_manifest
from bot.domain.errors import InputError
from bot.domain.mechanism import INSTRUMENTS, Cluster, instruments_under_review
from bot.domain.parties import INSTRUMENT_COLUMNS, Party
from bot.domain.party_values import parse_group
from bot.domain.timefmt import iso_utc

BASE_INSTRUMENT = "UNTOC"
RECORDED_NOTE = (
    "RECORDED beacon: real drand quicknet rounds recorded earlier and replayed for a test or an "
    "offline demonstration. Their values were public long before this draw, so this draw "
    "proves nothing about chance; it must not be used for a real review."
)


@dataclass(frozen=True)
class ClusterLoad:
    """What the cluster's reviews and earlier draws already hold."""

    pairs: tuple[tuple[str, str], ...] = ()  # (sur, reviewer), one per reviewer place
    busy: dict[str, str] = field(default_factory=dict)  # sur -> where it already has reviewers

    def loads(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for _sur, reviewer in self.pairs:
            out[reviewer] = out.get(reviewer, 0) + 1
        return out

    def existing(self) -> list[list[str]]:
        return [list(p) for p in sorted(set(self.pairs))]


@dataclass(frozen=True)
class ManifestPlan:
    manifest: Manifest  # checked; ``manifest.model_dump()`` is the JSON value logged
    no_group: tuple[str, ...]
    unconfirmed: dict[str, tuple[str, ...]]  # column -> pool codes whose value is unconfirmed
    sur_unconfirmed: dict[str, tuple[str, ...]]  # sur -> its unconfirmed columns


def relied_columns(cluster: Cluster) -> tuple[str, ...]:
    """Registry columns the draw's outcome depends on, in the registry's order."""
    wanted = instruments_under_review(INSTRUMENTS, cluster)
    return ("regional_group", "legal_system",
            *(INSTRUMENT_COLUMNS[i] for i in INSTRUMENTS if i in wanted))


def select_parties(text: str, parties: Sequence[Party]) -> list[str]:
    """Codes named in ``text``: codes ("KEN, AUT, JPN") and/or regional groups ("AFRICA",
    "African States"), separated by commas. Every party named must exist and have a group."""
    by_code = {p.code: p for p in parties}
    chosen: list[str] = []
    unknown: list[str] = []
    for item in (i.strip() for i in re.split(r"[,;\n]+", text) if i.strip()):
        group = _group(item)
        if group is not None:
            chosen.extend(p.code for p in parties if p.group is not None and p.group.value == group)
            continue
        for word in item.split():
            code = word.strip().upper()
            if code in by_code:
                chosen.append(code)
            else:
                unknown.append(word.strip())
    if unknown:
        raise InputError(
            f"Not a party code or a regional group: {', '.join(unknown[:10])}. Write codes "
            "separated by commas (KEN, AUT, JPN) or a regional group (AFRICA or African "
            "States). Nothing was changed."
        )
    codes = list(dict.fromkeys(chosen))
    if not codes:
        raise InputError("Name at least one State party to draw reviewers for. "
                         "Nothing was changed.")
    no_group = [c for c in codes if by_code[c].group is None]
    if no_group:
        raise InputError(
            f"{', '.join(by_code[c].label for c in no_group)} has no regional group in the "
            "registry, so it can be neither reviewed nor drawn. The secretariat can set one with "
            "`/registry set`. Nothing was changed."
        )
    return codes


def _group(item: str) -> str | None:
    if len(item.strip()) == 3 and item.strip().isalpha() and item.strip().isupper():
        return None  # a code, even one that spells a group alias
    try:
        group = parse_group(item)
    except ValueError:
        return None
    return group.value if group is not None else None


def rules_from(max_reviews: int, max_reviewers: int, redraws: int) -> dict[str, Any]:
    return {
        "max_reviews_per_state": max_reviews, "exclude_mutual": True,
        "prefer_legal_match": True, "prefer_full_coverage": True,
        "additional_reviewers": True, "max_reviewers_per_review": max_reviewers,
        "redraws": {"max_per_requester": redraws},
    }


def build_manifest(
    *, draw_id: str, title: str, cluster: Cluster, parties: Iterable[Party],
    under_review: Sequence[str], load: ClusterLoad, rules: dict[str, Any],
    beacon: dict[str, Any], announced_at: datetime, opened_by: str, verifier_sha256: str,
    replaces: tuple[str, str] | None = None,
) -> ManifestPlan:
    everyone = list(parties)
    pool = [p for p in everyone if p.group is not None]
    no_group = tuple(p.code for p in everyone if p.group is None)
    wanted = [i.value for i in instruments_under_review(INSTRUMENTS, cluster)]
    loads = load.loads()
    columns = relied_columns(cluster)
    unconfirmed = {c: tuple(p.code for p in pool if c in p.provenance.unconfirmed)
                   for c in columns}
    unconfirmed = {c: codes for c, codes in unconfirmed.items() if codes}
    by_code = {p.code: p for p in pool}
    sur_unconfirmed = {s: tuple(c for c in columns if c in by_code[s].provenance.unconfirmed)
                       for s in under_review}
    sources: dict[tuple[str, str], int] = {}
    for p in pool:
        key = (p.provenance.source, p.provenance.as_of.isoformat())
        sources[key] = sources.get(key, 0) + 1
    meta: dict[str, Any] = {
        "title": title,
        "cluster": int(cluster),
        "cluster_title": cluster.title,
        "announced_at": iso_utc(announced_at),
        "round_time": iso_utc(datetime.fromtimestamp(time_of_round(beacon["round"]),
                                                     tz=announced_at.tzinfo)),
        "opened_by": opened_by,
        "registry": {
            "sources": [{"source": s, "as_of": a, "parties": n}
                        for (s, a), n in sorted(sources.items())],
            "unconfirmed": {c: list(codes) for c, codes in unconfirmed.items()},
            "no_group": list(no_group),
        },
        "load": (f"reviewer places in cluster {int(cluster)} reviews (open or closed), plus "
                 "places from earlier draws of the cluster not yet recorded as reviews"),
        "verifier_sha256": verifier_sha256,
    }
    if beacon["source"] != QUICKNET_SOURCE:
        meta["beacon_note"] = RECORDED_NOTE
    if replaces is not None:  # a draw whose manifest was not published before its round
        meta["replaces"] = {"draw_id": replaces[0], "why": replaces[1]}
    manifest = {
        "scheme": SCHEME,
        "draw_id": draw_id,
        "base_instrument": BASE_INSTRUMENT,
        "instruments": wanted,
        "pool": [
            {"code": p.code, "group": p.group.value if p.group else "",
             "legal": sorted(f.value for f in p.legal),
             "instruments": sorted(i.value for i in p.instruments),
             "load": loads.get(p.code, 0)}
            for p in pool
        ],
        "under_review": list(under_review),
        "existing": load.existing(),
        "rules": rules,
        "beacon": beacon,
        "meta": meta,
    }
    return ManifestPlan(validate_manifest(manifest), no_group, unconfirmed, sur_unconfirmed)
