"""A bounded load test: concurrent coordinators browse kanbans, open pathways and log
encounters against a multi-worker Odoo on loopback. Standard library only."""

import http.cookiejar
import json
import statistics
import threading
import time
import urllib.request

KANBAN_CARD = {
    "name": {},
    "state": {},
    "priority": {},
    "days_in_stage": {},
    "activity_state": {},
    "activity_date_deadline": {},
    "activity_ids": {"fields": {}},
    "patient_id": {"fields": {"display_name": {}}},
    "programme_id": {"fields": {"display_name": {}}},
    "user_id": {"fields": {"display_name": {}}},
}
FORM = {
    "name": {},
    "state": {},
    "request_date": {},
    "inclusion_date": {},
    "timeline_html": {},
    "patient_id": {"fields": {"display_name": {}}},
    "member_ids": {"fields": {"partner_id": {"fields": {"display_name": {}}}, "date_from": {}}},
}


class Coordinator(threading.Thread):
    def __init__(self, base, database, login, deadline, results):
        super().__init__(daemon=True)
        self.base, self.database, self.login = base, database, login
        self.deadline, self.results = deadline, results
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def rpc(self, path, params):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}).encode()
        request = urllib.request.Request(
            self.base + path, data=body, headers={"Content-Type": "application/json"}
        )
        with self.opener.open(request, timeout=30) as answer:
            payload = json.loads(answer.read())
        if "error" in payload:
            raise RuntimeError(payload["error"]["data"]["message"])
        return payload["result"]

    def call(self, model, method, *args, **kwargs):
        return self.rpc(
            "/web/dataset/call_kw/%s/%s" % (model, method),
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def timed(self, action, function):
        started = time.perf_counter()
        try:
            value = function()
            self.results.append((action, time.perf_counter() - started, None))
            return value
        except Exception as error:  # every failure is counted, none stops the test
            self.results.append((action, time.perf_counter() - started, str(error)[:200]))
            return None

    def run(self):
        self.timed(
            "login",
            lambda: self.rpc(
                "/web/session/authenticate",
                {"db": self.database, "login": self.login, "password": "bench"},
            ),
        )
        kinds = self.call("parcours.encounter.kind", "search", [], limit=3) or []
        while time.monotonic() < self.deadline:
            cards = self.kanban()
            if not cards:
                continue
            included = [card for card in cards if card["state"] == "included"] or cards
            pathway = included[int(time.monotonic() * 1000) % len(included)]
            self.timed(
                "open pathway",
                lambda pathway=pathway: self.call(
                    "parcours.pathway", "web_read", [pathway["id"]], specification=FORM
                ),
            )
            if kinds and pathway["state"] == "included":
                self.timed(
                    "log encounter",
                    lambda pathway=pathway: self.call(
                        "parcours.encounter",
                        "create",
                        {"pathway_id": pathway["id"], "kind_id": kinds[0], "state": "done"},
                    ),
                )

    def kanban(self):
        """The kanban as the web client loads it: the columns, then the cards of each."""
        columns = self.timed(
            "kanban columns",
            lambda: self.call(
                "parcours.pathway", "web_read_group", [], ["stage_id"], ["stage_id"], limit=6
            ),
        ) or {"groups": []}
        cards = []
        for column in columns["groups"][:4]:
            page = self.timed(
                "kanban cards",
                lambda column=column: self.call(
                    "parcours.pathway",
                    "web_search_read",
                    column["__domain"],
                    KANBAN_CARD,
                    limit=40,
                ),
            )
            cards += page["records"] if page else []
        return cards


def run_load(base, database, logins, seconds, results=None):
    """Run the load; `results` (a list), when given, receives the raw (action, seconds,
    error) rows, e.g. to pool several runs with summarise()."""
    results = [] if results is None else results
    first = len(results)
    deadline = time.monotonic() + seconds
    threads = [Coordinator(base, database, login, deadline, results) for login in logins]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 60)
    elapsed = time.monotonic() - started
    return summarise(results[first:], len(logins), elapsed)


def summarise(results, users, elapsed):
    summary = {"users": users, "seconds": round(elapsed, 1), "actions": {}}
    for action in sorted({row[0] for row in results}):
        rows = [row for row in results if row[0] == action]
        times = sorted(row[1] for row in rows if row[2] is None)
        summary["actions"][action] = {
            "count": len(rows),
            "errors": sum(1 for row in rows if row[2]),
            "p50_ms": round(1000 * statistics.median(times), 1) if times else None,
            "p95_ms": round(1000 * times[int(0.95 * (len(times) - 1))], 1) if times else None,
            "first_error": next((row[2] for row in rows if row[2]), None),
        }
    ok = [row[1] for row in results if row[2] is None and row[0] != "login"]
    ok.sort()
    summary["throughput_per_s"] = round(len(ok) / elapsed, 1)
    summary["errors"] = sum(1 for row in results if row[2])
    summary["p50_ms"] = round(1000 * statistics.median(ok), 1) if ok else None
    summary["p95_ms"] = round(1000 * ok[int(0.95 * (len(ok) - 1))], 1) if ok else None
    return summary
