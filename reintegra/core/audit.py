"""The audit trail: append to the keyed hash chain, checkpoint it, verify it.

Every row's MAC is HMAC-SHA256 over the row's canonical JSON followed by the previous
row's MAC. The key (`AUDIT_HMAC_KEY`) is not in the database, so a database writer can
neither forge a row nor re-link the chain after deleting one. Signed checkpoints, also
written to a file outside the database, reveal a tail cut off the end of the chain.
"""

import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from reintegra.core.actors import Actor
from reintegra.core.context import channel_var, request_id_var
from reintegra.core.models import AuditCheckpoint, AuditEvent, AuditSubject

GENESIS = "0" * 64
_LOCK_ID = 7_311_001  # arbitrary constant naming the audit-append advisory lock
CHAINED_FIELDS = (
    "seq",
    "occurred_at",
    "actor_user_id",
    "actor_name",
    "actor_agency_id",
    "actor_agency_name",
    "action",
    "channel",
    "target_type",
    "target_id",
    "target_repr",
    "person_id",
    "case_id",
    "categories",
    "purpose",
    "protocol_ref",
    "basis_ref",
    "request_id",
    "changes",
    "subjects",
    "flagged",
)
Subject = tuple[UUID | None, UUID | None]  # (person id, case id) of a row shown in a list


def _key(purpose: bytes = b"") -> bytes:
    base = settings.AUDIT_HMAC_KEY.encode()
    return hmac.new(base, purpose, hashlib.sha256).digest() if purpose else base


def _canonical(value: Any) -> Any:
    """JSON-safe, stable form of a value: UUIDs as text, datetimes in UTC ISO format."""
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def row_mac(row: Mapping[str, Any], prev_mac: str) -> str:
    """The MAC a row with these chained fields must carry after `prev_mac`."""
    payload = {name: _canonical(row[name]) for name in CHAINED_FIELDS}
    message = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hmac.new(_key(), message.encode() + prev_mac.encode(), hashlib.sha256).hexdigest()


def diff(
    before: Mapping[str, Any], after: Mapping[str, Any], *, reveal: Iterable[str] = ()
) -> dict[str, Any]:
    """Field changes for the audit row.

    Only fields named in `reveal` (codes, dates, stages) keep their old and new values;
    free text and personal details are recorded as "changed", so the audit table never
    becomes a second copy of sensitive data.
    """
    shown = set(reveal)
    changes: dict[str, Any] = {}
    for name, new in after.items():
        old = before.get(name)
        if old == new:
            continue
        changes[name] = [_canonical(old), _canonical(new)] if name in shown else "changed"
    return changes


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_ID])
    # SQLite: the IMMEDIATE transaction already holds the database write lock.


def audit_record(
    *,
    actor: Actor,
    action: str,
    target: models.Model | None = None,
    target_repr: str = "",
    person_id: UUID | None = None,
    case_id: UUID | None = None,
    categories: Iterable[str] = (),
    purpose: str = "",
    protocol_ref: str = "",
    basis_ref: str = "",
    changes: Mapping[str, Any] | None = None,
    subjects: Iterable[Subject] = (),
    flagged: bool = False,
) -> AuditEvent:
    """Append one audit row, chained to the previous one, in the caller's transaction.

    `subjects` names every person and case a list or search disclosed; they are chained
    with the row and indexed in AuditSubject for the disclosure log.
    """
    shown = [
        [_canonical(person), _canonical(case)]
        for person, case in dict.fromkeys(subjects)
        if person is not None or case is not None
    ]
    with transaction.atomic():
        _lock_chain()
        last = AuditEvent.objects.order_by("-seq").values("seq", "mac").first()
        prev_seq, prev_mac = (last["seq"], last["mac"]) if last else (0, GENESIS)
        event = AuditEvent(
            seq=prev_seq + 1,
            occurred_at=timezone.now(),
            actor_user_id=actor.user_id,
            actor_name=actor.name[:150],
            actor_agency_id=actor.agency_id,
            actor_agency_name=actor.agency_name[:200],
            action=action,
            channel=channel_var.get(),
            target_type=target._meta.label_lower if target is not None else "",
            target_id=str(target.pk) if target is not None else "",
            target_repr=(target_repr or (str(target) if target is not None else ""))[:200],
            person_id=person_id,
            case_id=case_id,
            categories=sorted(set(categories)),
            purpose=purpose[:200],
            protocol_ref=protocol_ref[:120],
            basis_ref=basis_ref[:200],
            request_id=request_id_var.get(),
            changes=dict(changes or {}),
            subjects=shown,
            flagged=flagged,
            prev_mac=prev_mac,
        )
        event.mac = row_mac(event.__dict__, prev_mac)
        event.save(force_insert=True)
        if shown:
            AuditSubject.objects.bulk_create(
                AuditSubject(event=event, person_id=person, case_id=case) for person, case in shown
            )
        return event


def _checkpoint_signature(seq: int, mac: str, created_at: str) -> str:
    message = "{seq}|{mac}|{at}".format(seq=seq, mac=mac, at=created_at).encode()
    return hmac.new(_key(b"checkpoint"), message, hashlib.sha256).hexdigest()


