import csv
import io

from selaras.audit import services
from selaras.audit.models import AuditKind
from selaras.audit.views import neutralise

URL = "/audit/"


def _csv(response):
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


def test_non_auditor_gets_404(client, make_user):
    client.force_login(make_user("3273", "kepala"))
    assert client.get(URL).status_code == 404
    assert client.get(URL + "?format=csv").status_code == 404


def test_anonymous_is_sent_to_login(client):
    assert client.get(URL).status_code == 302


def test_kanwil_auditor_sees_own_province_only(client, make_user, make_case):
    jabar = make_case()  # located in Kota Bandung (32)
    dki = make_case(location="3171011001")  # Jakarta (31)
    jabar_user = make_user("3273", "penangan")
    dki_user = make_user("31", "penangan")
    auditor = make_user("32", "auditor")
    client.force_login(auditor)
    rows = _csv(client.get(URL + "?format=csv"))
    numbers = {r[7] for r in rows[1:]}
    assert jabar.number in numbers
    assert dki.number not in numbers
    data = [r[8] for r in rows[1:]]
    assert any(f'"user_id": {jabar_user.pk}}}' in d for d in data)
    assert not any(f'"user_id": {dki_user.pk}}}' in d for d in data)
    page = client.get(URL)
    assert page.status_code == 200
    assert dki.number not in page.content.decode()


def test_pusat_auditor_sees_everything(client, make_user, make_case):
    dki = make_case(location="3171011001")
    client.force_login(make_user("pusat", "auditor"))
    rows = _csv(client.get(URL + "?format=csv"))
    assert dki.number in {r[7] for r in rows[1:]}


def test_filters_by_case_and_action(client, make_user, make_case):
    a, _other = make_case(), make_case()
    client.force_login(make_user("pusat", "auditor"))
    rows = _csv(client.get(URL, {"format": "csv", "case": a.number}))
    assert rows[1:] and {r[7] for r in rows[1:]} == {a.number}
    rows = _csv(client.get(URL, {"format": "csv", "action": "membership_created"}))
    assert rows[1:] and {r[4] for r in rows[1:]} == {"membership_created"}
    assert client.get(URL, {"from": "not-a-date"}).status_code == 200


def test_csv_export_neutralises_formulas(client, make_user):
    client.force_login(make_user("pusat", "auditor"))
    services.append(kind=AuditKind.SECURITY, action="login_failed",
                    data={"username": "=HYPERLINK(\"http://evil\")"}, object_id="-1")
    rows = _csv(client.get(URL, {"format": "csv", "action": "login_failed"}))
    row = rows[-1]
    assert row[6] == "'-1"
    assert all(not cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r)
    assert neutralise("@SUM(A1)") == "'@SUM(A1)" and neutralise("plain") == "plain"
