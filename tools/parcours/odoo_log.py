"""Read an Odoo server log for what no maintained tool checks.

Warning, error and critical records are judged by ``checklog-odoo`` (its
allow-list is ``checklog-odoo.cfg``, see ``checklog()``). This module adds the
checks it does not make: a run fails on any skipped test (a browser tour
skipped for want of Chromium), on a failed or errored test, when no test ran
at all, and when an addon ran no test.
"""

import os
import re
import subprocess
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
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def checklog(python, logfile):
    """Run checklog-odoo on a log file: (passed, its report of the failing records)."""
    out = subprocess.run(
        [python, "-m", "checklog_odoo", "--no-echo", logfile],
        cwd=REPO,  # where checklog-odoo.cfg is
        capture_output=True,
        text=True,
        check=False,
    )
    return out.returncode == 0, (out.stdout + out.stderr).strip()


@dataclass
class LogReport:
    skipped: list = field(default_factory=list)
    tests_per_module: Counter = field(default_factory=Counter)
    tests_run: int = 0
    failed: int = 0
    errors: int = 0
    summary_seen: bool = False

    def verdict(self, modules):
        """The reasons this run fails; an empty list means it passed."""
        reasons = []
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


def read_log(lines):
    """Build a LogReport from an iterable of log lines."""
    report = LogReport()
    for raw in lines:
        match = LINE.match(raw.rstrip())
        if not match:
            continue
        logger, message = match["logger"], match["message"]
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
