"""The load generator of tests/benchmarks/test_bench_load.py: locust, used as a library, in a process of its own.

    python -m tests.benchmarks.load_run PLAN.json OUT.json

PLAN.json (written by the benchmark) names the server (loopback only), the phases (which mix, how many
users, how many seconds) and the logged-in sessions to use; OUT.json gets, per phase and page, the
requests, failures, p50/p95/p99 in ms and the requests per second. Locust patches the standard library
for gevent on import, so it never runs inside the pytest process (nor Django: this is a plain client).
Every phase stops by itself after its seconds; a request waits at most REQUEST_TIMEOUT.
"""

import json
import random
import sys
from itertools import count

import gevent
from locust import HttpUser, constant, task
from locust.env import Environment
from locust.event import Events

REQUEST_TIMEOUT = 30
PLAN: dict = {}
_API_CONFIRMATIONS = count()
PERCENTILES = (0.5, 0.95, 0.99)


def _loopback(url: str) -> str:
    if not url.startswith(("http://127.", "http://localhost:", "http://[::1]:")):
        raise SystemExit(f"the load test only targets this machine's loopback address, not {url}")
    return url


class Person(HttpUser):
    """A logged-in person: a session of the plan's `pool` (a role on a site), with its cookie and CSRF token."""

    abstract = True
    wait_time = constant(0)  # closed loop: each user sends its next request when the last one is answered
    pool = ""

    def on_start(self):
        self.session = session = random.choice(PLAN["sessions"][self.pool])
        cookie = f"{PLAN['session_cookie']}={session['key']}; {PLAN['csrf_cookie']}={session['csrf']}"
        self.client.headers.update({"Host": session["host"], "Cookie": cookie})

    def get(self, path: str, name: str, ok=(200,)):
        with self.client.get(path, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code not in ok:
                response.failure(f"{response.status_code}")

    def post(self, path: str, name: str, data: dict, ok=(200, 302)):
        headers = {"X-CSRFToken": self.session["csrf"], "Referer": f"http://{self.session['host']}{path}"}
        kwargs = {"name": name, "data": data, "headers": headers, "allow_redirects": False}
        with self.client.post(path, catch_response=True, **kwargs) as response:
            if response.status_code not in ok:
                response.failure(f"{response.status_code}")


class FloorUser(Person):
    """The floor: a minimal Django view (/healthz: the whole middleware, one SELECT 1) on the same gunicorn."""

    pool = "kommun"

    @task
    def healthz(self):
        self.get("/healthz", "floor /healthz")


class KommunPerson(Person):
    """A kontakt or arkivarie at work in their kommun."""

    pool = "kommun"
    weight = 6

    @task(3)
    def start_page(self):
        self.get("/", "kommun start")

    @task(3)
    def system_list(self):
        self.get(random.choice(PLAN["system_list_filters"]), "kommun system list (filters)")

    @task(3)
    def system_page(self):
        self.get(f"/system/{random.choice(self.session['systems'])}/", "kommun system page")

    @task(2)
    def wizard_save(self):
        system = random.choice(self.session["drafts"])
        self.post(f"/system/{system['id']}/steg/avveckling/", "kommun wizard step save", system["data"])


class ConsortiumPerson(Person):
    """The förvaltning or ledning reading across every kommun."""

    pool = "consortium"
    weight = 3

    @task(2)
    def portfolio(self):
        self.get(random.choice(PLAN["portfolio_pages"]), "cross portfolio")

    @task(1)
    def by_product(self):
        self.get("/planering/portfolj/produkter/", "cross portfolio by product")

    @task(1)
    def plan(self):
        self.get(f"/planering/plan/{PLAN['plan_id']}/", "cross plan page")

    @task(1)
    def report(self):
        self.get(f"/rapporter/{PLAN['report_id']}/pdf/", "cross report download")

    @task(1)
    def board(self):
        self.get("/anslutningar/", "cross connections board")


class ArchiveBackend(HttpUser):
    """The archive's system confirming ingest of handed-over deliveries (each one once) over the API."""

    weight = 1
    wait_time = constant(0)

    def on_start(self):
        self.client.headers.update({"Host": PLAN["consortium_host"], "Authorization": f"Bearer {PLAN['api_token']}"})

    @task
    def confirm(self):
        n = next(_API_CONFIRMATIONS)
        handovers = PLAN["handovers"]
        if n >= len(handovers):  # every prepared hand-over is confirmed: this user idles
            gevent.sleep(0.5)
            return
        path = f"/api/v1/overlamningar/{handovers[n]}/bekraftelse"
        body = json.dumps({"archive_id": f"AIP-LOAD-{n:05d}"})
        kwargs = {"data": body, "headers": {"Content-Type": "application/json"}, "name": "cross API confirmation"}
        with self.client.post(path, catch_response=True, **kwargs) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}: {response.text[:200]}")


MIXES = {"floor": [FloorUser], "mix": [KommunPerson, ConsortiumPerson, ArchiveBackend]}


def run_phase(name: str, mix: str, users: int, seconds: float) -> dict:
    env = Environment(user_classes=MIXES[mix], host=_loopback(PLAN["base_url"]), events=Events())
    for user_class in MIXES[mix]:
        user_class.host = env.host
    runner = env.create_local_runner()
    runner.start(users, spawn_rate=users)
    gevent.sleep(seconds)
    runner.quit()
    stats = env.stats
    pages = {}
    for (page, _method), entry in stats.entries.items():
        pages[page] = {
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "rps": round(entry.num_requests / seconds, 2),
            **{f"p{round(p * 100)}_ms": entry.get_response_time_percentile(p) for p in PERCENTILES},
        }
    errors = [f"{e.name}: {e.error} x{e.occurrences}" for e in stats.errors.values()]
    total = stats.total
    return {
        "phase": name,
        "mix": mix,
        "users": users,
        "seconds": seconds,
        "rps": round(total.num_requests / seconds, 2),
        "requests": total.num_requests,
        "failures": total.num_failures,
        "pages": pages,
        "errors": errors,
    }


def main(plan_path: str, out_path: str) -> None:
    with open(plan_path, encoding="utf-8") as handle:
        PLAN.update(json.load(handle))
    for user_class in (FloorUser, KommunPerson, ConsortiumPerson, ArchiveBackend):
        user_class.network_timeout = user_class.connection_timeout = REQUEST_TIMEOUT
    results = [run_phase(**phase) for phase in PLAN["phases"]]
    with open(out_path, "w", encoding="utf-8") as handle:
        json.dump(results, handle, indent=2)


if __name__ == "__main__":
    main(*sys.argv[1:3])
