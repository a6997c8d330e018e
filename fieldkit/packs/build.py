"""Building a signed pack from a content folder that checks clean and passes its scenarios."""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from fieldkit.content import load_content
from fieldkit.content.loader import content_files
from fieldkit.content.model import Content
from fieldkit.guides.scenarios import run_scenarios
from fieldkit.packs.errors import PackError
from fieldkit.packs.format import FORMAT, file_digest, version_key, write_pack
from fieldkit.packs.keys import fingerprint, load_private_key
from fieldkit.yamlread import load_file


@dataclass(frozen=True)
class Built:
    path: Path
    version: str
    files: int
    signer: str
    scenarios: int


def _jsonable(v: Any) -> Any:
    if isinstance(v, dict):
        return {str(k): _jsonable(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_jsonable(x) for x in v]
    if isinstance(v, (date, datetime)):
        return v.isoformat()
    return v


def item_statuses(content: Content) -> dict[str, dict[str, Any]]:
    """Each item's status and sign-off, signed with the pack, so a laptop can tell what it
    was given approved and what is still draft (with the ids of its open points)."""
    out: dict[str, dict[str, Any]] = {}
    for kind, iid, obj in content.headed():
        h = obj.header
        out[f"{kind}:{iid}"] = {
            "version": h.version, "status": h.status, "approved_by": h.approved_by,
            "approved_on": h.approved_on.isoformat() if h.approved_on else "",
            "open_points": [p.id for p in h.open_points]}
    for sid, sp in sorted(content.signposts.items()):
        out[f"signpost:{sid}"] = {"version": sp.file_version, "status": sp.status,
                                  "approved_by": "", "approved_on": "",
                                  "open_points": [p.id for p in sp.open_points]}
    return out


def build_pack(root: Path, key_path: Path, out: Path, now: datetime | None = None) -> Built:
    key = load_private_key(key_path)
    content = load_content(root)
    errors = content.report.errors
    if errors:
        shown = "\n".join(f"  {d}" for d in errors[:10])
        more = f"\n  ... and {len(errors) - 10} more" if len(errors) > 10 else ""
        raise PackError(f"{root}: refused: the content has {len(errors)} checker error(s); "
                        f"fix them first (fieldkit content check {root}):\n{shown}{more}")
    results = run_scenarios(content)
    failed = [r for r in results if not r.passed]
    if failed:
        shown = "\n".join(f"  {r.line()}" for r in failed[:10])
        raise PackError(f"{root}: refused: {len(failed)} scenario(s) fail; fix them first "
                        f"(fieldkit content test {root}):\n{shown}")
    manifest_file = root / "content.yaml"
    if not manifest_file.is_file():
        raise PackError(f"{root}: refused: no content.yaml; a pack needs its title, version, "
                        "owner and changelog")
    version_key(content.version)
    meta = load_file(manifest_file)
    files: dict[str, bytes] = {}
    for _, path in content_files(root):
        files[path.relative_to(root).as_posix()] = path.read_bytes()
    digest = file_digest(files)
    if digest != content.digest:
        raise PackError(f"{root}: the content changed while the pack was being built; try "
                        "again")
    created = (now or datetime.now(UTC)).replace(microsecond=0)
    public = key.public_key()  # type: ignore[attr-defined]
    manifest = {
        "format": FORMAT,
        "title": content.title,
        "version": content.version,
        "owner": str(meta.get("owner", "")),
        "created": created.isoformat().replace("+00:00", "Z"),
        "changelog": _jsonable(meta.get("changelog", [])),
        "files": {rel: hashlib.sha256(data).hexdigest() for rel, data in files.items()},
        "content_digest": digest,
        "signer": fingerprint(public),
        "items": item_statuses(content),
    }
    raw = json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False).encode("utf-8")
    signature = base64.b64encode(key.sign(raw)) + b"\n"  # type: ignore[attr-defined]
    out.parent.mkdir(parents=True, exist_ok=True)
    write_pack(out, raw, signature, files, created)
    return Built(out, content.version, len(files), fingerprint(public), len(results))
