"""Notes and the edit form go through the services and record their events."""

from django.urls import reverse

from selaras.cases import services
from selaras.cases.models import Case, CaseEvent, Note


def test_add_note(make_user, make_case, login):
    case = make_case()
    client = login(make_user("own", "pelapor"))
    response = client.post(reverse("case-note", args=[case.number]), {"body": "Sudah dicek"})
    assert response.status_code == 302
    assert Note.objects.get(case=case).body == "Sudah dicek"
    assert "Sudah dicek" in client.get(reverse("case-detail", args=[case.number])).content.decode()


def test_empty_note_is_refused_with_error(make_user, make_case, login):
    case = make_case()
    response = login(make_user("own", "penangan")).post(
        reverse("case-note", args=[case.number]), {"body": "   "})
    assert response.status_code == 400
    assert 'href="#id_body"' in response.content.decode()
    assert not Note.objects.exists()


def test_analyst_cannot_add_notes(make_user, make_case, login):
    case = make_case()
    client = login(make_user("own", "analis"))
    html = client.get(reverse("case-detail", args=[case.number])).content.decode()
    assert reverse("case-note", args=[case.number]) not in html
    response = client.post(reverse("case-note", args=[case.number]), {"body": "x"})
    assert response.status_code == 403
    assert not Note.objects.exists()


def edit_data(case, **overrides):
    from selaras.cases.forms import CaseEditForm

    initial = CaseEditForm.initial_from(case)
    data = {}
    for key, value in initial.items():
        if value is None or value is False:
            continue
        if key == "religions":
            data[key] = value
        elif hasattr(value, "isoformat"):
            data[key] = value.isoformat()
        else:
            data[key] = str(value)
    data["version"] = case.version
    data.update(overrides)
    return data


def test_edit_changes_only_what_changed_and_records_the_reason(make_user, make_case, login):
    case = make_case()
    client = login(make_user("own", "penangan"))
    response = client.post(reverse("case-edit", args=[case.number]), edit_data(
        case, title="Judul baru", reason="Judul diperjelas"))
    assert response.status_code == 302, response.content.decode()[:3000]
    case.refresh_from_db()
    assert case.title == "Judul baru"
    event = CaseEvent.objects.get(case=case, kind="updated")
    assert set(event.data["changes"]) == {"title"}
    assert event.reason == "Judul diperjelas"


def test_edit_without_changes_writes_nothing(make_user, make_case, login):
    case = make_case()
    before = CaseEvent.objects.count()
    response = login(make_user("own", "penangan")).post(
        reverse("case-edit", args=[case.number]), edit_data(case, reason="cek"))
    assert response.status_code == 302
    assert CaseEvent.objects.count() == before


def test_edit_errors_re_render_and_change_nothing(make_user, make_case, login):
    case = make_case()
    response = login(make_user("own", "penangan")).post(
        reverse("case-edit", args=[case.number]), edit_data(case, title="", reason=""))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_title"' in html and 'href="#id_reason"' in html
    assert Case.objects.get(pk=case.pk).title == case.title


def test_edit_with_a_stale_version_is_refused(make_user, make_case, login):
    case = make_case()
    penangan = make_user("own", "penangan")
    data = edit_data(case, title="Judul baru", reason="x")
    services.add_note(actor=penangan, case=case, body="sementara itu")
    response = login(penangan).post(reverse("case-edit", args=[case.number]), data)
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).title == case.title


def test_edit_is_403_for_reporters_and_analysts(make_user, make_case, login):
    case = make_case()
    for role in ("pelapor", "analis"):
        client = login(make_user("own", role))
        assert client.get(reverse("case-edit", args=[case.number])).status_code == 403
