"""A small, hand-countable world of cases for the analytics tests.

Clock: the cases are made at fixed moments (time-machine) and every test then
runs at ``NOW`` (10 May 2026, Asia/Jakarta), so months and windows are fixed.

Kota Bandung (3273, "own"):
  c1  village 3273011001 (district 327301)  L1 rumah_ibadah  reported 10 Mar 09:00
      verified +4 h, started +24 h, resolved +240 h (20 Mar)    → selesai
  c2  district 327302                       L2 penodaan_agama reported 15 Mar 08:00
      registered by a Kota Bandung penangan; verified +30 h (late) → terverifikasi
  c3  village 3273011001                    L3 rumah_ibadah  reported  2 Apr, CONFIDENTIAL
      (handled by the Kanwil; a Kota Bandung user may count it, not open it) → dilaporkan
  c4  village 3273011001                    L1 rumah_ibadah  reported 20 Apr → ditolak
Kabupaten Bandung (3204, the neighbour):
  c5  district 320405                       L2 rumah_ibadah  reported 12 Mar → dilaporkan
  c7  district 320405                       L1 rumah_ibadah  reported 22 Apr → dilaporkan
DKI Jakarta (31):
  c6  district 317101                       L1 penodaan_agama reported  5 Apr → dilaporkan

One party ("Forum Warga Sukasari") is linked to c1, c2 and c3.
"""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.test import Client

from selaras.accounts.models import ApiToken
from selaras.cases import services
from selaras.parties import services as party_services

WIB = ZoneInfo("Asia/Jakarta")
NOW = datetime(2026, 5, 10, 10, 0, tzinfo=WIB)
PERIOD = {"reported_from": "2026-03-01", "reported_to": "2026-04-30"}
REPORTER = "Budi Santoso"
PARTY = "Forum Warga Sukasari"


def at(month, day, hour=9):
    return datetime(2026, month, day, hour, 0, tzinfo=WIB)


@dataclass
class World:
    cases: dict
    users: dict


def _create(make_case, when, **fields):
    with time_machine.travel(when, tick=False):
        return make_case(reported_at=when, occurred_at=when, reporter_name=REPORTER, **fields)


def _step(actor, case, action, when, **extra):
    with time_machine.travel(when, tick=False):
        return services.perform_transition(actor=actor, case=case, action=action, **extra)


@pytest.fixture
def world(make_case, make_user, pusat_kepala):
    users = {
        "pusat": pusat_kepala,
        "own_kepala": make_user("own", "kepala", username="kota_kepala"),
        "own_analis": make_user("own", "analis", username="kota_analis"),
        "own_penangan": make_user("own", "penangan", username="kota_penangan"),
        "sibling_kepala": make_user("sibling", "kepala", username="kab_kepala"),
        "kanwil_kepala": make_user("kanwil", "kepala", username="kanwil_kepala"),
    }
    c = {}
    c["c1"] = _create(make_case, at(3, 10), location="3273011001", alert_level=1,
                      category="rumah_ibadah")
    c["c1"] = _step(pusat_kepala, c["c1"], "verify", at(3, 10, 13))
    c["c1"] = _step(pusat_kepala, c["c1"], "start", at(3, 11, 9))
    c["c1"] = _step(pusat_kepala, c["c1"], "resolve", at(3, 20, 9), outcome="damai",
                    reason="Kesepakatan damai.")
    c["c2"] = _create(make_case, at(3, 15, 8), actor=users["own_penangan"],
                      location="327302", alert_level=2, category="penodaan_agama")
    c["c2"] = _step(pusat_kepala, c["c2"], "verify", at(3, 16, 14))
    c["c3"] = _create(make_case, at(4, 2), location="3273011001", alert_level=3,
                      category="rumah_ibadah", confidential=True)
    c["c4"] = _create(make_case, at(4, 20), location="3273011001", alert_level=1,
                      category="rumah_ibadah")
    c["c4"] = _step(pusat_kepala, c["c4"], "reject", at(4, 20, 15),
                    reject_reason="hoaks", reason="Tidak benar.")
    c["c5"] = _create(make_case, at(3, 12), location="320405", alert_level=2,
                      category="rumah_ibadah")
    c["c7"] = _create(make_case, at(4, 22), location="320405", alert_level=1,
                      category="rumah_ibadah")
    c["c6"] = _create(make_case, at(4, 5), location="317101", alert_level=1,
                      category="penodaan_agama")
    with time_machine.travel(at(4, 25), tick=False):
        party, _dups = party_services.create_party(
            actor=pusat_kepala, kind="kelompok", name=PARTY, region="327301")
        for key in ("c1", "c2", "c3"):
            party_services.link_party_to_case(actor=pusat_kepala, case=c[key], party=party,
                                              role="teradu")
    traveller = time_machine.travel(NOW, tick=False)
    traveller.start()
    yield World(cases=c, users=users)
    traveller.stop()


@pytest.fixture
def web(client):
    def login(user):
        client.force_login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return login


@pytest.fixture
def api():
    def for_user(user):
        _token, raw = ApiToken.issue(user)
        client = Client(headers={"Authorization": f"Bearer {raw}"})
        return client

    return for_user
