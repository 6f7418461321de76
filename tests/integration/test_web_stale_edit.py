"""The web edit form refuses a stale version and says someone else changed the case."""

from django.conf import settings
from django.urls import reverse

from selaras.cases import services
from selaras.cases.forms import CaseEditForm
from selaras.cases.models import Case, CaseEvent


def _form_data(case, **overrides):
    data = {}
    for key, value in CaseEditForm.initial_from(case).items():
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[key] = [str(v) for v in value]
        elif hasattr(value, "isoformat"):
            data[key] = value.isoformat()
        else:
            data[key] = str(value)
    data["version"] = case.version
    data.update(overrides)
    return data


def test_stale_edit_says_someone_else_changed_it_and_saves_nothing(client, make_user,
                                                                   make_case):
    case = make_case()
    penangan = make_user("own", "penangan")
    data = _form_data(case, title="Judul saya", reason="x")
    services.add_note(actor=penangan, case=case, body="a colleague's note")  # concurrent write
    events = CaseEvent.objects.filter(case=case).count()
    client.force_login(penangan)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(reverse("case-edit", args=[case.number]), data, follow=True)
    page = response.content.decode()
    assert "Someone else changed this case" in page
    assert "Nothing was changed" in page
    assert Case.objects.get(pk=case.pk).title == case.title
    assert CaseEvent.objects.filter(case=case).count() == events
