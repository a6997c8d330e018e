"""`fieldkit --self-test` from source: passes on the shipped content, and fails loudly (exit 1,
the located problem printed) when content, scenarios or the handover note are wrong."""

from __future__ import annotations

import io
import re
import shutil
import sys
import types
from pathlib import Path

import pytest

from fieldkit import selftest
from fieldkit.cli import main
from fieldkit.content import builtin_content_dir

CHECKS = ("resources", "commands", "content", "scenarios", "handover", "store", "headless")


def run_to_text(content_dir: Path | None = None) -> tuple[int, str]:
    out = io.StringIO()
    code = selftest.run(content_dir, out=out)
    return code, out.getvalue()


def status(text: str) -> dict[str, str]:
    """Check name -> 'ok' or 'FAIL', from the one line each check prints."""
    found = re.findall(r"^(ok|FAIL)\s+(\w+)\s", text, flags=re.MULTILINE)
    return {name: word for word, name in found}


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A private copy of the shipped content, safe to break."""
    return Path(shutil.copytree(builtin_content_dir(), tmp_path / "content"))


def test_passes_on_shipped_content_with_one_line_per_check() -> None:
    code, text = run_to_text()
    assert code == 0, text
    assert status(text) == dict.fromkeys(CHECKS, "ok")
    n = len(CHECKS)
    assert text.rstrip().splitlines()[-1] == f"self-test passed: {n} of {n} checks"
    assert "youth-imagery > safeguard-educate" in text  # the shipped example case was walked


def test_content_error_fails_with_located_error(content_copy: Path) -> None:
    guide = content_copy / "guides" / "device-seizure.yaml"
    text = guide.read_text(encoding="utf-8")
    guide.write_text(re.sub(r"^start: .*$", "start: no-such-step", text, count=1,
                            flags=re.MULTILINE), encoding="utf-8")
    code, out = run_to_text(content_copy)
    assert code == 1
    assert status(out)["content"] == "FAIL"
    assert re.search(r"device-seizure\.yaml:\d+:\d+: error\[", out), out
    assert out.rstrip().splitlines()[-1].startswith("self-test FAILED")


def test_env_content_dir_is_used_by_the_command_line(content_copy: Path,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    (content_copy / "guides" / "broken.yaml").write_text("guide: [unclosed\n", encoding="utf-8")
    monkeypatch.setenv("FIELDKIT_CONTENT_DIR", str(content_copy))
    assert main(["--self-test"]) == 1
    out = capsys.readouterr().out
    assert str(content_copy) in out.splitlines()[0]
    assert status(out)["content"] == "FAIL"
    assert "broken.yaml" in out


def test_failing_scenario_fails_the_scenarios_check(content_copy: Path) -> None:
    scenarios = content_copy / "scenarios" / "youth-imagery.yaml"
    text = scenarios.read_text(encoding="utf-8")
    # the first scenario expects safeguard-educate with no adult involved; an adult changes that
    scenarios.write_text(text.replace('adult_involved: "no"', 'adult_involved: "yes"', 1),
                         encoding="utf-8")
    code, out = run_to_text(content_copy)
    assert code == 1
    assert status(out) == {**dict.fromkeys(CHECKS, "ok"), "scenarios": "FAIL"}
    assert re.search(r"FAIL  scenarios  1 of \d+ scenarios failed", out), out
    assert "expected outcome 'safeguard-educate'" in out


def test_missing_content_folder_fails_every_check_that_needs_content(tmp_path: Path) -> None:
    code, out = run_to_text(tmp_path / "nowhere")
    assert code == 1
    result = status(out)
    assert result["content"] == result["scenarios"] == result["handover"] == "FAIL"
    assert result["resources"] == result["commands"] == "ok"


def test_bad_handover_checksum_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    import fieldkit.handover.write as write

    real = write.write_handover

    def tampered(case, content, out_dir, generated=None):  # type: ignore[no-untyped-def]
        paths = real(case, content, out_dir, generated)
        paths["pdf"].write_bytes(paths["pdf"].read_bytes() + b"\n% changed after signing\n")
        return paths

    monkeypatch.setattr(write, "write_handover", tampered)
    code, out = run_to_text()
    assert code == 1
    assert status(out)["handover"] == "FAIL"
    assert "does not match handover.pdf" in out


def test_importing_qt_fails_the_headless_check(monkeypatch: pytest.MonkeyPatch) -> None:
    import fieldkit.guides.scenarios as scenarios

    real = scenarios.run_scenarios

    def with_qt(content):  # type: ignore[no-untyped-def]
        monkeypatch.setitem(sys.modules, "PySide6.QtSelfTestProbe",
                            types.ModuleType("PySide6.QtSelfTestProbe"))
        return real(content)

    monkeypatch.setattr(scenarios, "run_scenarios", with_qt)
    code, out = run_to_text()
    assert code == 1
    assert status(out)["headless"] == "FAIL"
    assert "PySide6.QtSelfTestProbe" in out


def test_a_crashing_check_is_reported_not_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom() -> str:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(selftest.SelfTest, "resources", lambda self: boom())
    code, out = run_to_text()
    assert code == 1
    assert "FAIL  resources  RuntimeError: disk on fire" in out
    assert status(out)["handover"] == "ok"  # the other checks still ran
