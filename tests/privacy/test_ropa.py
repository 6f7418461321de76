"""The record of processing is generated from the models and cannot silently drift."""

import csv
import io

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation

from selaras.cases.access import PERSONAL_DATA_ROLES
from selaras.privacy import ropa
from selaras.privacy.retention import SCHEDULE


@pytest.fixture(autouse=True)
def _english(settings):
    """The assertions below use the English source texts (the UI defaults to Indonesian)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def test_every_personal_looking_field_is_described_or_exempted():
    missing = [key for key in ropa.personal_field_candidates()
               if key not in ropa.PERSONAL_DATA and key not in ropa.NOT_PERSONAL]
    assert not missing, (
        "New fields that look like personal data: describe them in "
        f"selaras/privacy/ropa.py PERSONAL_DATA (or NOT_PERSONAL with a reason): {missing}")


# Keyed-hash columns of the encryption work land separately; until then their entries
# are simply not shown (ropa.rows skips fields and models that do not exist). Models of
# apps still being built may be described before they land.
NOT_YET_EVERYWHERE = {"cases.Case.reporter_contact_hash", "parties.Party.nik_hash"}


@pytest.mark.django_db
def test_entries_point_at_real_fields_and_schedule_rules():
    installed = {m._meta.label for m in apps.get_models()}
    for key, entry in ropa.PERSONAL_DATA.items():
        label, _sep, name = key.rpartition(".")
        assert entry.retention in SCHEDULE, key
        assert entry.audience in ropa.AUDIENCE_KEYS, key
        assert label.split(".")[0] in {c.label for c in apps.get_app_configs()}, key
        if label in installed and key not in NOT_YET_EVERYWHERE:
            apps.get_model(label)._meta.get_field(name)  # raises if the field is gone
    assert not set(ropa.PERSONAL_DATA) & set(ropa.NOT_PERSONAL)
    shown = {row["key"] for row in ropa.rows()}
    described = {k for k in ropa.PERSONAL_DATA if k.rpartition(".")[0] in installed}
    assert described - shown <= NOT_YET_EVERYWHERE


def test_who_can_see_is_derived_from_the_access_policy(db):
    row = next(r for r in ropa.rows() if r["key"] == "cases.Case.reporter_name")
    for role in PERSONAL_DATA_ROLES:
        assert role in row["audience"]
    assert "analis" in row["audience"].split("masked for")[1]
    assert row["retention"].startswith("1825 days")


def test_retention_override_from_settings(settings, db):
    settings.PRIVACY_RETENTION_DAYS = {"closed_case_personal_data": 3650}
    row = next(r for r in ropa.rows() if r["key"] == "cases.Case.reporter_name")
    assert row["retention"].startswith("3650 days")


@pytest.mark.django_db
def test_downloads(client, dpo):
    client.force_login(dpo)
    response = client.get(reverse("privacy-ropa") + "?format=csv")
    assert response["Content-Type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(response.content.decode())))
    assert table[0][0] == "Field" and any(r[0] == "parties.Party.nik" for r in table[1:])
    response = client.get(reverse("privacy-ropa") + "?format=md")
    text = response.content.decode()
    assert "| parties.Party.nik |" in text and "Retention schedule" in text
    page = client.get(reverse("privacy-ropa")).content.decode()
    assert "cases.Case.reporter_contact" in page
