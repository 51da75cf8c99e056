"""Watch a running Odoo server's output for processes that die.

In multi-worker mode Odoo respawns a dead worker (and its gevent worker) every
second without stopping: a process that dies at start-up loops silently. The
watcher copies the server's output through, and counts deaths: a traceback that
no log record introduces (an uncaught exception printed by a dying process) and
the workers' own "Exception occurred, exiting" records.
"""

import re
import threading

LOG_RECORD = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ ")
WORKER_EXITING = "Exception occurred, exiting"


class ServerWatch(threading.Thread):
    def __init__(self, stream, echo=None, logfile=None, limit=3):
        super().__init__(daemon=True)
        self.stream = stream
        self.echo = echo  # callable(line) showing a line, or None
        self.logfile = logfile
        self.limit = limit
        self.deaths = 0
        self.last_error = ""
        self.dying = threading.Event()  # set once `limit` deaths were seen
        self._in_crash = False

    def feed(self, line, previous):
        if line.startswith("Traceback (most recent call last)") and not LOG_RECORD.match(previous):
            self._count()
            self._in_crash = True
        elif WORKER_EXITING in line:
            self._count()
        elif self._in_crash and line.strip() and not line[0].isspace():
            self.last_error = line.strip()
            self._in_crash = False

    def _count(self):
        self.deaths += 1
        if self.deaths >= self.limit:
            self.dying.set()

    def run(self):
        previous = ""
        log = open(self.logfile, "a", encoding="utf-8") if self.logfile else None
        try:
            for line in self.stream:
                if log:
                    log.write(line)
                    log.flush()
                if self.echo:
                    self.echo(line)
                self.feed(line, previous)
                previous = line
        finally:
            if log:
                log.close()

    def verdict(self):
        """None when no process died, else a sentence for the user."""
        if not self.deaths:
            return None
        return "a server process died %d time(s) (Odoo respawns it in a loop); last error: %s" % (
            self.deaths,
            self.last_error or "see the server log",
        )
