"""Read an Odoo server log the way the test command judges it.

A run fails on any WARNING, ERROR or CRITICAL line that is not on the short
allow-list below, on any skipped test, on a failed or errored test, and when
no test ran at all.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ "
    r"(?P<level>DEBUG|INFO|WARNING|ERROR|CRITICAL|TEST|\?) "
    r"(?P<db>\S+) (?P<logger>[\w.]+): (?P<message>.*)$"
)
STARTING = re.compile(r"^Starting (?P<test>\S+) \.\.\.$")
SUMMARY = re.compile(r"^(?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) of (?P<run>\d+) tests")
SKIPPED = re.compile(r"^skipped (?P<test>\S+)")

# Platform messages outside the project's control, as (logger, message start).
ALLOWED = (
    # Odoo warns once per database that no e-mail server is configured when a
    # test sends mail through the test mail gateway; nothing leaves the machine.
    ("odoo.addons.base.models.ir_mail_server", "No SMTP server"),
)
PROBLEM_LEVELS = {"WARNING", "ERROR", "CRITICAL"}


@dataclass
class LogReport:
    problems: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    tests_per_module: Counter = field(default_factory=Counter)
    tests_run: int = 0
    failed: int = 0
    errors: int = 0
    summary_seen: bool = False

    def verdict(self, modules):
        """The reasons this run fails; an empty list means it passed."""
        reasons = []
        if self.problems:
            reasons.append(f"{len(self.problems)} warning/error line(s) in the Odoo log")
        if self.skipped:
            reasons.append(f"{len(self.skipped)} skipped test(s): {', '.join(self.skipped)}")
        if self.failed or self.errors:
            reasons.append(f"{self.failed} failed and {self.errors} errored test(s)")
        if not self.summary_seen or self.tests_run == 0:
            reasons.append("no test ran")
        silent = [name for name in modules if not self.tests_per_module.get(name)]
        if silent:
            reasons.append(f"no test ran for {', '.join(silent)}")
        return reasons


def is_allowed(logger, message):
    return any(logger == name and message.startswith(start) for name, start in ALLOWED)


def read_log(lines):
    """Build a LogReport from an iterable of log lines."""
    report = LogReport()
    for raw in lines:
        match = LINE.match(raw.rstrip())
        if not match:
            continue
        level, logger, message = match["level"], match["logger"], match["message"]
        if level in PROBLEM_LEVELS and not is_allowed(logger, message):
            report.problems.append(raw.rstrip())
        if logger.startswith("odoo.addons.") and STARTING.match(message):
            report.tests_per_module[logger.split(".")[2]] += 1
        elif logger == "odoo.tests.result":
            summary = SUMMARY.match(message)
            if summary:
                report.summary_seen = True
                report.failed = int(summary["failed"])
                report.errors = int(summary["errors"])
                report.tests_run = int(summary["run"])
        skipped = SKIPPED.match(message)
        if skipped and logger.startswith("odoo.addons."):
            report.skipped.append(skipped["test"])
    return report
