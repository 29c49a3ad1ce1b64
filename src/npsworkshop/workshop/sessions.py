"""Session and participant commands: create a session with its frozen pack, change its details,
add, change and remove participants (draft sessions only)."""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, func, insert
from sqlmodel import Session, SQLModel, col, select

from npsworkshop.errors import InputError, NotFound, Refused, Tampered
from npsworkshop.framework.loader import LoadedPack, find_pack
from npsworkshop.framework.models import Pack
from npsworkshop.store.tables import (
    EventRow,
    PackCopyRow,
    ParticipantRow,
    RatingRow,
    SessionRow,
)
from npsworkshop.workshop import inputs, packs, reading
from npsworkshop.workshop.inputs import validate
from npsworkshop.workshop.transactions import Database, now

DETAILS = (
    "organisation_name",
    "organisation_type",
    "organisation_code",
    "title",
    "held_on",
    "facilitator",
)


def create_session(db: Database, draft: inputs.NewSession) -> str:
    """A new draft session with its frozen pack and participants; returns its id."""
    loaded = find_pack(draft.pack_id, db.workspace.root)
    scope = check_scope(loaded.pack, draft.scope, "scope")
    session_id = secrets.token_hex(6)
    with db.write(None, "session-created") as (session, _):
        insert_session(session, session_id, draft, loaded, scope)
        insert_rows(
            session,
            ParticipantRow,
            [
                {
                    "session_id": session_id,
                    "key": f"p{position}",
                    "name": person.name,
                    "role": person.role,
                    "department": person.department,
                    "position": position,
                }
                for position, person in enumerate(draft.participants, start=1)
            ],
        )
        session.add(
            EventRow(
                session_id=session_id,
                at=now(),
                kind="session-created",
                detail=json.dumps({"title": draft.title, "pack": loaded.pack.id}),
            )
        )
    return session_id


def check_scope(
    pack: Pack, scope: Sequence[str] | None, where: str, source: str = "session"
) -> list[str]:
    """The areas to assess, in the pack's order; every area when `scope` is None."""
    if scope is None:
        return list(pack.area_ids())
    known = pack.area_ids()
    problems = [
        f"{where}[{i}]: unknown area {a!r} in pack {pack.id}"
        for i, a in enumerate(scope)
        if a not in known
    ]
    if problems:
        raise InputError(source, problems)
    if not scope:
        raise InputError(source, [f"{where}: choose at least one area"])
    twice = sorted({a for a in scope if scope.count(a) > 1})
    if twice:
        listed = ", ".join(repr(a) for a in twice)
        raise InputError(source, [f"{where}: {listed} listed twice; name each area once"])
    return [a for a in known if a in scope]


def insert_session(
    session: Session,
    session_id: str,
    draft: inputs.NewSession,
    loaded: LoadedPack,
    scope: list[str],
) -> None:
    stamp = now()
    store_pack_copy(session, loaded)
    insert_rows(
        session,
        SessionRow,
        [
            {
                "id": session_id,
                "organisation_name": draft.organisation_name,
                "organisation_type": draft.organisation_type,
                "organisation_code": draft.organisation_code,
                "title": draft.title,
                "held_on": draft.held_on.isoformat(),
                "facilitator": draft.facilitator,
                "pack_id": loaded.pack.id,
                "pack_title": loaded.pack.title,
                "pack_version": loaded.pack.version,
                "pack_sha256": loaded.sha256,
                "scope": json.dumps(scope),
                "created_at": stamp,
                "updated_at": stamp,
            }
        ],
    )


_STORED_COPY = "SELECT content FROM pack_copy WHERE sha256 = ?"
_SIGNED_USER = (
    "SELECT 1 FROM workshop_session AS s JOIN sign_off AS o ON o.session_id = s.id "
    "WHERE s.pack_sha256 = ? LIMIT 1"
)
_REPLACE_COPY = "UPDATE pack_copy SET content = ? WHERE sha256 = ?"


def store_pack_copy(session: Session, loaded: LoadedPack) -> None:
    """The pack's frozen copy, stored once per sha256 (sessions on it share the row). A stored
    copy that no longer matches its sha256 is replaced by the genuine one, unless a signed-off
    session uses it (then the database refuses: that evidence stays, reported as tampered)."""
    connection = session.connection()
    stored = connection.exec_driver_sql(_STORED_COPY, (loaded.sha256,)).scalar()
    if stored is not None and packs.matches(str(stored), loaded.sha256):
        return
    content = loaded.content_json()
    if not packs.matches(content, loaded.sha256):
        raise Refused(
            f"pack {loaded.pack.id}: its copy does not give its sha256; nothing was saved"
        )
    if stored is None:
        insert_rows(session, PackCopyRow, [{"sha256": loaded.sha256, "content": content}])
        return
    if connection.exec_driver_sql(_SIGNED_USER, (loaded.sha256,)).first() is not None:
        raise Tampered(
            f"the workspace's stored copy of pack {loaded.pack.id} was changed outside "
            "npsworkshop and a signed-off session uses it (see `npsworkshop sessions`); "
            "nothing was saved. Restore a backup (`npsworkshop backups`) to use the pack again.",
            packs.copy_changed(f"pack {loaded.pack.id}"),
        )
    connection.exec_driver_sql(_REPLACE_COPY, (content, loaded.sha256))


