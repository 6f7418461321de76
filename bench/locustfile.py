"""Locust scenarios for `make bench` (issue #8 item 5).

One scenario per run, chosen by BENCH_SCENARIO; bench/run.sh runs them one after the
other against a granian server on loopback. State (tokens, session cookies, sample case
numbers) comes from bench/prepare.py through BENCH_STATE.

Scenarios:
  list_pusat   GET /api/v1/cases as Pusat (Pusat web sessions always need MFA)
  list_kanwil  GET /kasus/ as a penangan of Kanwil Jawa Barat (web page)
  list_kua     GET /kasus/ as a penangan of KUA Sukasari (web page)
  search       GET /kasus/?q=... as the Kanwil penangan
  detail       GET /kasus/<number>/ as the Kanwil penangan (numbers from their list)
  create       POST /api/v1/cases, then POST .../transitions verify on the case just made
  dashboard    GET /dasbor/ as an analis of the Kanwil
"""

import itertools
import json
import os
import random
from datetime import UTC, datetime, timedelta

from locust import HttpUser, between, task

STATE = json.loads(open(os.environ["BENCH_STATE"]).read())  # noqa: SIM115
SCENARIO = os.environ.get("BENCH_SCENARIO", "list_kanwil")
WORDS = ["penodaan", "pengeras suara", "rumah ibadah", "Desa Suka", "aliran", "pendirian",
         "Cimalaka", "ketegangan"]
_counter = itertools.count()


class BenchUser(HttpUser):
    wait_time = between(0.5, 1.5)  # think time: 10 users ≈ 10 requests/s offered

    def on_start(self):
        self.client.headers["Accept-Language"] = "id"

    def web(self, who: str) -> dict:
        return {"Cookie": f"{STATE['cookie_name']}={STATE['sessions'][who]}"}

    def api(self, who: str) -> dict:
        return {"Authorization": f"Bearer {STATE['tokens'][who]}"}

    def get(self, url: str, name: str, headers: dict):
        with self.client.get(url, name=name, headers=headers, allow_redirects=False,
                             catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")

    @task
    def scenario(self):
        getattr(self, SCENARIO)()

    def list_pusat(self):
        self.get("/api/v1/cases", "list_pusat GET /api/v1/cases", self.api("bench_pusat"))

    def list_kanwil(self):
        self.get("/kasus/", "list_kanwil GET /kasus/", self.web("bench_penangan_kanwil"))

    def list_kua(self):
        self.get("/kasus/", "list_kua GET /kasus/", self.web("bench_penangan_kua"))

    def search(self):
        self.get(f"/kasus/?q={random.choice(WORDS)}", "search GET /kasus/?q=",
                 self.web("bench_penangan_kanwil"))

    def detail(self):
        number = random.choice(STATE["numbers"]["kanwil"])
        self.get(f"/kasus/{number}/", "detail GET /kasus/<n>/",
                 self.web("bench_penangan_kanwil"))

    def dashboard(self):
        self.get("/dasbor/", "dashboard GET /dasbor/", self.web("bench_analis"))

    def create(self):
        headers = self.api("bench_kankemenag")
        body = {
            "title": f"Bench case {os.getpid()}-{next(_counter)}",
            "chronology": "Synthetic case created by the benchmark (make bench).",
            "category": "rumah_ibadah",
            "occurred_at": (datetime.now(UTC) - timedelta(days=1)).isoformat(),
            "location": STATE["village"],
            "alert_level": 2,  # routed to the Kankemenag, whose kepala verifies it
        }
        with self.client.post("/api/v1/cases", json=body, headers=headers,
                              name="create POST /api/v1/cases", catch_response=True) as r:
            if r.status_code != 201:
                r.failure(f"HTTP {r.status_code} {r.text[:200]}")
                return
            number = r.json()["number"]
        with self.client.post(f"/api/v1/cases/{number}/transitions", json={"action": "verify"},
                              headers=headers, name="transition POST .../transitions verify",
                              catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code} {r.text[:200]}")
