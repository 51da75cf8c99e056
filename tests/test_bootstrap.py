"""A machine without Odoo: the command fetches it with git, builds its virtualenv, reuses both.

The bootstrap runs against a local git mirror (a ``file://`` repository made from the Odoo
checkout this suite runs on), in a temporary copy of the project with its own cache and
settings folders; pip's wheel cache is shared to keep it fast. Odoo is then started from the
built virtualenv, with its gevent worker's entry point.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from conftest import REPO
from parcours.bootstrap import load_settings, read_settings

PROJECT_FILES = (
    "parcours",
    "requirements.txt",
    "requirements-test.txt",
    "requirements-nodeps.txt",
    "requirements-oidc.txt",
    "tools",
    "addons",
)


def run(argv, **kwargs):
    return subprocess.run(argv, capture_output=True, text=True, check=False, **kwargs)


@pytest.fixture(scope="module")
def odoo_checkout():
    import odoo

    root = os.path.dirname(os.path.dirname(os.path.abspath(odoo.__file__)))
    head = run(["git", "-C", root, "rev-parse", "HEAD"])
    assert head.returncode == 0, f"the Odoo this suite runs on ({root}) is not a git checkout"
    return root, head.stdout.strip()


@pytest.fixture(scope="module")
def machine(tmp_path_factory, odoo_checkout):
    """A project copy, an empty user cache and config, a local mirror of Odoo."""
    root, commit = odoo_checkout
    tmp = tmp_path_factory.mktemp("bootstrap")
    mirror = tmp / "odoo.git"
    assert run(["git", "init", "-q", "--bare", str(mirror)]).returncode == 0
    fetched = run(
        ["git", "-C", str(mirror), "fetch", "-q", "--depth", "1", "file://" + root, "HEAD:main"]
    )
    assert fetched.returncode == 0, fetched.stderr
    project = tmp / "project"
    project.mkdir()
    for name in PROJECT_FILES:
        source = os.path.join(REPO, name)
        if os.path.isdir(source):
            shutil.copytree(
                source, project / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
            )
        else:
            shutil.copy2(source, project / name)
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("ODOO_PYTHON", "ODOO_BIN", "ODOO_SRC", "ODOO_REPO", "ODOO_REF")
    }
    env.setdefault(
        "PIP_CACHE_DIR",
        os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "pip"),
    )
    env.update(
        XDG_CACHE_HOME=str(tmp / "cache"),
        XDG_CONFIG_HOME=str(tmp / "config"),
    )
    settings = tmp / "config" / "parcours" / "env"
    settings.parent.mkdir(parents=True)
    settings.write_text(
        "# how a machine that cannot reach GitHub names its mirror\n"
        f"ODOO_REPO=file://{mirror}\nODOO_REF={commit}\n",
        encoding="utf-8",
    )
    return project, env, commit


def setup(project, env):
    started = time.monotonic()
    result = run([sys.executable, str(project / "parcours"), "setup"], env=env, timeout=3600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout, time.monotonic() - started


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_settings_file_fills_the_environment_but_the_environment_wins(tmp_path):
    path = tmp_path / "parcours" / "env"
    path.parent.mkdir()
    path.write_text("# comment\nODOO_REF=abc1234\nexport ODOO_REPO='file:///x'\n\n")
    assert read_settings(str(path)) == {"ODOO_REF": "abc1234", "ODOO_REPO": "file:///x"}
    environ = {"XDG_CONFIG_HOME": str(tmp_path), "ODOO_REF": "18.0"}
    load_settings(environ)
    assert environ["ODOO_REF"] == "18.0"
    assert environ["ODOO_REPO"] == "file:///x"


def test_bootstrap_fetches_builds_reuses_and_starts_odoo(machine):
    project, env, commit = machine
    first, first_seconds = setup(project, env)
    assert "Fetching Odoo" in first
    checkout = os.path.join(env["XDG_CACHE_HOME"], "parcours", "odoo")
    assert run(["git", "-C", checkout, "rev-parse", "HEAD"]).stdout.strip() == commit
    python = project / ".parcours" / "venv" / "bin" / "python"
    assert python.exists()
    # OCA's auth_oidc, installed without its `odoo` pip requirement, and the tests' OpenID
    # Connect provider in its own virtualenv.
    found = run(
        [
            str(python),
            "-c",
            "import importlib.util, jose; assert importlib.util.find_spec('odoo.addons.auth_oidc')",
        ],
        env=env,
    )
    assert found.returncode == 0, found.stderr[-3000:]
    assert (project / ".parcours" / "oidc-venv" / "bin" / "python").exists()

    second, second_seconds = setup(project, env)
    assert "Fetching" not in second and "Installing" not in second, second
    assert second_seconds < first_seconds
    print(f"bootstrap: first run {first_seconds:.0f}s, second run {second_seconds:.0f}s")

    odoo_bin = os.path.join(checkout, "odoo-bin")
    # gevent's entry point (the live-notification worker of multi-worker mode) imports.
    gevent = run([str(python), odoo_bin, "gevent", "--version"], env=env, timeout=300)
    assert gevent.returncode == 0, gevent.stderr[-3000:]

    port = free_port()
    server = subprocess.Popen(
        [
            str(python),
            odoo_bin,
            "--http-interface",
            "127.0.0.1",
            "--http-port",
            str(port),
            "--no-database-list",
            "--data-dir",
            str(project / ".parcours" / "data"),
            "--addons-path",
            ",".join([os.path.join(checkout, "addons"), str(project / "addons")]),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 300
        status = None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/web/health", timeout=5
                ) as answer:
                    status = answer.status
                    break
            except OSError:
                time.sleep(1)
        assert status == 200, "Odoo from the bootstrapped virtualenv did not answer"
    finally:
        server.terminate()
        server.wait(60)
