"""Bring Odoo 18.0 to a machine that has only git and Python.

When no Odoo 18.0 is named (``ODOO_PYTHON``/``ODOO_BIN``) nor importable, the
command fetches Odoo 18.0 Community with git and builds ``.parcours/venv``:

* source: ``ODOO_SRC`` (an existing checkout, used as it is), else a shallow
  fetch of ``ODOO_REF`` from ``ODOO_REPO`` into a per-user cache,
  ``${XDG_CACHE_HOME:-~/.cache}/parcours/odoo``, shared by every clone of this
  repository on the machine (the fetched commit is recorded beside it in
  ``odoo.stamp``; a new ``ODOO_REPO``/``ODOO_REF`` re-fetches into it);
* system packages (Debian, as root only): git, build headers, PostgreSQL,
  Chromium, wkhtmltopdf, installed only when missing;
* ``.parcours/venv``: Odoo's ``requirements.txt`` and the addons' requirement
  files, with ``setuptools<70`` as build constraint (Odoo 18.0's pinned sdists
  do not build with newer setuptools), Odoo made importable by a ``.pth`` file
  naming the checkout. A stamp holds the hash of every input; when nothing
  changed no pip work is done.

Settings may also come from ``${XDG_CONFIG_HOME:-~/.config}/parcours/env``
(``KEY=VALUE`` lines, ``#`` comments); the environment wins.
Standard library only.
"""

import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

DEFAULT_REPO = "https://github.com/odoo/odoo.git"
# Odoo's maintained 18.0 branch: it receives the security fixes. A commit hash
# (any length >= 7) pins an exact revision; the commit fetched is printed and kept
# in the cache's stamp.
DEFAULT_REF = "18.0"
SETTINGS = ("ODOO_REPO", "ODOO_REF", "ODOO_SRC", "ODOO_PYTHON", "ODOO_BIN", "PGHOST", "PGPORT")
BUILD_CONSTRAINTS = "setuptools<70\n"
REQUIREMENT_FILES = ("requirements.txt", "requirements-test.txt")
# OCA addon wheels that require an `odoo` pip package: installed with --no-deps.
NODEPS_REQUIREMENT_FILES = ("requirements-nodeps.txt",)
# The loopback OpenID Connect provider of the Pro Santé Connect tests, in its own virtualenv
# (it needs a newer Werkzeug than Odoo's).
OIDC_REQUIREMENT_FILE = "requirements-oidc.txt"
# Debian packages: (package, test telling that it is needed and missing)
HEADERS = ("libldap2-dev", "libsasl2-dev", "libpq-dev", "gcc")
RUNTIME = ("postgresql", "chromium", "wkhtmltopdf")


class BootstrapFailed(RuntimeError):
    """A step of the bootstrap failed; the message says which and how to fix it."""


def settings_file(environ=None):
    environ = os.environ if environ is None else environ
    base = environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return os.path.join(base, "parcours", "env")


def read_settings(path):
    """KEY=VALUE lines of a settings file (no shell expansion)."""
    values = {}
    if not os.path.isfile(path):
        return values
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if not line or line.startswith("#") or "=" not in line:
                continue
            key, value = line.split("=", 1)
            key = key.strip().removeprefix("export ").strip()
            values[key] = value.strip().strip("'\"")
    return values


def load_settings(environ=None):
    """Fill the environment from the per-user settings file; the environment wins."""
    environ = os.environ if environ is None else environ
    for key, value in read_settings(settings_file(environ)).items():
        environ.setdefault(key, value)


def cache_dir(environ=None):
    environ = os.environ if environ is None else environ
    base = environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "parcours")


def _run(argv, log=None, **kwargs):
    kwargs.setdefault("check", False)
    result = subprocess.run(argv, **kwargs)
    if result.returncode != 0:
        raise BootstrapFailed(
            "`%s` failed with status %s%s"
            % (
                " ".join(argv),
                result.returncode,
                ":\n" + result.stderr if isinstance(result.stderr, str) else "",
            )
        )
    return result


# ---------------------------------------------------------------- system packages
def _missing_debian_packages(names):
    if not shutil.which("dpkg-query"):
        return []
    missing = []
    for name in names:
        out = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", name],
            capture_output=True,
            text=True,
            check=False,
        )
        if "install ok installed" not in out.stdout:
            missing.append(name)
    return missing