def audit_checkpoint() -> AuditCheckpoint | None:
    """Sign the current head of the chain; store it in the database and the external file."""
    with transaction.atomic():
        _lock_chain()
        head = AuditEvent.objects.order_by("-seq").values("seq", "mac").first()
        if head is None:
            return None
        created_at = timezone.now()
        stamp = _canonical(created_at)
        checkpoint = AuditCheckpoint.objects.create(
            seq=head["seq"],
            mac=head["mac"],
            created_at=created_at,
            signature=_checkpoint_signature(head["seq"], head["mac"], stamp),
        )
    path = Path(settings.AUDIT_CHECKPOINT_FILE)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        line = {"seq": head["seq"], "mac": head["mac"], "created_at": stamp}
        handle.write(json.dumps({**line, "signature": checkpoint.signature}) + "\n")
    return checkpoint


@dataclass(frozen=True)
class Finding:
    """One problem `audit_verify` found in the trail."""

    kind: str  # edited | broken_link | missing | truncated | bad_checkpoint | bad_index
    seq: int
    detail: str


def _rows() -> Iterator[dict[str, Any]]:
    fields = ("id", *CHAINED_FIELDS, "prev_mac", "mac")
    for values in AuditEvent.objects.order_by("seq").values_list(*fields).iterator(2000):
        yield dict(zip(fields, values, strict=True))


def _index_findings(expected: dict[int, tuple[int, set[tuple[str, str]]]]) -> list[Finding]:
    """Compare AuditSubject rows with the chained `subjects` of the same events."""
    found: dict[int, set[tuple[str, str]]] = {event_id: set() for event_id in expected}
    for event_id, person, case in AuditSubject.objects.filter(event_id__in=list(expected)).values_list(
        "event_id", "person_id", "case_id"
    ):
        found[event_id].add((_canonical(person), _canonical(case)))
    return [
        Finding("bad_index", seq, "subject index differs from the chained subjects")
        for event_id, (seq, subjects) in expected.items()
        if found[event_id] != subjects
    ]


def _external_checkpoints() -> list[dict[str, Any]]:
    path = Path(settings.AUDIT_CHECKPOINT_FILE)
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def audit_verify() -> tuple[int, list[Finding]]:
    """Replay the chain; return the number of rows read and every problem found."""
    findings: list[Finding] = []
    checkpoints = _external_checkpoints()
    if not checkpoints and AuditCheckpoint.objects.exists():
        # The file outside the database is the copy an attacker cannot reach with SQL alone.
        findings.append(
            Finding("bad_checkpoint", 0, "the checkpoint file is missing; only the database copy was checked")
        )
        checkpoints = [
            {"seq": c.seq, "mac": c.mac, "created_at": _canonical(c.created_at), "signature": c.signature}
            for c in AuditCheckpoint.objects.all()
        ]
    vouched = {point["seq"] for point in checkpoints}
    expected_seq, prev_mac, count = 1, GENESIS, 0
    macs: dict[int, str] = {}
    with_subjects: dict[int, tuple[int, set[tuple[str, str]]]] = {}
    for row in _rows():
        count += 1
        with_subjects[row["id"]] = (row["seq"], {(p, c) for p, c in row["subjects"]})
        if len(with_subjects) >= 2000:
            findings.extend(_index_findings(with_subjects))
            with_subjects = {}
        seq = row["seq"]
        if seq != expected_seq:
            findings.append(
                Finding("missing", seq, "rows {a}–{b} are missing".format(a=expected_seq, b=seq - 1))
            )
        if row_mac(row, row["prev_mac"]) != row["mac"]:
            findings.append(Finding("edited", seq, "row content does not match its MAC"))
        elif row["prev_mac"] != prev_mac:
            findings.append(
                Finding(
                    "broken_link",
                    seq,
                    "row does not follow the row before it (deleted, inserted or reordered rows)",
                )
            )
        if seq in vouched:
            macs[seq] = row["mac"]
        expected_seq, prev_mac = seq + 1, row["mac"]
    findings.extend(_index_findings(with_subjects))
    orphans = AuditSubject.objects.exclude(event__in=AuditEvent.objects.all()).count()
    if orphans:
        findings.append(Finding("bad_index", 0, "{n} subject rows point at no event".format(n=orphans)))
    last_seq = expected_seq - 1
    for point in checkpoints:
        signature = _checkpoint_signature(point["seq"], point["mac"], point["created_at"])
        if not hmac.compare_digest(signature, point["signature"]):
            findings.append(Finding("bad_checkpoint", point["seq"], "checkpoint signature invalid"))
        elif point["seq"] > last_seq:
            findings.append(
                Finding(
                    "truncated",
                    point["seq"],
                    "checkpoint vouches for {n} rows, chain ends at {m}".format(n=point["seq"], m=last_seq),
                )
            )
        elif macs.get(point["seq"]) != point["mac"]:
            findings.append(Finding("edited", point["seq"], "row differs from the signed checkpoint"))
    return count, findings
