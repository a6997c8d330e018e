"""Located problems, shared by the checker, the CLI, the app and the tests.

One report type everywhere, so an error reads the same in a terminal, in the app's problem
list and in a test assertion.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    col: int
    severity: str
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.severity}[{self.rule}]: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


@dataclass
class Report:
    """Every problem found, in the order found; nothing stops at the first."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(
        self, path: str | Path, line: int, col: int, severity: str, rule: str, message: str
    ) -> None:
        self.items.append(Diagnostic(str(path), line, col, severity, rule, message))

    def error(self, path: str | Path, line: int, col: int, rule: str, message: str) -> None:
        self.add(path, line, col, ERROR, rule, message)

    def warning(self, path: str | Path, line: int, col: int, rule: str, message: str) -> None:
        self.add(path, line, col, WARNING, rule, message)

    def extend(self, other: Report) -> None:
        self.items.extend(other.items)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if not d.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items, key=lambda d: (d.path, d.line, d.col, d.rule))

    def summary(self, files: int) -> str:
        e, w = len(self.errors), len(self.warnings)
        return (
            f"{files} file{'s' if files != 1 else ''} checked: "
            f"{e} error{'s' if e != 1 else ''}, {w} warning{'s' if w != 1 else ''}"
        )


class FieldKitError(Exception):
    """The project's own error: carries located diagnostics instead of a traceback."""

    def __init__(self, diagnostics: list[Diagnostic] | Diagnostic | str):
        if isinstance(diagnostics, Diagnostic):
            diagnostics = [diagnostics]
        self.diagnostics: list[Diagnostic] = (
            [] if isinstance(diagnostics, str) else list(diagnostics)
        )
        text = diagnostics if isinstance(diagnostics, str) else "\n".join(map(str, diagnostics))
        super().__init__(text)
