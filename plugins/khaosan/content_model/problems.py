"""Content problems: collected for the whole build, reported together, one line each."""
from __future__ import annotations

import logging
import os
import re
import sys
from dataclasses import dataclass, field

ERROR = "error"
WARNING = "warning"
ADVICE = "advice"  # worth a look, never a failure: logged at INFO, so Pelican's --fatal warnings ignores it


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    field: str
    message: str
    fix: str = ""
    severity: str = ERROR

    def __str__(self) -> str:
        fix = f"; {self.fix}" if self.fix else ""
        label = f"{self.severity}: " if self.severity in (WARNING, ADVICE) else ""
        return one_line(f"{display_path(self.path)}:{self.line}: {label}{self.field}: {self.message}{fix}")


# Line breaks and control characters a field name or value may carry ("? 'a\nb'" is a valid YAML key):
# shown escaped, so a problem is always exactly one line. Bidirectional controls and invisible
# characters are escaped too: raw, they reorder or hide what the terminal shows (a "Trojan Source" line).
_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad\u061c]")


def one_line(text: str) -> str:
    return _BREAKS.sub(lambda m: f"\\u{ord(m.group()):04x}" if ord(m.group()) > 0xff else repr(m.group())[1:-1], text)


def display_path(path: str) -> str:
    """Paths as the communicator typed them: relative to where the command ran, when inside it."""
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel


@dataclass
class ProblemLog:
    problems: list[Problem] = field(default_factory=list)

    def add(self, path, line, field_name, message, fix="", severity=ERROR):
        self.problems.append(Problem(path, line, field_name, message, fix, severity))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    @property
    def advice(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ADVICE]

    def sorted(self) -> list[Problem]:
        return sorted(self.problems)


class ContentError(Exception):
    """The content has errors; raised after every problem has been reported."""


def report_logger() -> logging.Logger:
    """A logger that writes each problem as a bare line, so editors and CI can jump to path:line.

    Pelican's rich console would wrap and decorate the lines, so this logger has its own plain handler.
    """
    logger = logging.getLogger("khaosan.content")
    if not any(getattr(h, "_khaosan_plain", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        handler._khaosan_plain = True
        logger.addHandler(handler)
        logger.propagate = False
        logger.setLevel(logging.INFO)  # advice is INFO: shown, but never counted by --fatal warnings
    return logger


def emit(log: ProblemLog) -> None:
    """Write every problem in one record: Pelican's --fatal stops at the first record it sees."""
    if not log.problems:
        return
    advice = [str(p) for p in log.sorted() if p.severity == ADVICE]
    if advice:
        report_logger().info("\n".join(advice))
    lines = [str(p) for p in log.sorted() if p.severity != ADVICE]
    if not lines:
        return
    errors = len(log.errors)
    if errors:
        lines.append(f"{errors} content problem{'s' if errors != 1 else ''} found; nothing was built"
                     " and the last good output was left as it was.")
    level = logging.ERROR if errors else logging.WARNING
    try:
        report_logger().log(level, "\n".join(lines))
    except RuntimeError:
        # Pelican's --fatal turns the record into an exception after writing it; every line is out by then.
        if not errors:
            raise ContentError(f"{len(log.warnings)} content warning(s) under --fatal warnings") from None
    if errors:
        raise ContentError(f"{errors} content problem(s); see the lines above")
