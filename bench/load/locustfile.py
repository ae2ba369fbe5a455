"""The load benchmark's users (Locust), run by bench/load/run.py against `chuhai serve --workers N` on 127.0.0.1.

A realistic mix of the demo's roles: anonymous visitors browse the showcase; buyers browse and search the
catalogue, read their demands and short lists, post a demand now and then; enterprise members read their
opportunities and market feedback, their products, a dossier PDF now and then and, rarely, import a small
product file; the operator reads the dashboards, statistics, unmet demand and audit log. Each simulated
user signs in once (the demo accounts) and waits 0.5–1.5 s between requests. The users are Locust's
FastHttpUser (geventhttpclient): the load generator shares the server's two cores, and its cheaper client
leaves them to the server (python-requests cost several times the CPU per request). `HealthUser` alone is the
anchor: /healthz at the same concurrency.

The record ids come from the run (BENCH_IDS, JSON; see bench/pages/server.py demo_ids).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re

import gevent
from locust import FastHttpUser, between, events, tag, task

IDS = json.loads(os.environ.get("BENCH_IDS", "{}"))
PASSWORD = "chuhai-demo"
TERMS = ["wig", "lace front", "假发", "brake pads", "sofa", "towel", "LED", "guitar", "kitchen", "ceramic",
         "手机壳", "bamboo", "solar", "furniture", "eyelashes"]
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_posted = itertools.count()
SETTLE_S = float(os.environ.get("BENCH_SETTLE_S", "0"))


@events.spawning_complete.add_listener
def _measure_after_sign_ins(**_kwargs) -> None:
    """Statistics start SETTLE_S seconds after the last user started (bench/load/run.py): every user signs in
    as it starts, and those sign-ins are not the mix being measured."""
    environment = getattr(_measure_after_sign_ins, "environment", None)
    if SETTLE_S and environment is not None and environment.runner is not None:
        gevent.spawn_later(SETTLE_S, environment.runner.stats.reset_all)


@events.init.add_listener
def _keep_environment(environment, **_kwargs) -> None:
    _measure_after_sign_ins.environment = environment


class _Member(FastHttpUser):
    abstract = True
    wait_time = between(0.5, 1.5)
    email = ""

    def on_start(self) -> None:
        page = self.client.get("/login", name="/login")
        token = CSRF.search(page.text).group(1)
        with self.client.post("/login", data={"email": self.email, "password": PASSWORD, "csrf_token": token},
                              allow_redirects=False, name="POST /login", catch_response=True) as response:
            if response.status_code != 303:
                response.failure(f"sign-in answered {response.status_code}")

    def csrf(self, path: str) -> str:
        match = CSRF.search(self.client.get(path, name=path.split("?")[0]).text)
        return match.group(1) if match else ""


class Anonymous(FastHttpUser):
    weight = 2
    wait_time = between(0.5, 1.5)

    @task(3)
    def showcase(self):
        self.client.get("/showcase", name="/showcase")

    @task(4)
    def search(self):
        self.client.get(f"/showcase/search?q={random.choice(TERMS)}", name="/showcase/search?q=")

    @task(1)
    def login_page(self):
        self.client.get("/login", name="/login")


class Buyer(_Member):
    weight = 3
    email = "buyer@chuhai.demo"

    @task(3)
    def home(self):
        self.client.get("/", name="/ (buyer)")

    @task(4)
    def search_products(self):
        self.client.get(f"/products?q={random.choice(TERMS)}", name="/products?q=")

    @task(2)
    def product(self):
        self.client.get(f"/products/{IDS['product']}", name="/products/{id}")

    @task(2)
    def demands(self):
        self.client.get("/demands", name="/demands")

    @task(3)
    def matches(self):
        self.client.get(f"/matching/demands/{IDS['demand']}/matches", name="/matching/demands/{id}/matches")

    @task(1)
    def deals(self):
        self.client.get("/deals", name="/deals")

    @tag("write", "demand")
    @task(1)
    def post_demand(self):
        token = self.csrf("/demands/new")
        text = f"{random.choice(TERMS)} for our stores, load test {next(_posted)}"
        with self.client.post("/demands/new", data={"text": text, "quantity": "200", "currency": "USD",
                                                    "destination_country": "US", "csrf_token": token},
                              allow_redirects=False, name="POST /demands/new", catch_response=True) as response:
            if response.status_code != 303:
                response.failure(f"posting a demand answered {response.status_code}")


class Enterprise(_Member):
    weight = 3
    email = "wigs@chuhai.demo"

    @task(3)
    def home(self):
        self.client.get("/", name="/ (enterprise)")

    @task(4)
    def opportunities(self):
        self.client.get("/matching/opportunities", name="/matching/opportunities")

    @task(3)
    def feedback(self):
        self.client.get(f"/insight/enterprises/{IDS['enterprise']}", name="/insight/enterprises/{id}")

    @task(2)
    def products(self):
        self.client.get("/products", name="/products")

    @task(1)
    def quotations(self):
        self.client.get("/quotations", name="/quotations")

    @task(1)
    def dossier(self):
        self.client.get(f"/planning/products/{IDS['product']}/dossier.pdf", name="/planning/products/{id}/dossier.pdf")

    @tag("write", "import")
    @task(1)
    def small_import(self):
        if random.random() > 0.1:  # about one task in a hundred of this user
            return
        token = self.csrf("/imports")
        rows = "sku,title_en,category,hs_code,moq,price,currency\n" + "".join(
            f"LOAD-{n},Load test lace front wig {n},wigs,670420,10,{40 + n},USD\n" for n in range(3))
        with self.client.post("/imports", data={"kind": "products", "csrf_token": token},
                              files={"file": ("products.csv", rows.encode(), "text/csv")},
                              allow_redirects=False, name="POST /imports", catch_response=True) as response:
            if response.status_code not in (303, 429):  # 429: the user's imports are still running
                response.failure(f"an import answered {response.status_code}")
            elif response.status_code == 429:
                response.success()


class Operator(_Member):
    weight = 1
    email = "operator@chuhai.demo"

    @task(3)
    def home(self):
        self.client.get("/", name="/ (operator)")

    @task(2)
    def stats(self):
        self.client.get("/stats", name="/stats")

    @task(2)
    def insight(self):
        self.client.get("/insight", name="/insight")

    @task(1)
    def unmatched(self):
        self.client.get("/matching/unmatched", name="/matching/unmatched")

    @task(1)
    def audit(self):
        self.client.get("/admin/audit", name="/admin/audit")

    @task(2)
    def enterprises(self):
        self.client.get("/enterprises", name="/enterprises")


class HealthUser(FastHttpUser):
    """The anchor (run alone): the cheapest route through the same stack."""

    wait_time = between(0.5, 1.5)

    @task
    def healthz(self):
        self.client.get("/healthz", name="/healthz")
