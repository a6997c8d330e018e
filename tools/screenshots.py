"""Render the main screens to PNG, offscreen, in the day and night looks.

    python -m tools.screenshots --out docs/screenshots [--content DIR]

Walks are driven from the content's own scenarios, so the pictures show real guidance. Cases
are created in a temporary data folder: nothing touches the officer's real data.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fieldkit.ui.sessions import ScreenSession

SIZE = (1024, 600)  # a force laptop at 125-150% display scaling, in logical pixels


def _settle(app: Any, rounds: int = 6) -> None:
    for _ in range(rounds):
        app.processEvents()


def drive(view: Any, facts: dict[str, Any], answers: int = 1000) -> None:
    """Answer the walk's questions from `facts` (at most `answers` of them) until an outcome or
    a fact the scenario does not give."""
    walk = view.session.walk(view.guide.id)
    for _ in range(100):
        step = walk.current
        if step.kind == "info":
            view._acknowledge()
        elif step.kind == "question" and step.fact in facts and answers > 0:
            view._answered(facts[step.fact])
            answers -= 1
        else:
            return


def pick_scenario(content: Any, guide_id: str, min_questions: int = 3) -> dict[str, Any]:
    """The scenario of a guide that reaches an outcome through the most questions."""
    from fieldkit.guides.engine import WalkError, walk_with_facts

    best: dict[str, Any] = {}
    best_n = -1
    for sc in content.scenarios:
        if sc.guide != guide_id or not sc.expect_outcome:
            continue
        try:
            w = walk_with_facts(content.guides[guide_id], sc.facts, content.facts)
            path, step = w.route()
        except WalkError:
            continue
        n = len([e for e in path if e.kind == "question"])
        if step.kind == "outcome" and n > best_n and (n >= min_questions or best_n < 0):
            best, best_n = dict(sc.facts), n
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default="docs/screenshots")
    parser.add_argument("--content", default=None)
    parser.add_argument("--guide", default="youth-imagery")
    parser.add_argument("--themes", default="light,dark")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["FIELDKIT_DATA_DIR"] = tempfile.mkdtemp(prefix="fieldkit-shots-")
    import secrets

    # The demo case's throwaway store is keyed with a throwaway passphrase.
    os.environ["FIELDKIT_PASSPHRASE"] = secrets.token_urlsafe(24)

    from PySide6.QtWidgets import QApplication, QPushButton

    from fieldkit.content import builtin_content_dir, load_content
    from fieldkit.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([sys.argv[0]])
    content_dir = Path(args.content) if args.content else builtin_content_dir()
    content = load_content(content_dir)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    guide_id = args.guide if args.guide in content.guides else next(iter(content.guides))
    facts = pick_scenario(content, guide_id)
    written: list[Path] = []

    for theme_name in args.themes.split(","):
        win = MainWindow(content, content_dir=content_dir)
        win.set_theme(theme_name)
        win.resize(*SIZE)
        win.show()

        def shot(name: str, widget: Any = None, _theme: str = theme_name, _win: Any = win) -> None:
            _settle(app)
            path = out / f"{name}-{_theme}.png"
            (widget or _win).grab().save(str(path))
            written.append(path)

        shot("home")
        home = win.show_home()
        home.search.setText("parent")  # type: ignore[attr-defined]
        shot("search")
        home.search.clear()  # type: ignore[attr-defined]

        _start_demo_case(win)
        view: Any = win.open_guide(guide_id)  # a WalkView
        drive(view, facts, answers=3)
        shot("question")
        why = [w for w in view.findChildren(QPushButton, "whyButton") if w.isVisible()]
        if why:
            why[0].setChecked(True)
            shot("question-why")
        drive(view, facts)
        shot("outcome")
        # Walk the next guide in the same case: answers already given are reused.
        known = view.session.facts
        shared = {gid: sum(1 for st in g.steps.values() if st.kind == "question"
                           and st.fact in known)
                  for gid, g in content.guides.items() if gid != guide_id}
        nxt = max(shared, key=lambda k: shared[k], default="")
        if nxt and shared[nxt]:
            view2 = win.open_guide(nxt)
            drive(view2, pick_scenario(content, nxt), answers=1)
            shot("reused")
            view = win.open_guide(guide_id)
        # Change the first answer to another allowed value, to show the consequences.
        walk = view.session.walk(guide_id)
        first = next((e for e in walk.path if e.kind == "question"), None)
        if first is not None:
            view.start_change(first.step)
            shot("path-changing")
            alt = _other_value(content, view.guide.steps[first.step], first.value)
            if alt is not None:
                view._changed(alt)
            shot("path-changed")
        script = next((s for s in ("first-contact-young-person", "parent-of-victim")
                       if s in content.scripts), next(iter(content.scripts), None))
        if script:
            win.open_script(script)
            shot("script")
        if content.signposts:
            sv = win.open_signposts()
            sv._set_who("child")  # type: ignore[attr-defined]
            shot("signposts")
            given = sv.visible_ids()[:2]  # type: ignore[attr-defined]
            if win.session is not None and win.session.kept:
                for sid in given:  # the family view lists what this person was given
                    win.session.give_signpost(sid, "Child")
            fam = win.open_family("signposts", given)
            fam.showNormal()
            fam.resize(*SIZE)
            shot("family", fam)
            fam.close()
        if script:
            fam = win.open_family("script", [script])
            fam.showNormal()
            fam.resize(*SIZE)
            shot("family-script", fam)
            fam.close()
        if content.checklists:
            cid = "before-leaving-scene" if "before-leaving-scene" in content.checklists \
                else next(iter(content.checklists))
            cv = win.open_checklist(cid)
            boxes = list(cv.boxes.values())  # type: ignore[attr-defined]
            for b in boxes[:2]:
                b.setChecked(True)
            shot("checklist")
        if win.session is not None and win.session.kept:
            _demo_exhibit(win.session)
            ev = win.open_exhibits()
            ev.table.selectRow(0)  # type: ignore[attr-defined]
            shot("exhibits")
            ev.add_new()  # type: ignore[attr-defined]
            shot("exhibit-form")
        if content.talks:
            win.open_talk(next(iter(content.talks)))
            shot("talk")
        from fieldkit.ui.author.mode import AuthorWindow
        from fieldkit.ui.screens.passphrase import PassphraseScreen

        gate = PassphraseScreen("setup", can_skip=True)
        gate.resize(*SIZE)
        gate.show()
        shot("passphrase", gate)
        gate.close()
        author = AuthorWindow(content_dir)
        author.resize(*SIZE)
        author.show()
        shot("author", author)
        author.close()
        win.close()
        _settle(app)

    for p in written:
        print(p)
    return 0


def _start_demo_case(win: Any) -> None:
    """A fictional case for the pictures (in a throwaway data folder)."""
    try:
        from fieldkit.ui.saved_cases import create_case
    except ImportError:
        return
    try:
        session = create_case(win.case_store(), win.content, reference="DEMO 0001 21/11/2026",
                              officer_name="PC Sam Jones", officer_number="4471",
                              station="Central", location="")
    except Exception:  # cases not available yet: the pictures show a quick look instead
        return
    win.set_session(session)


def _demo_exhibit(session: ScreenSession) -> None:
    """A made-up phone, so the exhibit log has a row to show."""
    from datetime import UTC, datetime

    from fieldkit.cases.model import Continuity

    ex = session.new_exhibit("SJ/1", kind="phone", description="Black smartphone, cracked screen",
                             found="Kitchen table", seal="A1234567", power="on", locked="yes",
                             passcode_given="no", seized_by="PC Sam Jones",
                             seized_at=datetime.now(UTC), actions=["Flight mode", "Faraday bag"])
    ex_id = session.add_exhibit(ex)
    session.add_continuity(ex_id, Continuity("PC Sam Jones", "PC Lee Patel 2210",
                                             datetime.now(UTC), "Booked into property store"))


def _other_value(content: Any, step: Any, value: Any) -> Any:
    fact = content.facts[step.fact]
    if fact.type == "number":
        low = step.min if step.min is not None else 0
        return int(low) + 3 if value != int(low) + 3 else int(low) + 5
    from fieldkit.content.answers import choices

    for v, _label, _help in choices(step, fact):
        if v != value:
            return v
    return None


if __name__ == "__main__":
    sys.exit(main())
