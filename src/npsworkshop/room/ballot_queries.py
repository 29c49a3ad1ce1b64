"""The ballot box's SQL statements (room/ballot_sql.py runs them): the round, bindings, votes,
closed and released ballots, the roster check and refused attempts, each over the tables that
migration 0004 adds beside the record (room/ballot_schema.py for a ballot file of its own)."""

from __future__ import annotations

ROOM = "SELECT area_id, signed_off FROM ballot_room WHERE session_id = ?"
LATEST_ROUND = (
    "SELECT round, dimensions, revealed_at FROM ballot_round "
    "WHERE session_id = ? AND area_id = ? ORDER BY round DESC LIMIT 1"
)
NEW_ROUND = (
    "INSERT INTO ballot_round (session_id, area_id, round, dimensions, opened_at) "
    "VALUES (?, ?, ?, ?, ?)"
)
SET_AREA = (
    "INSERT INTO ballot_room (session_id, area_id) VALUES (?, ?) "
    "ON CONFLICT (session_id) DO UPDATE SET area_id = excluded.area_id"
)
SIGN_OFF = (
    "INSERT INTO ballot_room (session_id, signed_off) VALUES (?, 1) "
    "ON CONFLICT (session_id) DO UPDATE SET signed_off = 1"
)
SESSION_SIGNED = "SELECT 1 FROM sign_off WHERE session_id = ?"
BOUND_TO = "SELECT participant FROM ballot_binding WHERE session_id = ? AND device_sha256 = ?"
DEVICE_OF = "SELECT device_sha256 FROM ballot_binding WHERE session_id = ? AND participant = ?"
BIND = (
    "INSERT INTO ballot_binding (session_id, participant, device_sha256, bound_at) "
    "VALUES (?, ?, ?, ?)"
)
RELEASED = (
    "INSERT OR IGNORE INTO ballot_released (session_id, participant, device_sha256, released_at) "
    "VALUES (?, ?, ?, ?)"
)
WAS_RELEASED = (
    "SELECT 1 FROM ballot_released WHERE session_id = ? AND participant = ? AND device_sha256 = ?"
)
BINDINGS = "SELECT participant FROM ballot_binding WHERE session_id = ?"
UNBIND = "DELETE FROM ballot_binding WHERE session_id = ? AND participant = ?"
DROP_OPEN_VOTES = (
    "DELETE FROM ballot_vote WHERE session_id = ? AND participant = ? AND EXISTS ("
    "SELECT 1 FROM ballot_round AS r WHERE r.session_id = ballot_vote.session_id "
    "AND r.area_id = ballot_vote.area_id AND r.round = ballot_vote.round "
    "AND r.revealed_at IS NULL)"
)
VOTE = (
    "INSERT INTO ballot_vote (session_id, area_id, round, participant, dimension_id, level, "
    "voted_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT "
    "(session_id, area_id, round, participant, dimension_id) "
    "DO UPDATE SET level = excluded.level, voted_at = excluded.voted_at"
)
VOTES_OF = (
    "SELECT dimension_id, level FROM ballot_vote "
    "WHERE session_id = ? AND area_id = ? AND round = ? AND participant = ?"
)
ROUND_VOTES = (
    "SELECT participant, dimension_id, level FROM ballot_vote "
    "WHERE session_id = ? AND area_id = ? AND round = ? ORDER BY participant, dimension_id"
)
CLOSED = "SELECT participant FROM ballot_closed WHERE session_id = ? AND area_id = ? AND round = ?"
CLOSE = (
    "INSERT OR IGNORE INTO ballot_closed (session_id, area_id, round, participant, closed_at) "
    "VALUES (?, ?, ?, ?, ?)"
)
IS_CLOSED = (
    "SELECT 1 FROM ballot_closed "
    "WHERE session_id = ? AND area_id = ? AND round = ? AND participant = ?"
)
REVEAL = (
    "UPDATE ballot_round SET revealed_at = ? WHERE session_id = ? AND area_id = ? AND round = ?"
)
UNREVEAL = (
    "UPDATE ballot_round SET revealed_at = NULL WHERE session_id = ? AND area_id = ? AND round = ?"
)
# A participant removed from the session: nothing of theirs may be used again (never revealed,
# never bound), whatever key a later participant gets.
FORGET = tuple(
    f"DELETE FROM {table} WHERE session_id = ? AND participant = ?"
    for table in ("ballot_binding", "ballot_vote", "ballot_closed", "ballot_released")
)
# The session's roster as the database has it now (the room's copy may lag a removal by a
# moment); a ballot file of its own has no participant table, and then the room's copy rules.
HAS_ROSTER = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'participant'"
ROSTER = "SELECT key FROM participant WHERE session_id = ?"
REFUSE = "INSERT INTO ballot_refusal (session_id, at, participant, reason) VALUES (?, ?, ?, ?)"
REFUSALS = (
    "SELECT at, participant, reason FROM ballot_refusal WHERE session_id = ? "
    "ORDER BY id DESC LIMIT ?"
)
