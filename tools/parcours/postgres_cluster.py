"""PostgreSQL for the run and test commands.

A server named by the environment (PGHOST, with PGPORT/PGUSER/PGPASSWORD) is
used as it is. Otherwise a private throwaway cluster lives in ``.parcours/pg``
(ignored by git), listens on 127.0.0.1 only, on a free port, and is stopped by
the command that started it.
"""

import glob
import hashlib
import os
import pwd
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass

CLUSTER_USER = "parcours"  # Odoo refuses to connect as "postgres"


class PostgresUnavailable(RuntimeError):
    """Raised when no PostgreSQL server can be reached or started."""


@dataclass(frozen=True)
class Connection:
    host: str
    port: int
    user: str
    password: str = ""

    def odoo_args(self):
        # No --db_password: the password goes through PGPASSWORD (see env()), not argv.
        return ["--db_host", self.host, "--db_port", str(self.port), "--db_user", self.user]

    def env(self):
        env = {"PGHOST": self.host, "PGPORT": str(self.port), "PGUSER": self.user}
        if self.password:
            env["PGPASSWORD"] = self.password
        return env


def external_connection(environ):
    """The server named by the environment, if any."""
    if not environ.get("PGHOST"):
        return None
    return Connection(
        host=environ["PGHOST"],
        port=int(environ.get("PGPORT", "5432")),
        user=environ.get("PGUSER", "odoo"),
        password=environ.get("PGPASSWORD", ""),
    )


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _postgres_bindir():
    """Debian's PostgreSQL binaries, newest major version first."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
        key=lambda path: int(path.split("/")[4]),
        reverse=True,
    )
    return os.path.dirname(found[0]) if found else None


def _install_postgres(log):
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise PostgresUnavailable(
            "PostgreSQL is not installed. Install Debian's `postgresql` package, "
            "or point PGHOST/PGPORT/PGUSER/PGPASSWORD at a running server."
        )
    log("Installing Debian's postgresql package...")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "postgresql"],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )


class PrivateCluster:
    """A throwaway cluster owned by an unprivileged account, on loopback."""

    def __init__(self, root, log=print):
        self.log = log
        folder = self._cluster_folder(os.path.join(root, "pg"))
        self.datadir = os.path.join(folder, "data")
        self.sockdir = os.path.join(folder, "run")
        self.logfile = os.path.join(folder, "server.log")
        self.port = None
        self.started_here = False
        bindir = _postgres_bindir()
        if bindir is None:
            _install_postgres(log)
            bindir = _postgres_bindir()
        if bindir is None:
            raise PostgresUnavailable("No PostgreSQL binaries found under /usr/lib/postgresql.")
        self.bindir = bindir

    def _cluster_folder(self, wanted):
        """`wanted`, unless the cluster's owner cannot reach it (a checkout under a private
        home folder, as root): then a folder of the same name's hash under /tmp."""
        os.makedirs(wanted, exist_ok=True)
        if os.geteuid() != 0:
            return wanted
        probe = subprocess.run(
            ["runuser", "-u", "postgres", "--", "test", "-x", os.path.dirname(wanted)],
            check=False,
        )
        if probe.returncode == 0:
            return wanted
        digest = hashlib.sha1(wanted.encode()).hexdigest()[:12]
        fallback = os.path.join("/tmp", "parcours-pg-" + digest)
        os.makedirs(fallback, exist_ok=True)
        self.log("The repository is not readable by the postgres account: cluster in %s" % fallback)
        return fallback

    # PostgreSQL refuses to run as root: as root, the cluster belongs to the
    # "postgres" account that Debian's package creates.
    def _as_owner(self, argv):
        if os.geteuid() == 0:
            return ["runuser", "-u", "postgres", "--", *argv]
        return argv

    def _own(self, path):
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            for folder, _dirs, files in os.walk(path):
                os.chown(folder, owner.pw_uid, owner.pw_gid)
                for name in files:
                    os.chown(os.path.join(folder, name), owner.pw_uid, owner.pw_gid)

    def _pg_ctl(self, *args, check=True):
        return subprocess.run(
            self._as_owner([os.path.join(self.bindir, "pg_ctl"), "-D", self.datadir, *args]),
            check=check,
            capture_output=True,
            text=True,
        )

    def _running_port(self):
        pidfile = os.path.join(self.datadir, "postmaster.pid")
        if self._pg_ctl("status", check=False).returncode != 0 or not os.path.exists(pidfile):
            return None
        with open(pidfile, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
        return int(lines[3]) if len(lines) > 3 else None

    def start(self):
        os.makedirs(self.sockdir, exist_ok=True)
        if not os.path.exists(os.path.join(self.datadir, "PG_VERSION")):
            os.makedirs(self.datadir, exist_ok=True)
            self._own(os.path.dirname(self.datadir))
            self.log("Creating a private PostgreSQL cluster in %s" % self.datadir)
            subprocess.run(
                self._as_owner(
                    [
                        os.path.join(self.bindir, "initdb"),
                        "-D",
                        self.datadir,
                        "-U",
                        CLUSTER_USER,
                        "--auth=trust",
                        "--encoding=UTF8",
                        "--locale=C.UTF-8",
                    ]
                ),
                check=True,
                capture_output=True,
            )
        self._own(os.path.dirname(self.datadir))
        self.port = self._running_port()
        if self.port:
            self.log("Reusing the private PostgreSQL cluster on 127.0.0.1:%s" % self.port)
            return self.connection()
        self.port = _free_port()
        options = (
            f"-h 127.0.0.1 -p {self.port} -k {self.sockdir} -c fsync=off -c full_page_writes=off"
        )
        self._pg_ctl("start", "-w", "-t", "60", "-l", self.logfile, "-o", options)
        self.started_here = True
        self.log("Started a private PostgreSQL cluster on 127.0.0.1:%s" % self.port)
        return self.connection()

    def connection(self):
        return Connection(host="127.0.0.1", port=self.port, user=CLUSTER_USER)

    def stop(self):
        if self.started_here:
            self._pg_ctl("stop", "-m", "fast", "-w", check=False)
            self.started_here = False


def wait_until_ready(connection, timeout=30):
    """Wait until the server accepts TCP connections."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((connection.host, connection.port), timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise PostgresUnavailable(
        f"PostgreSQL at {connection.host}:{connection.port} did not answer in {timeout}s."
    )
