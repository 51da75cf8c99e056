"""The test command's own judgement: log reading and command-line behaviour."""

import os
import subprocess
import sys

from conftest import REPO
from parcours.odoo_log import checklog, read_log

STAMP = "2026-11-23 19:00:00,123 4242"


def line(level, logger, message, db="db"):
    return f"{STAMP} {level} {db} {logger}: {message}\n"


def check(tmp_path, *lines):
    path = tmp_path / "odoo.log"
    path.write_text(line("INFO", "odoo", "Odoo version 18.0") + "".join(lines))
    return checklog(sys.executable, str(path))


def test_warning_records_fail_the_run(tmp_path):
    clean, findings = check(tmp_path, line("WARNING", "odoo.models", "Two fields, one label"))
    assert not clean
    assert "Two fields, one label" in findings
    assert not check(tmp_path, line("ERROR", "odoo.sql_db", "bad query"))[0]


def test_allowed_platform_message_is_not_a_problem(tmp_path):
    clean, _findings = check(
        tmp_path, line("WARNING", "odoo.addons.base.models.ir_mail_server", "No SMTP server found")
    )
    assert clean


def test_counts_tests_per_addon_and_summary():
    report = read_log(
        [
            line("INFO", "odoo.addons.parcours_base.tests.test_a", "Starting TestA.test_one ..."),
            line("INFO", "odoo.addons.parcours_base.tests.test_a", "Starting TestA.test_two ..."),
            line("INFO", "odoo.addons.parcours_msma.tests.test_b", "Starting TestB.test_one ... "),
            line("INFO", "odoo.tests.result", "0 failed, 0 error(s) of 3 tests when loading"),
        ]
    )
    assert report.tests_per_module == {"parcours_base": 2, "parcours_msma": 1}
    assert report.tests_run == 3
    assert report.verdict(["parcours_base", "parcours_msma"]) == []
    assert "no test ran for parcours_covid" in report.verdict(["parcours_covid"])


def test_skipped_tour_fails_the_run():
    report = read_log(
        [
            line(
                "INFO",
                "odoo.addons.parcours_base.tests.test_ui",
                "skipped TestParcoursUi.test_tour : Chrome executable not found",
            ),
            line("INFO", "odoo.tests.result", "0 failed, 0 error(s) of 1 tests when loading"),
        ]
    )
    assert report.skipped == ["TestParcoursUi.test_tour"]


def test_zero_tests_fail_the_run():
    report = read_log([line("WARNING", "odoo.tests.result", "0 failed, 0 error(s) of 0 tests")])
    assert "no test ran" in report.verdict([])


def run_cli(*args, **env):
    return subprocess.run(
        [sys.executable, os.path.join(REPO, "parcours"), *args],
        capture_output=True,
        text=True,
        env=dict(os.environ, **env),
        check=False,
        timeout=120,
    )


def test_unknown_sub_command_is_refused():
    result = run_cli("frobnicate")
    assert result.returncode != 0
    assert "invalid choice" in result.stderr


def test_missing_odoo_says_how_to_provide_it():
    result = run_cli("test", ODOO_PYTHON="/nonexistent/python")
    assert result.returncode == 3
    assert "Odoo 18.0 was not found" in result.stderr
    assert "docker" in result.stderr
