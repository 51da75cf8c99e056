"""The project's entry point: ``./parcours run | test | lint | i18n``.

Only the Python standard library is used here, so the command starts on any
machine; Odoo and the test tools run in Odoo's own interpreter.
"""

import argparse
import contextlib
import dataclasses
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request

from .bootstrap import (
    NODEPS_REQUIREMENT_FILES,
    BootstrapFailed,
    bootstrap,
    ensure_oidc_venv,
    install_nodeps,
    load_settings,
)
from .odoo_log import checklog, read_log
from .odoo_platform import OdooNotFound, locate_odoo, platform_of
from .postgres_cluster import PostgresUnavailable, PrivateCluster, external_connection
from .server_watch import ServerWatch

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ADDONS_DIR = os.path.join(REPO, "addons")
STATE_DIR = os.path.join(REPO, ".parcours")
CORE_ADDONS = (
    "parcours_base",
    "parcours_msma",
    "parcours_rehab",
    "parcours_covid",
    "parcours_billing",
)
# Every addon of the repository is installed and tested together, bridges included.
ADDONS = CORE_ADDONS + tuple(
    sorted(
        name
        for name in os.listdir(ADDONS_DIR)
        if name not in CORE_ADDONS
        and os.path.isfile(os.path.join(ADDONS_DIR, name, "__manifest__.py"))
    )
)
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def say(message):
    print(message, flush=True)


class CommandFailed(RuntimeError):
    """A step failed; the message says which and why."""


def odoo_base_args(platform, connection):
    paths = [*platform.addons_paths, ADDONS_DIR]
    return [
        "--addons-path",
        ",".join(paths),
        "--data-dir",
        os.path.join(STATE_DIR, "data"),
        *connection.odoo_args(),
    ]


def odoo_env(connection=None):
    # Odoo expects to run in UTC, as its own launcher arranges. The database password
    # reaches Odoo (libpq) through PGPASSWORD, never through its command line (visible in ps).
    env = dict(os.environ, TZ="UTC", PYTHONUNBUFFERED="1")
    if connection is not None:
        env.update(connection.env())
    return env


def find_odoo(build=False):
    """Odoo named by ODOO_PYTHON/ODOO_BIN, else .parcours/venv, python3, or a bootstrap."""
    if os.environ.get("ODOO_PYTHON") or os.environ.get("ODOO_BIN"):
        return locate_odoo()
    venv_python = os.path.join(STATE_DIR, "venv", "bin", "python")
    if not build and not os.path.exists(venv_python):
        with contextlib.suppress(OdooNotFound):
            return locate_odoo()
    python = bootstrap(REPO, say)
    platform = platform_of(python)
    if platform is None:
        raise CommandFailed("%s cannot import Odoo; remove .parcours/venv and retry" % python)
    return dataclasses.replace(platform, managed=True)


def install_requirements(platform, *files):
    if platform.managed:
        return  # the bootstrap installed them and keeps them current
    say("Installing the addons' Python requirements into %s" % platform.python)
    args = [platform.python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    for name in files:
        args += ["-r", os.path.join(REPO, name)]
    if subprocess.run(args, check=False).returncode != 0:
        raise CommandFailed("pip could not install %s" % ", ".join(files))
    install_nodeps(platform.python, [os.path.join(REPO, name) for name in NODEPS_REQUIREMENT_FILES])


def install_debian_package(package):
    if os.geteuid() == 0 and shutil.which("apt-get"):
        say("Installing Debian's %s..." % package)
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", package],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
        )


def ensure_browser():
    """Odoo's tours need Chromium; install Debian's when absent and allowed."""
    for name in BROWSERS:
        if shutil.which(name):
            return shutil.which(name)
    install_debian_package("chromium")
    for name in BROWSERS:
        if shutil.which(name):
            return shutil.which(name)
    raise CommandFailed(
        "Chromium is needed for the browser tours: install Debian's `chromium` package."
    )


def ensure_pdf_engine():
    """Letters and minutes are PDF files made by wkhtmltopdf; install Debian's when absent."""
    if not shutil.which("wkhtmltopdf"):
        install_debian_package("wkhtmltopdf")
    if not shutil.which("wkhtmltopdf"):
        raise CommandFailed(
            "wkhtmltopdf is needed for the letters: install Debian's `wkhtmltopdf` package."
        )


@contextlib.contextmanager
def postgres():
    """Yield a connection to the configured server or to a private cluster."""
    connection = external_connection(os.environ)
    if connection:
        say("Using PostgreSQL at %s:%s as %s" % (connection.host, connection.port, connection.user))
        yield connection
        return
    cluster = PrivateCluster(STATE_DIR, log=say)
    try:
        yield cluster.start()
    finally:
        cluster.stop()


def run_admin_sql(platform, connection, statement, name, dbname="postgres"):
    """Run `statement` on `dbname` (the maintenance database), through Odoo's psycopg2.

    `name` fills the statement's %s placeholder, if any; returns the first row as text.
    """
    # Host, port, user and password come from the PG* environment (libpq).
    script = (
        "import sys, psycopg2; "
        "c = psycopg2.connect(dbname=sys.argv[3]); c.autocommit = True; cr = c.cursor(); "
        "cr.execute(sys.argv[1], (sys.argv[2],) if '%s' in sys.argv[1] else None); "
        "row = cr.fetchone() if cr.description else None; print(row[0] if row else '')"
    )
    out = subprocess.run(
        [platform.python, "-c", script, statement, name, dbname],
        check=True,
        capture_output=True,
        text=True,
        env=odoo_env(connection),
    )
    return out.stdout.strip()


