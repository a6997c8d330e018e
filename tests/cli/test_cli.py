"""The command line's contract: outputs and exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from fieldkit.cli import main

SAMPLE = Path(__file__).parents[1] / "fixtures" / "sample-content"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_clean_exits_0_with_summary_last(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "content", "check", str(SAMPLE))
    assert code == 0
    assert out.strip().splitlines()[-1] == "3 files checked: 0 errors, 0 warnings"


def test_check_errors_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "c"
    shutil.copytree(SAMPLE, root)
    guide = root / "guides" / "sample.yaml"
    guide.write_text(guide.read_text().replace("    why:", "    wy:"))
    code, out, _ = run(capsys, "content", "check", str(root))
    assert code == 1
    assert f"{guide}:18:5: error[unknown-key]: unknown key 'wy'" in out
    assert out.strip().splitlines()[-1].endswith("1 error, 0 warnings")


def test_check_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "content", "check", str(tmp_path / "none"))
    assert code == 1 and "error[no-content]" in out


def test_content_test_passes_and_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "content", "test", str(SAMPLE))
    assert code == 0 and out.strip().splitlines()[-1] == "5 passed, 0 failed"
    root = tmp_path / "c"
    shutil.copytree(SAMPLE, root)
    sc = root / "scenarios" / "sample.yaml"
    sc.write_text(sc.read_text().replace("expect: {outcome: investigate}",
                                         "expect: {outcome: safeguard-educate}"))
    code, out, _ = run(capsys, "content", "test", str(root))
    assert code == 1
    assert "FAIL Wide sharing is investigated: expected outcome 'safeguard-educate'; reached " \
           "'investigate'" in out
    assert out.strip().splitlines()[-1] == "4 passed, 1 failed"


def test_walk_outcome_question_and_error_codes(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    facts = tmp_path / "f.yaml"
    facts.write_text("subject_age: 15\nadult_involved: yes\n")
    code, out, _ = run(capsys, "walk", "sample", "--facts", str(facts), "--json",
                       "--content", str(SAMPLE))
    assert code == 0
    data = json.loads(out)
    assert data["status"] == "outcome" and data["outcome"]["code"] == "immediate-referral"
    assert data["path"][1] == {"step": "adult", "fact": "adult_involved", "value": "yes",
                               "skipped": True, "decided": True}
    facts.write_text("subject_age: 15\n")
    code, out, _ = run(capsys, "walk", "sample", "--facts", str(facts), "--json",
                       "--content", str(SAMPLE))
    assert code == 3
    assert json.loads(out)["question"]["step"] == "adult"


def test_walk_reads_case_file_facts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = tmp_path / "case.yaml"
    case.write_text('case:\n  reference: "CAD 1"\nfacts:\n  subject_age: 12\n')
    code, out, _ = run(capsys, "walk", "sample", "--facts", str(case), "--content", str(SAMPLE))
    assert code == 0 and "immediate-referral" in out


@pytest.mark.parametrize(("text", "rule", "line"), [
    ("- 1\n- 2\n", "bad-type", 1),
    ("subject_age: [1\n", "yaml-syntax", 1),  # where the unclosed [ opens
    ("subject_ag: 12\n", "unknown-fact", 1),
    ("subject_age: 12\nadult_involved: perhaps\n", "bad-value", 2),
    ("subject_age: twelve\n", "bad-value", 1),
])
def test_walk_bad_facts_file(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str,
                             rule: str, line: int) -> None:
    facts = tmp_path / "f.yaml"
    facts.write_text(text)
    code, out, err = run(capsys, "walk", "sample", "--facts", str(facts), "--content",
                         str(SAMPLE))
    assert code == 1 and out == ""
    assert f"{facts}:{line}:" in err and f"error[{rule}]" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf"])
def test_walk_refuses_a_fact_number_that_is_not_finite(tmp_path: Path, value: str,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """NaN and infinity are YAML numbers but no age or count: a bad value, not an answer."""
    facts = tmp_path / "f.yaml"
    facts.write_text(f"subject_age: {value}\n")
    code = main(["walk", "sample", "--facts", str(facts), "--content", str(SAMPLE)])
    assert code == 1 and "error[bad-value]" in capsys.readouterr().err


def test_walk_unknown_guide_and_missing_facts(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    facts = tmp_path / "f.yaml"
    facts.write_text("subject_age: 12\n")
    code, _, err = run(capsys, "walk", "sampel", "--facts", str(facts), "--content", str(SAMPLE))
    assert code == 1 and "did you mean 'sample'?" in err
    code, _, err = run(capsys, "walk", "sample", "--facts", str(tmp_path / "nope.yaml"),
                       "--content", str(SAMPLE))
    assert code == 1 and "facts file not found" in err
