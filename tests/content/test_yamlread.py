"""The full YAML reader: a date the calendar does not have is a located syntax error, never a
crash or a silent string."""

from __future__ import annotations

import pytest

from fieldkit.diagnostics import FieldKitError
from fieldkit.yamlread import parse


@pytest.mark.parametrize("value", ["2026-02-30", "2026-13-45T10:00:00Z"])
def test_an_impossible_date_is_a_located_error(value: str) -> None:
    with pytest.raises(FieldKitError) as caught:
        parse(f"title: x\nreviewed: {value}\n", "bad.yaml")
    d = caught.value.diagnostics[0]
    assert (d.path, d.line, d.col, d.rule) == ("bad.yaml", 2, 11, "yaml-syntax")
