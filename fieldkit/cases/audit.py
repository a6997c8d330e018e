"""The hash-chained audit log: each entry carries the hash of the one before.

An entry's hash covers the case id, its number, time, action, detail and the previous hash, so
changing, removing or reordering any entry breaks the chain from that point. The case row
keeps the count and the last hash, so cutting entries off the end is noticed too. The last
entry each transaction writes also carries a digest of the case's state as committed
(`state`), so an edit to the case tables made outside FieldKit shows up as a mismatch with the
last entry.

This makes tampering evident, not impossible: anyone who can rewrite the file can rebuild
the chain. Signing entries with a key held elsewhere is the step beyond this.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from fieldkit.cases.model import AuditEntry, VerifyResult

GENESIS = "0" * 64


def canonical(value: Any) -> str:
    """One fixed JSON spelling of a value, so the same data always hashes the same."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      default=str)


def entry_hash(case_id: str, n: int, at: str, action: str, detail_json: str, prev: str) -> str:
    payload = canonical([case_id, n, at, action, detail_json, prev])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def describe(entry: AuditEntry | tuple[int, str, str]) -> str:
    n, at, action = (entry.n, entry.at, entry.action) if isinstance(entry, AuditEntry) else entry
    return f"entry {n} ({action} at {at})"


def check_chain(
    case_id: str,
    rows: Sequence[tuple[int, str, str, str, str, str]],
    recorded_count: int,
    recorded_head: str,
    state_now: str,
) -> VerifyResult:
    """Walk the chain; `rows` are (n, at, action, detail_json, prev, hash) in order of n."""
    problems: list[str] = []
    bad: int | None = None

    def fail(n: int | None, text: str) -> None:
        nonlocal bad
        problems.append(text)
        if bad is None and n is not None:
            bad = n

    prev_hash = GENESIS
    expected = 1
    for n, at, action, detail_json, prev, stored in rows:
        name = describe((n, at, action))
        if n != expected:
            fail(n, f"entries {expected} to {n - 1} are missing before {name}")
        if prev != prev_hash:
            fail(n, f"{name} does not follow the entry before it: an entry before it was "
                 "changed or removed")
        if entry_hash(case_id, n, at, action, detail_json, prev) != stored:
            fail(n, f"{name} was changed after it was written")
        prev_hash = stored
        expected = n + 1
    last_n = rows[-1][0] if rows else 0
    if last_n != recorded_count or prev_hash != (recorded_head or GENESIS):
        fail(last_n + 1 if last_n < recorded_count else last_n or None,
             f"the log ends at entry {last_n} but the case records {recorded_count} "
             "entries: entries were removed or added outside FieldKit")
    if rows:
        try:
            state = json.loads(rows[-1][3]).get("state", "")
        except (ValueError, AttributeError):
            state = ""
        # Only a digest written by this schema version can be compared with today's data.
        if state and state.split(":", 1)[0] == state_now.split(":", 1)[0] and state != state_now:
            fail(last_n, f"the case data does not match {describe(rows[-1][:3])}: it was "
                 "changed outside FieldKit")
    return VerifyResult(case_id, not problems, len(rows), tuple(problems), bad)
