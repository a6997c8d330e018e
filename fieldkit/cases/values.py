"""Fact values as the store keeps them: JSON, with dates and lists read back as they went in."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any


def encode(value: Any) -> str:
    return json.dumps(_plain(value), ensure_ascii=False, sort_keys=True)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value


def decode(text: str) -> Any:
    return _typed(json.loads(text))


def _typed(value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1:
        if "$date" in value:
            return date.fromisoformat(value["$date"])
        if "$datetime" in value:
            return datetime.fromisoformat(value["$datetime"])
    if isinstance(value, list):
        return tuple(_typed(v) for v in value)
    return value

