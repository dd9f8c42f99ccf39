"""Reviewers' decisions on flags: confirm, dismiss, reopen — with who, when (UTC) and a note."""

from __future__ import annotations

from sqlalchemy.orm import Session

from storage.models import Flag, utcnow

ACTIONS = {"confirm": "confirmed", "dismiss": "dismissed", "reopen": "open"}
MAX_NOTE = 2000


class UnknownFlag(LookupError):
    pass


def decide(session: Session, flag_id: int, action: str, who: str, note: str = "") -> Flag:
    """Apply `action` to a flag and record the decision; a blank note keeps the earlier note."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    flag = session.get(Flag, flag_id, with_for_update=session.get_bind().dialect.name != "sqlite")
    if flag is None:
        raise UnknownFlag(flag_id)
    flag.status = ACTIONS[action]
    flag.decided_by = who[:128]
    flag.decided_at = utcnow()
    note = note.strip()[:MAX_NOTE]
    if note:
        flag.note = note
    return flag