def wanted_system_packages(base_python):
    wanted = ["git", *HEADERS, *RUNTIME]
    include = _python_include(base_python)
    if not include or not os.path.isfile(os.path.join(include, "Python.h")):
        wanted.append("python3-dev")
    if subprocess.run([base_python, "-c", "import ensurepip"], check=False).returncode:
        wanted.append("python3-venv")
    return wanted


def ensure_system_packages(base_python, log):
    """Install the missing Debian packages when root; otherwise say what is missing."""
    missing = _missing_debian_packages(wanted_system_packages(base_python))
    if not missing:
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        log("Missing system packages (install them if a step below fails): %s" % " ".join(missing))
        return
    log("Installing Debian packages: %s" % " ".join(missing))
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    _run(["apt-get", "update", "-qq"], env=env)
    _run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],
        env=env,
        stdout=subprocess.DEVNULL,
    )


# ---------------------------------------------------------------- Odoo's source
@contextlib.contextmanager
def _locked(folder):
    """One bootstrap at a time per user cache (clones of the repo share it)."""
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, ".lock"), "w", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _git(*args, cwd=None):
    return _run(["git", *args], cwd=cwd, capture_output=True, text=True).stdout.strip()


def _head(checkout):
    try:
        return _git("rev-parse", "HEAD", cwd=checkout)
    except BootstrapFailed:
        return None


def _read_json(path):
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return {}


def _write_json(path, data):
    with open(path + ".tmp", "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=2)
    os.replace(path + ".tmp", path)


def _is_commit(ref):
    return re.fullmatch(r"[0-9a-f]{7,40}", ref) is not None


def _fetch(checkout, repo, ref, log):
    log("Fetching Odoo %s from %s (shallow, a few minutes the first time)..." % (ref, repo))
    if not os.path.isdir(os.path.join(checkout, ".git")):
        _git("init", "-q", checkout)
    remotes = _git("remote", cwd=checkout).split()
    _git("remote", "set-url" if "origin" in remotes else "add", "origin", repo, cwd=checkout)
    _git("fetch", "-q", "--depth", "1", "origin", ref, cwd=checkout)
    _git("-c", "advice.detachedHead=false", "checkout", "-q", "--force", "FETCH_HEAD", cwd=checkout)


def ensure_checkout(environ, log):
    """The Odoo 18.0 source folder to run: ODOO_SRC, or the cached fetch of ODOO_REF."""
    if environ.get("ODOO_SRC"):
        source = os.path.abspath(os.path.expanduser(environ["ODOO_SRC"]))
        if not os.path.isfile(os.path.join(source, "odoo-bin")):
            raise BootstrapFailed("ODOO_SRC=%s is not an Odoo checkout (no odoo-bin)" % source)
        return source
    if not shutil.which("git"):
        raise BootstrapFailed("git is needed to fetch Odoo: install it (apt-get install git)")
    repo = environ.get("ODOO_REPO") or DEFAULT_REPO
    ref = environ.get("ODOO_REF") or DEFAULT_REF
    cache = cache_dir(environ)
    checkout = os.path.join(cache, "odoo")
    stamp_path = os.path.join(cache, "odoo.stamp")
    with _locked(cache):
        stamp = _read_json(stamp_path)
        head = _head(checkout) if os.path.isdir(checkout) else None
        if (
            head
            and stamp.get("repo") == repo
            and stamp.get("ref") == ref
            and stamp.get("commit") == head
        ):
            return checkout
        if head and _is_commit(ref) and head.startswith(ref):
            pass  # already at the pinned commit (e.g. fetched by an earlier version)
        elif head:
            _fetch(checkout, repo, ref, log)
        else:
            # Fetch beside, then move in place: an interrupted fetch leaves no half checkout.
            partial = tempfile.mkdtemp(prefix="odoo.partial-", dir=cache)
            try:
                _fetch(partial, repo, ref, log)
                if os.path.lexists(checkout):
                    shutil.rmtree(checkout)
                os.replace(partial, checkout)
            finally:
                shutil.rmtree(partial, ignore_errors=True)
        head = _head(checkout)
        if not os.path.isfile(os.path.join(checkout, "odoo-bin")):
            raise BootstrapFailed("%s at %s is not an Odoo checkout (no odoo-bin)" % (repo, ref))
        _write_json(stamp_path, {"repo": repo, "ref": ref, "commit": head})
        log("Odoo source: %s at %s" % (checkout, head))
        return checkout


# ---------------------------------------------------------------- virtualenv
def _python_include(python):
    out = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['include'])"],
        capture_output=True,
        text=True,
        check=False,
    )
    return out.stdout.strip() if out.returncode == 0 else None


