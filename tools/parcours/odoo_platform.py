"""Find the Odoo 18.0 installation the project runs on.

Odoo is named by ``ODOO_PYTHON`` (an interpreter that can ``import odoo``) or
``ODOO_BIN`` (an ``odoo-bin``/``odoo`` launcher); failing both, the command
uses ``.parcours/venv`` or the ``python3`` on PATH, else builds the virtualenv
(see bootstrap.py). Odoo is never vendored in the repository.
"""

import os
import shutil
import subprocess
from dataclasses import dataclass

HOW_TO_PROVIDE_ODOO = """\
Odoo 18.0 was not found.
Parcours runs on Odoo 18.0 Community; provide it in one of these ways:
  * unset ODOO_PYTHON and ODOO_BIN: `./parcours run` and `./parcours test` then fetch
    Odoo 18.0 with git and build .parcours/venv (see README.md, "Two commands");
  * the official docker image: see docker/README.md (docker compose run --rm tests);
  * an install of Odoo 18.0 (source checkout + its requirements.txt, or the
    Debian/Ubuntu package), then either
      export ODOO_PYTHON=/path/to/python   # an interpreter where `import odoo` works
      export ODOO_BIN=/path/to/odoo-bin    # or Odoo's launcher
    or make `python3 -c "import odoo"` work on this machine.
"""


class OdooNotFound(RuntimeError):
    """Raised when no usable Odoo 18.0 can be located."""


@dataclass(frozen=True)
class OdooPlatform:
    python: str
    launcher: tuple  # command prefix that starts Odoo's CLI
    version: str
    addons_paths: tuple  # the platform's own addons folders
    managed: bool = False  # .parcours/venv built by the bootstrap (its stamp keeps it current)

    def command(self, *args):
        return [*self.launcher, *args]


def _probe(python):
    """Ask an interpreter for Odoo's version and addons folders, or None."""
    script = (
        "import os, odoo, odoo.release as r; "
        "root = os.path.dirname(os.path.dirname(os.path.abspath(odoo.__file__))); "
        "paths = [os.path.join(os.path.dirname(os.path.abspath(odoo.__file__)), 'addons')]; "
        "paths += [os.path.join(root, 'addons')] "
        "if os.path.isdir(os.path.join(root, 'addons', 'web')) else []; "
        "launcher = os.path.join(root, 'odoo-bin'); "
        "print(launcher if os.path.isfile(launcher) else ''); "
        "print(r.serie); print(','.join(paths))"
    )
    try:
        out = subprocess.run(
            [python, "-c", script],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if out.returncode != 0:
        return None
    lines = out.stdout.rstrip("\n").splitlines()
    if len(lines) < 3:
        return None
    launcher, version, paths = lines[-3].strip(), lines[-2].strip(), lines[-1]
    return version, tuple(p for p in paths.split(",") if p), launcher


def _python_of_launcher(launcher):
    """The interpreter named by a launcher's shebang line."""
    with open(launcher, encoding="utf-8", errors="replace") as handle:
        first = handle.readline().strip()
    if not first.startswith("#!"):
        return None
    parts = first[2:].split()
    if parts and os.path.basename(parts[0]) == "env" and len(parts) > 1:
        return shutil.which(parts[1])
    return parts[0] if parts else None


def locate_odoo(environ=None):
    """Return the OdooPlatform to use, or raise OdooNotFound with guidance."""
    environ = os.environ if environ is None else environ
    candidates = []
    if environ.get("ODOO_PYTHON"):
        python = environ["ODOO_PYTHON"]
        candidates.append((python, (python, "-m", "odoo")))
    elif environ.get("ODOO_BIN"):
        launcher = environ["ODOO_BIN"]
        if not os.path.isfile(launcher):
            raise OdooNotFound(f"ODOO_BIN={launcher} does not exist.\n\n{HOW_TO_PROVIDE_ODOO}")
        python = _python_of_launcher(launcher)
        if python:
            candidates.append((python, (python, launcher)))
    else:
        python = shutil.which("python3")
        if python:
            candidates.append((python, (python, "-m", "odoo")))
    for python, launcher in candidates:
        platform = platform_of(python, launcher)
        if platform:
            return platform
    raise OdooNotFound(HOW_TO_PROVIDE_ODOO)


def platform_of(python, launcher=None):
    """The OdooPlatform of an interpreter, None when it cannot import Odoo."""
    launcher = launcher or (python, "-m", "odoo")
    probed = _probe(python)
    if probed is None:
        return None
    version, addons_paths, odoo_bin = probed
    if odoo_bin and launcher[1:] == ("-m", "odoo"):
        # A source checkout's odoo-bin: its multi-worker mode re-executes argv[0].
        launcher = (python, odoo_bin)
    if version != "18.0":
        raise OdooNotFound(
            f"{python} imports Odoo {version}; Parcours needs Odoo 18.0.\n\n{HOW_TO_PROVIDE_ODOO}"
        )
    return OdooPlatform(python, launcher, version, addons_paths)