def insert_rows(session: Session, table: type[SQLModel], rows: list[dict[str, Any]]) -> None:
    """One executemany of a Core INSERT (the ORM's bulk mode still runs a statement a row)."""
    if rows:
        session.connection().execute(
            insert(SQLModel.metadata.tables[str(table.__tablename__)]), rows
        )


def update_details(db: Database, session_id: str, **changes: Any) -> None:
    """Change organisation, type, GSS code, title, date or facilitator of a draft session."""
    unknown = set(changes) - set(DETAILS)
    if unknown:
        raise InputError("session", [f"{name}: cannot be changed" for name in sorted(unknown)])
    with db.read() as session:
        row = reading.session_row(session, session_id)
        current = {name: getattr(row, name) for name in DETAILS} | {"pack_id": row.pack_id}
    checked: inputs.NewSession = validate(inputs.NewSession, "session", **(current | changes))
    with db.write(session_id, "details-changed", **changes) as (session, _):
        row = reading.session_row(session, session_id)
        for name in DETAILS:
            setattr(row, name, getattr(checked, name))
        row.held_on = checked.held_on.isoformat()
        session.add(row)


_KEYS_USED = (
    "SELECT json_extract(detail, '$.key') FROM event WHERE session_id = ? AND kind IN "
    "('participant-added', 'participant-removed', 'participant-changed') "
    "AND json_valid(detail) AND json_extract(detail, '$.key') IS NOT NULL"
)
# The phones' rows that name a participant by key (room/, through workshop/ballots.py).
_BALLOT_TABLES = ("ballot_binding", "ballot_released", "ballot_vote", "ballot_closed")


def add_participant(db: Database, session_id: str, name: str, role: str, department: str) -> str:
    """A latecomer: the next key never used in the session (p1, p2, ...), placed last."""
    person: inputs.ParticipantInput = validate(
        inputs.ParticipantInput, "participant", name=name, role=role, department=department
    )
    with db.write(session_id, "participant-added", name=person.name) as (session, change):
        keys = list(
            session.exec(select(ParticipantRow.key).where(ParticipantRow.session_id == session_id))
        )
        # Every key ever used here, removed ones too (the event log keeps them): a phone bound
        # to, or a vote or undo entry from, a removed participant never passes to a newcomer.
        keys += [str(k) for (k,) in session.connection().exec_driver_sql(_KEYS_USED, (session_id,))]
        numbers = [int(k[1:]) for k in keys if k.startswith("p") and k[1:].isdigit()]
        key = f"p{max(numbers, default=0) + 1}"
        last = session.exec(
            select(func.max(ParticipantRow.position)).where(ParticipantRow.session_id == session_id)
        ).one()
        session.add(
            ParticipantRow(
                session_id=session_id,
                key=key,
                name=person.name,
                role=person.role,
                department=person.department,
                position=(last or 0) + 1,
            )
        )
        change.detail["key"] = key
    return key


def update_participant(
    db: Database, session_id: str, key: str, name: str, role: str, department: str
) -> None:
    person: inputs.ParticipantInput = validate(
        inputs.ParticipantInput, "participant", name=name, role=role, department=department
    )
    with db.write(session_id, "participant-changed", key=key) as (session, change):
        row = participant(session, session_id, key)
        change.detail["old"] = {"name": row.name, "role": row.role, "department": row.department}
        change.detail["new"] = person.model_dump()
        row.name, row.role, row.department = person.name, person.role, person.department
        session.add(row)


def remove_participant(db: Database, session_id: str, key: str) -> None:
    """Remove a participant with their ratings and everything the phones kept for them (the
    binding of their phone, their votes, closed ballots and released phones), in one
    transaction: nothing of theirs is left for the room to give anyone else."""
    with db.write(session_id, "participant-removed", key=key) as (session, change):
        row = participant(session, session_id, key)
        change.detail["old"] = {"name": row.name, "role": row.role, "department": row.department}
        session.execute(delete(RatingRow).where(col(RatingRow.participant_id) == row.id))
        for table in _BALLOT_TABLES:
            session.connection().exec_driver_sql(
                f"DELETE FROM {table} WHERE session_id = ? AND participant = ?", (session_id, key)
            )
        session.delete(row)


def participant(session: Session, session_id: str, key: str) -> ParticipantRow:
    row = session.exec(
        select(ParticipantRow).where(
            ParticipantRow.session_id == session_id, ParticipantRow.key == key
        )
    ).first()
    if row is None:
        raise no_participant(session_id, key)
    return row


def no_participant(session_id: str, key: str) -> NotFound:
    return NotFound(f"no participant {key!r} in session {session_id}")