def base_python():
    """A Python 3.10 to 3.12 to build the virtualenv with (Odoo 18.0's range)."""
    if (3, 10) <= sys.version_info[:2] <= (3, 12):
        return sys.executable
    for name in ("python3.12", "python3.11", "python3.10"):
        if shutil.which(name):
            return shutil.which(name)
    raise BootstrapFailed("Odoo 18.0 needs Python 3.10 to 3.12; none was found on PATH")


def _digest(paths, *extra):
    digest = hashlib.sha256()
    for value in extra:
        digest.update(str(value).encode() + b"\0")
    for path in paths:
        digest.update(path.encode() + b"\0")
        with open(path, "rb") as handle:
            digest.update(handle.read())
    return digest.hexdigest()


def ensure_venv(project, checkout, python, log):
    """`.parcours/venv` with Odoo's and the addons' requirements; returns its python."""
    venv = os.path.join(project, ".parcours", "venv")
    venv_python = os.path.join(venv, "bin", "python")
    requirements = [os.path.join(checkout, "requirements.txt")] + [
        os.path.join(project, name) for name in REQUIREMENT_FILES
    ]
    nodeps = [os.path.join(project, name) for name in NODEPS_REQUIREMENT_FILES]
    stamp_path = os.path.join(venv, "parcours-stamp.json")
    wanted = _digest(requirements + nodeps, BUILD_CONSTRAINTS, checkout)
    if os.path.exists(venv_python) and _read_json(stamp_path).get("digest") == wanted:
        return venv_python
    if not os.path.exists(venv_python):
        log("Creating %s with %s" % (os.path.relpath(venv, project), python))
        _run([python, "-m", "venv", venv], capture_output=True, text=True)
    constraints = os.path.join(project, ".parcours", "build-constraints.txt")
    with open(constraints, "w", encoding="utf-8") as handle:
        handle.write(BUILD_CONSTRAINTS)
    log("Installing Odoo's and the addons' Python requirements into the virtualenv...")
    argv = [venv_python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    for path in requirements:
        argv += ["-r", path]
    # The constraint also reaches the isolated environments that build sdists.
    result = subprocess.run(argv, env=dict(os.environ, PIP_CONSTRAINT=constraints), check=False)
    if result.returncode != 0:
        raise BootstrapFailed(
            "pip could not install Odoo's requirements into %s (build headers missing? "
            "Debian: apt-get install gcc python3-dev libldap2-dev libsasl2-dev libpq-dev)" % venv
        )
    install_nodeps(venv_python, nodeps)
    purelib = _run(
        [venv_python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    with open(os.path.join(purelib, "odoo-source.pth"), "w", encoding="utf-8") as handle:
        handle.write(checkout + "\n")
    _write_json(stamp_path, {"digest": wanted, "odoo": checkout})
    return venv_python


def install_nodeps(python, files):
    """The OCA addon wheels of `files`, without their `odoo` requirement."""
    argv = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps"]
    for path in files:
        argv += ["-r", path]
    if subprocess.run(argv, check=False).returncode != 0:
        raise BootstrapFailed("pip could not install %s" % ", ".join(files))


def ensure_oidc_venv(project, log):
    """`.parcours/oidc-venv` with the tests' OpenID Connect provider; returns its python."""
    venv = os.path.join(project, ".parcours", "oidc-venv")
    python = os.path.join(venv, "bin", "python")
    requirements = os.path.join(project, OIDC_REQUIREMENT_FILE)
    stamp_path = os.path.join(venv, "parcours-stamp.json")
    wanted = _digest([requirements])
    if os.path.exists(python) and _read_json(stamp_path).get("digest") == wanted:
        return python
    if not os.path.exists(python):
        log("Creating %s for the tests' OpenID Connect provider" % os.path.relpath(venv, project))
        _run([sys.executable, "-m", "venv", venv], capture_output=True, text=True)
    argv = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    if subprocess.run([*argv, "-r", requirements], check=False).returncode != 0:
        raise BootstrapFailed("pip could not install %s into %s" % (OIDC_REQUIREMENT_FILE, venv))
    _write_json(stamp_path, {"digest": wanted})
    return python


def bootstrap(project, log, environ=None):
    """Fetch (or reuse) Odoo 18.0 and build (or reuse) the virtualenv; return its python."""
    environ = os.environ if environ is None else environ
    python = base_python()
    ensure_system_packages(python, log)
    checkout = ensure_checkout(environ, log)
    return ensure_venv(project, checkout, python, log)