def drop_database(platform, connection, name):
    # A database name cannot be a query parameter: it is checked, then quoted.
    if not name.replace("_", "").isalnum():
        raise CommandFailed("invalid database name %r" % name)
    run_admin_sql(platform, connection, 'DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % name, name)


def database_exists(platform, connection, name):
    found = run_admin_sql(
        platform, connection, "SELECT 1 FROM pg_database WHERE datname = %s", name
    )
    return found == "1"


# ---------------------------------------------------------------- lint
def command_lint(args, platform=None):
    platform = platform or find_odoo()
    if not args.no_install:
        install_requirements(platform, "requirements-test.txt")
    # The hooks of .pre-commit-config.yaml (ruff, pylint-odoo, the OCA's module and po checks),
    # each in the environment pre-commit builds for it once (under ~/.cache/pre-commit).
    say("lint: pre-commit run --all-files")
    argv = [platform.python, "-m", "pre_commit", "run", "--all-files", "--show-diff-on-failure"]
    if subprocess.run(argv, cwd=REPO, check=False).returncode != 0:
        raise CommandFailed("lint findings (pre-commit hooks above)")
    say("lint: clean")
    return 0


# ---------------------------------------------------------------- test
def run_odoo_tests(platform, connection, database, logfile):
    tags = ",".join("/%s" % name for name in ADDONS)
    argv = platform.command(
        *odoo_base_args(platform, connection),
        "-d",
        database,
        "-i",
        ",".join(ADDONS),
        "--test-enable",
        "--test-tags",
        tags,
        "--stop-after-init",
        "--log-level",
        "info",
        "--http-interface",
        "127.0.0.1",
        "--http-port",
        str(free_http_port()),
        "--db-filter",
        "^%s$" % database,
        "--no-database-list",
    )
    say("Full Odoo log: %s" % os.path.relpath(logfile, REPO))
    # The tests run on a database configured as `./parcours run` creates it: in French.
    say("Creating the French database %r (base, French chart of accounts)" % database)
    with open(logfile, "w", encoding="utf-8") as log:
        create_french_database(platform, connection, database, log=log)
    say(
        "Installing %s together with their tests on the French database %r"
        % (", ".join(ADDONS), database)
    )
    lines = []
    with open(logfile, "a", encoding="utf-8") as log:
        process = subprocess.Popen(
            argv,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=odoo_env(connection),
            cwd=REPO,
        )
        try:
            for line in process.stdout:
                log.write(line)
                lines.append(line)
                if any(mark in line for mark in (" WARNING ", " ERROR ", " CRITICAL ", "FAIL:")):
                    sys.stdout.write(line)
            returncode = process.wait()
        finally:
            if process.poll() is None:  # stopped by a signal: stop Odoo too
                process.terminate()
                process.wait()
    return returncode, read_log(lines)


def free_http_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def export_templates(platform, connection, database, target):
    """Export each addon's translation template from the installed database into `target`.

    The OCA's click-odoo-makepot (click-odoo-contrib) exports them: it writes each addon's
    i18n/<addon>.pot under --addons-dir, here a scratch copy of the addons' manifests and
    translations, so that the working tree is left alone; the templates land in `target`.
    """
    os.makedirs(target, exist_ok=True)
    scratch = os.path.join(target, "addons")
    shutil.rmtree(scratch, ignore_errors=True)
    for name in ADDONS:
        shutil.copytree(os.path.join(ADDONS_DIR, name, "i18n"), os.path.join(scratch, name, "i18n"))
        shutil.copy2(os.path.join(ADDONS_DIR, name, "__manifest__.py"), os.path.join(scratch, name))
    config = os.path.join(target, "odoo.cfg")
    with open(config, "w", encoding="utf-8") as handle:
        handle.write(
            "[options]\naddons_path = %s\ndata_dir = %s\n"
            % (",".join([*platform.addons_paths, ADDONS_DIR]), os.path.join(STATE_DIR, "data"))
        )
    makepot = os.path.join(os.path.dirname(platform.python), "click-odoo-makepot")
    argv = [
        makepot if os.path.exists(makepot) else "click-odoo-makepot",
        "--config",
        config,
        "--database",
        database,
        "--addons-dir",
        scratch,
        "--modules",
        ",".join(ADDONS),
        "--log-level",
        "warn",
    ]
    out = subprocess.run(
        argv, text=True, env=odoo_env(connection), capture_output=True, check=False
    )
    for name in ADDONS:
        exported = os.path.join(scratch, name, "i18n", name + ".pot")
        if os.path.exists(exported):
            shutil.move(exported, os.path.join(target, name + ".pot"))
    shutil.rmtree(scratch, ignore_errors=True)
    os.remove(config)
    if out.returncode != 0 or not all(
        os.path.exists(os.path.join(target, name + ".pot")) for name in ADDONS
    ):
        raise CommandFailed(
            "Exporting translation templates failed:\n%s%s" % (out.stdout, out.stderr)
        )


def run_rpc_probes(platform, connection, database):
    """Serve `database` on loopback with the same odoo-bin and run the RPC probe suite.

    Returns (exit status, the closing "probes: ..." line).
    """
    port = free_http_port()
    argv = platform.command(
        *odoo_base_args(platform, connection),
        "-d",
        database,
        "--db-filter",
        "^%s$" % database,
        "--no-database-list",
        "--http-interface",
        "127.0.0.1",
        "--http-port",
        str(port),
        "--max-cron-threads",
        "0",
        "--log-level",
        "warn",
    )
    say("Running the RPC probe suite against %r served on 127.0.0.1:%d" % (database, port))
    logfile = os.path.join(STATE_DIR, "logs", "%s.probes.log" % database)
    with open(logfile, "w", encoding="utf-8") as log:
        process = subprocess.Popen(
            argv, stdout=log, stderr=subprocess.STDOUT, env=odoo_env(), cwd=REPO
        )
        try:
            url = "http://127.0.0.1:%d" % port
            if not wait_for_http(url + "/web/login", process, timeout=300):
                raise CommandFailed("Odoo did not serve the probe database; see %s" % logfile)
            out = subprocess.run(
                [
                    platform.python,
                    os.path.join(os.path.dirname(os.path.abspath(__file__)), "rpc_probes.py"),
                    "--url",
                    url,
                    "--db",
                    database,
                ],
                capture_output=True,
                text=True,
                check=False,
            )
        finally:
            process.terminate()
            process.wait()
    sys.stdout.write(out.stdout)
    sys.stderr.write(out.stderr)
    closing = [line for line in out.stdout.splitlines() if line.startswith("probes:")]
    reads = [line for line in out.stdout.splitlines() if line.startswith("read probes:")]
    closing = closing[-1] if closing else "probes: did not complete"
    return out.returncode, "; ".join([closing, *reads[-1:]])


# Addons that ship a programme: uninstalling one keeps, archived, what its pathways use.
PROGRAMME_ADDONS = ("parcours_msma", "parcours_rehab", "parcours_covid")

UNINSTALL_CHECK = """
import json, os
import odoo
addons = os.environ["PARCOURS_PROGRAMME_ADDONS"].split(",")
programmes = env["parcours.programme"].browse(
    env["ir.model.data"]
    .search([("module", "in", addons), ("model", "=", "parcours.programme")])
    .mapped("res_id")
)
patient = env["parcours.patient"].create(
    {"birth_name": "UNINSTALL", "first_names": "Check", "birth_date": "1970-01-01",
     "sex": "female", "zip": "12210"}
)
# A coordinator's own pathway (not shipped data) on each shipped programme.
pathways = env["parcours.pathway"].create(
    [{"patient_id": patient.id, "programme_id": programme.id} for programme in programmes]
)
env.cr.commit()
env["ir.module.module"].search([("name", "in", addons)]).button_immediate_uninstall()
env.cr.commit()
# Read back through the registry without the addons.
with odoo.modules.registry.Registry(env.cr.dbname).cursor() as cr:
    after = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
    kept = after["parcours.pathway"].with_context(active_test=False).browse(pathways.ids).exists()
    print("UNINSTALL " + json.dumps({
        "pathways": len(pathways),
        "kept": len(kept),
        "active_programmes": len(kept.programme_id.filtered("active")),
    }))
"""


def check_programme_uninstall(platform, connection, database):
    """Uninstall the programme addons from `database`, each with a pathway of a user.

    Returns the reasons it failed: an ERROR or WARNING record in the log (a refused
    ``DELETE FROM parcours_programme``), a pathway lost, a programme left active.
    """
    say("Uninstalling %s, each with a pathway, from %r" % (", ".join(PROGRAMME_ADDONS), database))
    logfile = os.path.join(STATE_DIR, "logs", "%s.uninstall.log" % database)
    argv = platform.command(
        "shell", *odoo_base_args(platform, connection), "-d", database, "--no-http"
    )
    env = dict(odoo_env(connection), PARCOURS_PROGRAMME_ADDONS=",".join(PROGRAMME_ADDONS))
    out = subprocess.run(
        argv, input=UNINSTALL_CHECK, text=True, env=env, cwd=REPO, capture_output=True, check=False
    )
    with open(logfile, "w", encoding="utf-8") as log:
        log.write(out.stdout + out.stderr)
    problems = [
        line
        for line in (out.stdout + out.stderr).splitlines()
        if any(mark in line for mark in (" ERROR ", " WARNING ", " CRITICAL ", "bad query"))
    ]
    for line in problems[:10]:
        say(line)
    summary = [line for line in out.stdout.splitlines() if line.startswith("UNINSTALL ")]
    if out.returncode != 0 or not summary:
        return ["the uninstall check did not complete (see %s)" % os.path.relpath(logfile, REPO)]
    facts = json.loads(summary[-1].split(" ", 1)[1])
    say(
        "Uninstall: %(kept)d of %(pathways)d pathways kept, %(active_programmes)d programme(s) "
        "left active" % facts
    )
    reasons = []
    if problems:
        reasons.append("warning/error records while uninstalling the programme addons")
    if facts["kept"] != facts["pathways"] or facts["active_programmes"]:
        reasons.append("uninstalling a programme addon lost pathways or left it active")
    return reasons


def run_pytest(platform, export_dir):
    say("Running the suite-level checks (pytest tests/)")
    argv = [
        platform.python,
        "-m",
        "pytest",
        "-p",
        "no:cacheprovider",
        os.path.join(REPO, "tests"),
        "--i18n-export",
        export_dir,
        "-q",
    ]
    out = subprocess.run(
        argv, cwd=REPO, capture_output=True, text=True, env=odoo_env(), check=False
    )
    sys.stdout.write(out.stdout)
    sys.stderr.write(out.stderr)
    return out.returncode, pytest_counts(out.stdout)


def pytest_counts(output):
    """(passed, failed) read from pytest's closing line."""
    import re

    passed = failed = 0
    for line in output.splitlines()[-3:]:
        for number, word in re.findall(r"(\d+) (passed|failed|error|errors)", line):
            if word == "passed":
                passed = int(number)
            else:
                failed += int(number)
    return passed, failed


def command_test(args):
    started = time.monotonic()
    platform = find_odoo()
    say("Odoo %s via %s" % (platform.version, " ".join(platform.launcher)))
    if not args.no_install:
        install_requirements(platform, "requirements.txt", "requirements-test.txt")
    ensure_browser()
    ensure_pdf_engine()
    # The Pro Santé Connect tests start their OpenID Connect provider with this interpreter
    # (its own virtualenv, built once even with --no-install: Odoo's is left untouched).
    os.environ["PARCOURS_OIDC_PYTHON"] = ensure_oidc_venv(REPO, say)
    command_lint(args, platform)
    os.makedirs(os.path.join(STATE_DIR, "logs"), exist_ok=True)
    database = args.database or "parcours_test_%d" % os.getpid()
    logfile = os.path.join(STATE_DIR, "logs", "%s.log" % database)
    export_dir = os.path.join(STATE_DIR, "i18n", database)
    probes_rc, probes_line = 1, "probes: not run (the Odoo tests failed)"
    uninstall_reasons = []
    with postgres() as connection:
        drop_database(platform, connection, database)
        try:
            returncode, report = run_odoo_tests(platform, connection, database, logfile)
            if returncode == 0 and not report.verdict(ADDONS):
                export_templates(platform, connection, database, export_dir)
                # After the tests, on the same database: what the server refuses over RPC.
                probes_rc, probes_line = run_rpc_probes(platform, connection, database)
                # Last, as it removes addons: uninstalling a programme addon is clean.
                uninstall_reasons = check_programme_uninstall(platform, connection, database)
        finally:
            if not args.keep:
                drop_database(platform, connection, database)
    reasons = report.verdict(ADDONS)
    if returncode != 0:
        reasons.append("Odoo exited with status %s" % returncode)
    log_clean, log_findings = checklog(platform.python, logfile)
    if not log_clean:
        say(log_findings)
        reasons.append("warning/error records in the Odoo log (checklog-odoo)")
    say("")
    say("Odoo tests per addon:")
    for name in ADDONS:
        say("  %-18s %4d" % (name, report.tests_per_module.get(name, 0)))
    odoo_failed = report.failed + report.errors
    if reasons:
        say("FAILED: " + "; ".join(reasons))
        say("Total time: %.0fs" % (time.monotonic() - started))
        say("total: %d passed, %d failed" % (report.tests_run - odoo_failed, max(odoo_failed, 1)))
        return 1
    pytest_rc, (py_passed, py_failed) = run_pytest(platform, export_dir)
    shutil.rmtree(export_dir, ignore_errors=True)
    say("Odoo tests: %d run, %d failed" % (report.tests_run, odoo_failed))
    say("Suite-level checks: %d passed, %d failed" % (py_passed, py_failed))
    say("RPC %s" % probes_line)
    say("Total time: %.0fs" % (time.monotonic() - started))
    if pytest_rc != 0 or py_passed == 0:
        say("FAILED: suite-level checks")
        say("total: %d passed, %d failed" % (report.tests_run + py_passed, max(py_failed, 1)))
        return 1
    if uninstall_reasons:
        say("FAILED: " + "; ".join(uninstall_reasons))
        say("total: %d passed, 1 failed" % (report.tests_run + py_passed))
        return 1
    if probes_rc != 0:
        say("FAILED: RPC probes (see the lines above)")
        say("total: %d passed, 1 failed" % (report.tests_run + py_passed))
        return 1
    say("total: %d passed, 0 failed" % (report.tests_run + py_passed))
    return 0


# ---------------------------------------------------------------- run
def wait_for_http(url, process, timeout, watch=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None or (watch and watch.dying.is_set()):
            return False
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                if answer.status == 200:
                    return True
        except OSError:
            time.sleep(2)
    return False


# What Odoo's database manager does when one picks France and French on a new database: the
# company is in France and keeps its accounts in euros before any app is installed (so that
# Accounting brings the French chart of accounts, l10n_fr_account), and French is the language
# of every internal user, of the organisations and of any user or contact created later (demo
# data, tests), in the Paris time zone.
FRENCH_DEFAULTS = """
euro = env.ref("base.EUR")
euro.active = True
env.ref("base.main_company").write({"country_id": env.ref("base.fr").id, "currency_id": euro.id})
env["ir.default"].set("res.partner", "lang", "fr_FR")
env["ir.default"].set("res.partner", "tz", "Europe/Paris")
env["res.company"].search([]).partner_id.write({"lang": "fr_FR", "tz": "Europe/Paris"})
env["res.users"].with_context(active_test=False).search([("share", "=", False)]).write(
    {"lang": "fr_FR", "tz": "Europe/Paris"}
)
env.cr.commit()
"""

# Demo users created by the addons' data: French and in Paris too.
FRENCH_USERS = """
env["res.users"].search([("share", "=", False)]).write({"lang": "fr_FR", "tz": "Europe/Paris"})
# The demo planned its steps and to-dos before the addons' French terms were loaded (an addon's
# translations load after its data): name them again, in French now.
Step = env["parcours.pathway.step"]
for step in Step.search([("state", "=", "planned"), ("edited_by_hand", "=", False)]):
    name = step.template_id.with_context(lang="fr_FR").name
    step.name = name
    step.activity_id.summary = name
if "rehab_enabled" in env["parcours.pathway"]._fields:
    Pathway = env["parcours.pathway"]
    chased = Pathway.search([("rehab_enabled", "=", True), ("state", "=", "requested")])
    missing = env.ref("parcours_rehab.mail_activity_type_missing_document")
    chased.activity_ids.filtered(lambda activity: activity.activity_type_id == missing).unlink()
    chased._rehab_chase_missing_documents()
env.cr.commit()
"""


def run_shell_code(platform, connection, database, code):
    subprocess.run(
        platform.command(
            "shell",
            *odoo_base_args(platform, connection),
            "-d",
            database,
            "--no-http",
            "--log-level",
            "warn",
        ),
        input=code,
        text=True,
        env=odoo_env(connection),
        cwd=REPO,
        check=True,
        capture_output=True,
    )


def create_french_database(platform, connection, database, log=None):
    """A new database for a French organisation: Odoo's base and Accounting with the French
    chart of accounts, in French for every user.

    `run` installs the addons on it; `test` installs and tests them on it, so that a
    test relying on English words or on another currency fails in the gate as it would
    on a served database.
    """
    base = [*odoo_base_args(platform, connection), "-d", database]
    output = {"stdout": log, "stderr": subprocess.STDOUT} if log else {}
    subprocess.run(
        platform.command(
            *base, "-i", "base", "--load-language", "fr_FR", "--stop-after-init", "--no-http"
        ),
        env=odoo_env(connection),
        cwd=REPO,
        check=True,
        **output,
    )
    run_shell_code(platform, connection, database, FRENCH_DEFAULTS)
    # Accounting with the French chart first: Odoo loads a chart of accounts only once the
    # registry is complete, so installed together with the addons, the journals would not
    # exist yet while the addons' data and install-time tests need them.
    subprocess.run(
        platform.command(*base, "-i", "l10n_fr_account", "--stop-after-init", "--no-http"),
        env=odoo_env(connection),
        cwd=REPO,
        check=True,
        **output,
    )


def create_demo_database(platform, connection, database):
    """A French organisation (France, EUR, French chart of accounts) with all addons and
    their demo data, French loaded and chosen by every internal user."""
    say("Creating database %r with the Parcours addons and their demo data..." % database)
    create_french_database(platform, connection, database)
    subprocess.run(
        platform.command(
            *odoo_base_args(platform, connection),
            "-d",
            database,
            "-i",
            ",".join(ADDONS),
            "--stop-after-init",
            "--no-http",
        ),
        env=odoo_env(connection),
        cwd=REPO,
        check=True,
    )
    run_shell_code(platform, connection, database, FRENCH_USERS)


def command_run(args):
    platform = find_odoo()
    say("Odoo %s via %s" % (platform.version, " ".join(platform.launcher)))
    if not args.no_install:
        install_requirements(platform, "requirements.txt")
        ensure_pdf_engine()
    with postgres() as connection:
        if not database_exists(platform, connection, args.database):
            create_demo_database(platform, connection, args.database)
        argv = platform.command(
            *odoo_base_args(platform, connection),
            "-d",
            args.database,
            "--db-filter",
            "^%s$" % args.database,
            "--http-interface",
            "127.0.0.1",
            "--http-port",
            str(args.port),
            *(
                ["--workers", str(args.workers), "--gevent-port", str(free_http_port())]
                if args.workers
                else []
            ),
        )
        with serve(argv, connection, echo=True) as (process, watch):
            url = "http://127.0.0.1:%d" % args.port
            if not wait_for_http(url + "/web/login", process, timeout=300, watch=watch):
                raise CommandFailed(watch.verdict() or "Odoo did not start; see its log above.")
            say("")
            say("Parcours is running at %s/web/login" % url)
            say(
                "Log in as admin / admin, or as a demo user (password = login): coordinator, "
                "gp, psychologist, social_worker, manager, accountant; for the respiratory "
                "rehabilitation: assistant, director, referent. Ctrl-C stops it."
            )
            while process.poll() is None:
                if watch.dying.wait(1):
                    raise CommandFailed(watch.verdict())
            if process.returncode:
                raise CommandFailed("Odoo stopped with status %s" % process.returncode)
    return 0


@contextlib.contextmanager
def serve(argv, connection, echo=False, logfile=None):
    """Start an Odoo server whose output a ServerWatch reads; always stop it afterwards."""
    process = subprocess.Popen(
        argv,
        env=odoo_env(connection),
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        # Its own process group: our signal handler stops it, then PostgreSQL, in order.
        start_new_session=True,
    )
    watch = ServerWatch(
        process.stdout,
        echo=(lambda line: sys.stdout.write(line)) if echo else None,
        logfile=logfile,
    )
    watch.start()
    try:
        yield process, watch
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        watch.join(10)


# ---------------------------------------------------------------- data at scale
BENCH_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bench")


def run_in_shell(platform, connection, database, script, capture=False, **variables):
    """Run a script of tools/parcours/bench inside `odoo shell` on `database`."""
    with open(os.path.join(BENCH_DIR, script), encoding="utf-8") as handle:
        code = handle.read()
    env = dict(odoo_env(connection), **{key: str(value) for key, value in variables.items()})
    argv = platform.command(
        "shell",
        *odoo_base_args(platform, connection),
        "-d",
        database,
        "--no-http",
        "--log-level",
        "warn",
    )
    result = subprocess.run(
        argv, input=code, text=True, env=env, cwd=REPO, check=False, capture_output=capture
    )
    if result.returncode != 0:
        raise CommandFailed("%s failed on %s:\n%s" % (script, database, result.stderr or ""))
    return result.stdout


def ensure_bench_database(platform, connection, database):
    if database_exists(platform, connection, database):
        return
    say("Creating database %r with every addon, without demo data..." % database)
    subprocess.run(
        platform.command(
            *odoo_base_args(platform, connection),
            "-d",
            database,
            "-i",
            ",".join(ADDONS),
            "--without-demo",
            "all",
            "--stop-after-init",
            "--log-level",
            "warn",
        ),
        env=odoo_env(connection),
        cwd=REPO,
        check=True,
    )


def command_generate(args):
    platform = find_odoo()
    database = args.database or "parcours_%s" % args.scale
    started = time.monotonic()
    with postgres() as connection:
        if args.fresh:
            drop_database(platform, connection, database)
        ensure_bench_database(platform, connection, database)
        run_in_shell(
            platform,
            connection,
            database,
            "generate.py",
            PARCOURS_SCALE=args.scale,
            PARCOURS_SEED=args.seed,
            PARCOURS_REFERENCE_DATE=args.reference_date,
        )
    say(
        "Generated the %s scale in %r in %.0fs" % (args.scale, database, time.monotonic() - started)
    )
    return 0


def command_bench(args):
    platform = find_odoo()
    os.makedirs(os.path.join(STATE_DIR, "bench"), exist_ok=True)
    output = os.path.join(STATE_DIR, "bench", "%s.json" % args.database)
    # The payout run commits each of its steps, as a user's requests and cron jobs do: it
    # runs on a throwaway copy of the database (the other benchmarks on the database).
    payout = args.only in "payout run"
    with postgres() as connection:
        if not (args.only and payout):
            run_in_shell(
                platform,
                connection,
                args.database,
                "bench.py",
                PARCOURS_BENCH_OUTPUT=output,
                PARCOURS_BENCH_ONLY=args.only,
                PARCOURS_BENCH_SKIP_PAYOUT=1,
            )
        if payout:
            bench_payout(platform, connection, args, output)
        if args.only and args.only not in "encounter export":
            return 0
        # Peak resident memory needs a process per export: one for ours, one for Odoo's.
        exports = [
            json.loads(
                run_in_shell(
                    platform,
                    connection,
                    args.database,
                    "export_rss.py",
                    capture=True,
                    PARCOURS_EXPORT_WAY=way,
                    PARCOURS_EXPORT_ROWS=args.rows,
                )
                .strip()
                .splitlines()[-1]
            )
            for way in ("streamed", "native")
        ]
    say("")
    say("Encounter export, 12 columns, one process each:")
    for row in exports:
        say(
            "  %-9s %7d rows %8.2f s   peak RSS %7.1f MB (%.1f MB before)"
            % (row["way"], row["rows"], row["seconds"], row["peak_rss_mb"], row["rss_before_mb"])
        )
    if exports[0]["seconds"]:
        say("  streamed is %.1fx faster" % (exports[1]["seconds"] / exports[0]["seconds"]))
    with open(output, encoding="utf-8") as handle:
        results = json.load(handle)
    results["encounter_export_processes"] = exports
    with open(output, "w", encoding="utf-8") as handle:
        json.dump(results, handle, indent=2)
    say("Results saved to %s" % os.path.relpath(output, REPO))
    return 0


def bench_payout(platform, connection, args, output):
    """The payout run benchmark on `<database>_payout`, its results added to `output`."""
    copy = "%s_payout" % args.database
    copy_database(platform, connection, args.database, copy)
    payout_output = output.replace(".json", "-payout.json")
    try:
        run_in_shell(
            platform,
            connection,
            copy,
            "bench.py",
            PARCOURS_BENCH_OUTPUT=payout_output,
            PARCOURS_BENCH_ONLY="payout run",
            PARCOURS_BENCH_COMMIT=1,
            PARCOURS_PAYOUT_PATHWAYS=args.payout_pathways,
        )
    finally:
        drop_database(platform, connection, copy)
        shutil.rmtree(filestore(copy), ignore_errors=True)
    with open(payout_output, encoding="utf-8") as handle:
        payout = json.load(handle)
    if os.path.exists(output) and not args.only:
        with open(output, encoding="utf-8") as handle:
            results = json.load(handle)
        results["results"] += payout["results"]
    else:
        results = payout
    with open(output, "w", encoding="utf-8") as handle:
        json.dump(results, handle, indent=2)
    os.remove(payout_output)


def filestore(database):
    return os.path.join(STATE_DIR, "data", "filestore", database)


def copy_database(platform, connection, source, target):
    """A copy of `source` (PostgreSQL template) with its filestore hard-linked."""
    drop_database(platform, connection, target)
    if not source.replace("_", "").isalnum():
        raise CommandFailed("invalid database name %r" % source)
    run_admin_sql(
        platform, connection, 'CREATE DATABASE "%s" TEMPLATE "%s"' % (target, source), target
    )
    shutil.rmtree(filestore(target), ignore_errors=True)
    if os.path.isdir(filestore(source)):
        shutil.copytree(filestore(source), filestore(target), copy_function=os.link)


def wait_for_port(port, timeout, watch=None):
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not (watch and watch.dying.is_set()):
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 2):
            return True
        time.sleep(1)
    return False


# The server-wide module that switches the access log off for the load test's reference.
ACCESS_LOG_OFF = "parcours_bench_access_log_off"
SERVER_WIDE_DIR = os.path.join(REPO, "tools", "parcours", "bench", "server_wide")


def command_loadtest(args):
    """Serve the database multi-worker on loopback and drive concurrent coordinators.

    With --access-log-cost, the same load runs on the same copy with the access log on and
    off (a server-wide module patches it out) in turns, and the cost is their ratio.
    """
    from .bench.loadtest import summarise

    platform = find_odoo()
    os.makedirs(os.path.join(STATE_DIR, "bench"), exist_ok=True)
    with postgres() as connection:
        users = run_admin_sql(
            platform,
            connection,
            "SELECT string_agg(login, ' ' ORDER BY id) FROM res_users "
            "WHERE active AND login LIKE %s",
            "bench\\_coord\\_%",
            dbname=args.database,
        ).split()[: args.users]
        if not users:
            raise CommandFailed("no bench users: fill the database with ./parcours generate")
        # The coordinators log encounters: they write into a throwaway copy of the
        # database (and of its filestore, hard-linked), never into the measured one.
        copy = "%s_loadtest" % args.database
        copy_database(platform, connection, args.database, copy)
        phases = {"log_on": []}
        if args.access_log_cost:
            addons_path = ",".join([*platform.addons_paths, ADDONS_DIR, SERVER_WIDE_DIR])
            phases["log_off"] = [
                "--addons-path",
                addons_path,
                "--load",
                "base,web," + ACCESS_LOG_OFF,
            ]
        # With the cost asked, on and off take turns (--rounds times, on first then off
        # first): a machine whose load changes during the run weighs on both alike. Each
        # phase's rows are pooled.
        rounds = args.rounds if args.access_log_cost else 1
        rows = {phase: [] for phase in phases}
        elapsed = dict.fromkeys(phases, 0.0)
        written = dict.fromkeys(phases, 0)
        try:
            for number in range(rounds):
                turn = list(phases.items())
                for phase, extra in turn[::-1] if number % 2 else turn:
                    logged = access_log_rows(platform, connection, copy)
                    summary = serve_load(
                        platform, connection, args, copy, users, phase, extra, rows[phase]
                    )
                    elapsed[phase] += summary["seconds"]
                    # What the phase wrote to the log: none with it off, or the switch failed.
                    written[phase] += access_log_rows(platform, connection, copy) - logged
            summaries = {
                phase: dict(
                    summarise(rows[phase], len(users), elapsed[phase]),
                    rounds=rounds,
                    access_log_rows=written[phase],
                )
                for phase in phases
            }
        finally:
            drop_database(platform, connection, copy)
            shutil.rmtree(filestore(copy), ignore_errors=True)
    output = os.path.join(STATE_DIR, "bench", "loadtest-%s.json" % args.database)
    result = summaries["log_on"]
    if args.access_log_cost:
        result = dict(summaries, cost=access_log_cost(summaries["log_on"], summaries["log_off"]))
    with open(output, "w", encoding="utf-8") as handle:
        json.dump(result, handle, indent=2)
    for phase, summary in summaries.items():
        if args.access_log_cost:
            say("access log %s:" % phase.split("_")[1])
        say("%-16s %7s %7s %9s %9s" % ("action", "count", "errors", "p50 ms", "p95 ms"))
        for action, row in summary["actions"].items():
            say(
                "%-16s %7s %7s %9s %9s"
                % (action, row["count"], row["errors"], row["p50_ms"], row["p95_ms"])
            )
        say(
            "throughput %.1f requests/s, p50 %s ms, p95 %s ms, %d errors, %d access log rows"
            % (
                summary["throughput_per_s"],
                summary["p50_ms"],
                summary["p95_ms"],
                summary["errors"],
                summary["access_log_rows"],
            )
        )
    if args.access_log_cost:
        cost = result["cost"]
        say(
            "access log cost: throughput %.1f%% lower, opening a pathway p50 x%.2f, p95 x%.2f, "
            "all requests p50 x%.2f (log on / log off, one run); opening a pathway over the "
            "unlogged kanban cards, p50 x%.2f"
            % (
                cost["throughput_loss_pct"],
                cost["open_pathway_p50_ratio"],
                cost["open_pathway_p95_ratio"],
                cost["p50_ratio"],
                cost["open_pathway_over_kanban_cards_p50"],
            )
        )
    say("saved to %s" % os.path.relpath(output, REPO))
    if summaries.get("log_off", {}).get("access_log_rows"):
        raise CommandFailed("the access log was not switched off for the reference run")
    errors = sum(summary["errors"] for summary in summaries.values())
    return 0 if not errors else 1


def access_log_rows(platform, connection, database):
    return int(
        run_admin_sql(
            platform, connection, "SELECT count(*) FROM parcours_access_log", "", dbname=database
        )
        or 0
    )


def serve_load(platform, connection, args, database, users, phase, extra, rows):
    """Serve `database` with `args.workers` workers, run the load (its raw rows added to
    `rows`), stop the server."""
    from .bench.loadtest import run_load

    port, gevent_port = free_http_port(), free_http_port()
    argv = platform.command(
        *odoo_base_args(platform, connection),
        "-d",
        database,
        "--db-filter",
        "^%s$" % database,
        "--http-interface",
        "127.0.0.1",
        "--http-port",
        str(port),
        "--gevent-port",
        str(gevent_port),
        "--workers",
        str(args.workers),
        "--max-cron-threads",
        "0",
        "--log-level",
        "warn",
        *extra,
    )
    suffix = "" if phase == "log_on" else "-" + phase.replace("_", "-")
    logfile = os.path.join(STATE_DIR, "bench", "loadtest-%s%s.log" % (args.database, suffix))
    with serve(argv, connection, logfile=logfile) as (server, watch):
        base = "http://127.0.0.1:%d" % port
        if not wait_for_http(base + "/web/login", server, timeout=120, watch=watch):
            raise CommandFailed(watch.verdict() or "the server did not start")
        if not wait_for_port(gevent_port, timeout=60, watch=watch):
            raise CommandFailed(watch.verdict() or "the gevent worker does not listen on its port")
        say(
            "Load test (%s): %d coordinators for %ds against %d workers (on a copy, %r)"
            % (phase.replace("_", " "), len(users), args.seconds, args.workers, database)
        )
        summary = run_load(base, database, users, args.seconds, rows)
        died = watch.verdict()
    if died:
        raise CommandFailed("%s (server log: %s)" % (died, os.path.relpath(logfile, REPO)))
    return summary


def access_log_cost(on, off):
    """How much slower the same load is with the access log than without it."""

    def ratio(first, second):
        return round(first / second, 3) if first and second else None

    opening_on = on["actions"].get("open pathway", {})
    opening_off = off["actions"].get("open pathway", {})
    cards_on = on["actions"].get("kanban cards", {})
    cards_off = off["actions"].get("kanban cards", {})
    opening = ratio(opening_on.get("p50_ms"), opening_off.get("p50_ms"))
    cards = ratio(cards_on.get("p50_ms"), cards_off.get("p50_ms"))
    return {
        # Kanban cards are never logged: their ratio is what the machine's load alone did
        # between the phases, and the opening's ratio over it is the log's own share.
        "open_pathway_over_kanban_cards_p50": ratio(opening, cards),
        "throughput_loss_pct": round(
            100 * (1 - on["throughput_per_s"] / off["throughput_per_s"]), 1
        )
        if off["throughput_per_s"]
        else None,
        "open_pathway_p50_ratio": ratio(opening_on.get("p50_ms"), opening_off.get("p50_ms")),
        "open_pathway_p95_ratio": ratio(opening_on.get("p95_ms"), opening_off.get("p95_ms")),
        "p50_ratio": ratio(on["p50_ms"], off["p50_ms"]),
        "p95_ratio": ratio(on["p95_ms"], off["p95_ms"]),
    }


# ---------------------------------------------------------------- i18n
def command_i18n(args):
    """Refresh each addon's .pot from a fresh install and merge it into fr.po."""
    platform = find_odoo()
    database = "parcours_i18n_%d" % os.getpid()
    export_dir = os.path.join(STATE_DIR, "i18n", database)
    with postgres() as connection:
        drop_database(platform, connection, database)
        try:
            argv = platform.command(
                *odoo_base_args(platform, connection),
                "-d",
                database,
                "-i",
                ",".join(ADDONS),
                "--stop-after-init",
                # With demo data, as the test command installs them: demo records carry
                # translatable terms too.
                "--log-level",
                "warn",
                "--no-http",
            )
            subprocess.run(argv, env=odoo_env(connection), check=True)
            export_templates(platform, connection, database, export_dir)
        finally:
            drop_database(platform, connection, database)
    script = os.path.join(REPO, "tools", "parcours", "merge_translations.py")
    subprocess.run(
        [platform.python, script, export_dir, ADDONS_DIR, *ADDONS],
        check=True,
    )
    shutil.rmtree(export_dir, ignore_errors=True)
    return 0


def command_setup(args):
    """Fetch Odoo 18.0 and build .parcours/venv (what run and test do when Odoo is absent)."""
    started = time.monotonic()
    platform = find_odoo(build=True)
    ensure_oidc_venv(REPO, say)
    say(
        "Odoo %s ready: %s (%.0fs)"
        % (platform.version, platform.python, time.monotonic() - started)
    )
    return 0


def reference_date(text):
    import datetime

    try:
        return datetime.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError("expected a date as YYYY-MM-DD, got %r" % text) from None


def build_parser():
    parser = argparse.ArgumentParser(
        prog="parcours",
        description="Run, test and lint the Parcours addons on an installed Odoo 18.0.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser(
        "setup", help="fetch Odoo 18.0 and build .parcours/venv (run and test do it when needed)"
    )
    run = commands.add_parser("run", help="serve Parcours with demo data on 127.0.0.1")
    run.add_argument("--database", default=os.environ.get("PARCOURS_DB", "parcours"))
    run.add_argument("--port", type=int, default=8069)
    run.add_argument(
        "--workers", type=int, default=0, help="Odoo's multi-worker mode (default: threaded)"
    )
    run.add_argument("--no-install", action="store_true", help="skip pip install of requirements")
    test = commands.add_parser("test", help="install all addons on a fresh database and test them")
    test.add_argument("--database", help="name of the throwaway test database")
    test.add_argument("--keep", action="store_true", help="keep the test database afterwards")
    test.add_argument("--no-install", action="store_true", help="skip pip install of requirements")
    lint = commands.add_parser("lint", help="ruff and pylint-odoo")
    lint.add_argument("--no-install", action="store_true", help="skip pip install of requirements")
    commands.add_parser("i18n", help="refresh .pot templates and merge them into fr.po")
    generate = commands.add_parser("generate", help="fill a database with fictitious data")
    generate.add_argument("--scale", choices=("small", "medium", "large"), default="small")
    generate.add_argument("--seed", type=int, default=1)
    generate.add_argument(
        "--reference-date",
        default="2026-11-23",
        type=reference_date,
        help="the generator's today (YYYY-MM-DD): a seed and a date give the same data any day",
    )
    generate.add_argument("--database", help="default: parcours_<scale>")
    generate.add_argument("--fresh", action="store_true", help="drop the database first")
    bench = commands.add_parser("bench", help="measure a generated database (table + JSON)")
    bench.add_argument("--database", required=True)
    bench.add_argument("--rows", type=int, default=100000, help="encounters to export")
    bench.add_argument(
        "--payout-pathways", type=int, default=10000, help="patients of the payout run"
    )
    bench.add_argument("--only", default="", help="run only the benchmarks whose name has this")
    load = commands.add_parser("loadtest", help="concurrent coordinators on a multi-worker server")
    load.add_argument("--database", required=True)
    load.add_argument("--users", type=int, default=20)
    load.add_argument("--seconds", type=int, default=120)
    load.add_argument("--workers", type=int, default=4)
    load.add_argument(
        "--access-log-cost",
        action="store_true",
        help="run the load on the same copy with the access log on and off, and compare",
    )
    load.add_argument(
        "--rounds",
        type=int,
        default=2,
        help="with --access-log-cost: on/off turns, each of --seconds (default 2)",
    )
    return parser


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP: stop like Ctrl-C (Odoo first, then the private PostgreSQL)."""


def stop_on_signal(signum, _frame):
    # Ignore further signals while the finally blocks stop what the command started.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    raise Stopped(signum)


def main(argv=None):
    load_settings()
    signal.signal(signal.SIGTERM, stop_on_signal)
    signal.signal(signal.SIGHUP, stop_on_signal)
    parser = build_parser()
    args = parser.parse_args(argv)
    handlers = {
        "setup": command_setup,
        "generate": command_generate,
        "bench": command_bench,
        "loadtest": command_loadtest,
        "run": command_run,
        "test": command_test,
        "lint": command_lint,
        "i18n": command_i18n,
    }
    if args.command not in handlers:
        parser.print_help(sys.stderr)
        return 2
    try:
        return handlers[args.command](args)
    except KeyboardInterrupt as stop:
        signum = stop.args[0] if isinstance(stop, Stopped) else signal.SIGINT
        sys.stderr.write(
            "parcours %s: stopped (%s)\n" % (args.command, signal.Signals(signum).name)
        )
        return 128 + signum
    except OdooNotFound as error:
        sys.stderr.write(str(error))
        return 3
    except (
        BootstrapFailed,
        PostgresUnavailable,
        CommandFailed,
        subprocess.CalledProcessError,
    ) as error:
        sys.stderr.write("parcours %s: %s\n" % (args.command, error))
        return 1
