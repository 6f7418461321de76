"""Bench set-up: users, API tokens, web sessions and sample case numbers.

Run with the bench database in the environment (bench/run.sh does it):
    .venv/bin/python bench/prepare.py STATE.json

Writes only bench users (``bench_*``), their memberships, API tokens and sessions;
never touches case data. The JSON state is read by bench/locustfile.py.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "selaras.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402

from selaras.accounts.models import ApiToken  # noqa: E402
from selaras.cases import selectors  # noqa: E402
from selaras.org.models import Membership, Unit  # noqa: E402

KUA = os.environ.get("BENCH_KUA", "327301")
KANWIL = os.environ.get("BENCH_KANWIL", "32")

# username -> (unit code, role). Penangan and analis outside Pusat need no MFA, so a
# plain session works for the web pages; Pusat (always MFA) is measured on the API.
USERS = {
    "bench_pusat": ("pusat", "kepala"),
    "bench_kanwil": (KANWIL, "kepala"),
    "bench_kankemenag": ("3273", "kepala"),
    "bench_analis": (KANWIL, "analis"),
    "bench_penangan_kanwil": (KANWIL, "penangan"),
    "bench_penangan_kua": (KUA, "penangan"),
}


def user(username: str):
    code, role = USERS[username]
    u, created = get_user_model().objects.get_or_create(username=username)
    if created:
        u.set_unusable_password()
        u.save()
    Membership.objects.get_or_create(user=u, unit=Unit.objects.get(code=code), role=role)
    return u


def session(u) -> str:
    client = Client()
    client.force_login(u)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def sample_numbers(u, n: int = 200) -> list[str]:
    flt = selectors.CaseFilter()
    return list(selectors.case_list(u, flt).values_list("number", flat=True)[:n])


def main(path: str) -> None:
    users = {name: user(name) for name in USERS}
    state = {
        "tokens": {name: ApiToken.issue(u, name="bench", scope="write")[1]  # locust creates cases
                   for name, u in users.items()},
        "sessions": {name: session(users[name]) for name in
                     ("bench_penangan_kanwil", "bench_penangan_kua", "bench_analis")},
        "cookie_name": settings.SESSION_COOKIE_NAME,
        "numbers": {
            "pusat": sample_numbers(users["bench_pusat"]),
            "kanwil": sample_numbers(users["bench_penangan_kanwil"]),
            "kua": sample_numbers(users["bench_penangan_kua"]),
        },
        "village": os.environ.get("BENCH_VILLAGE", "3273011001"),
    }
    Path(path).write_text(json.dumps(state, indent=1))
    print(f"bench state written to {path}: "
          + ", ".join(f"{k} {len(v)} cases" for k, v in state["numbers"].items()))


if __name__ == "__main__":
    main(sys.argv[1])
