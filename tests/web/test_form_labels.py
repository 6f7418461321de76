"""Every visible input, select and textarea of the main forms has a label (issue #9 item 6).

The browser tests run axe-core's ``label`` rule on the same pages; this check is the fast
one, without Chromium: it renders the pages with the test client and reads the HTML. A
control counts as labelled by a non-empty ``<label for="its id">``, an enclosing
``<label>``, ``aria-label`` or ``aria-labelledby`` naming elements that exist.
"""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from selaras.cases.forms_guided import STEP_SLUGS

UNLABELLED_TYPES = {"hidden", "submit", "button", "reset", "image"}


class Controls(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.controls = []  # (tag, attrs, inside a <label>)
        self.labels_for = {}  # id -> label text
        self.ids = set()
        self._label_stack = []  # [for-attribute, text]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "label":
            self._label_stack.append([attrs.get("for"), ""])
        elif tag in {"input", "select", "textarea"}:
            self.controls.append((tag, attrs, bool(self._label_stack)))

    def handle_endtag(self, tag):
        if tag == "label" and self._label_stack:
            target, text = self._label_stack.pop()
            if target:
                self.labels_for[target] = self.labels_for.get(target, "") + text.strip()

    def handle_data(self, data):
        for label in self._label_stack:
            label[1] += data


def unlabelled(html: str) -> list[str]:
    parser = Controls()
    parser.feed(html)
    missing = []
    for tag, attrs, wrapped in parser.controls:
        if tag == "input" and attrs.get("type", "text") in UNLABELLED_TYPES:
            continue
        if "hidden" in attrs or attrs.get("aria-hidden") == "true":
            continue
        if wrapped or attrs.get("aria-label", "").strip():
            continue
        if attrs.get("id") and parser.labels_for.get(attrs["id"]):
            continue
        labelledby = attrs.get("aria-labelledby", "").split()
        if labelledby and all(ref in parser.ids for ref in labelledby):
            continue
        missing.append(f"<{tag} name={attrs.get('name')!r} id={attrs.get('id')!r} "
                       f"type={attrs.get('type')!r}>")
    return missing


def assert_labelled(response, what: str) -> int:
    assert response.status_code == 200, f"{what}: HTTP {response.status_code}"
    html = response.content.decode()
    parser = Controls()
    parser.feed(html)
    missing = unlabelled(html)
    assert not missing, f"{what}: controls without a label: {missing}"
    return len(parser.controls)


def test_the_check_finds_an_unlabelled_control():
    html = ('<form><label for="a">Nama</label><input id="a" name="a">'
            '<label>Kontak <input name="b"></label>'
            '<input name="c" aria-label="Cari"><input type="hidden" name="d">'
            '<input name="e"><label for="f"></label><select id="f" name="f"></select>'
            '<textarea name="g" aria-labelledby="nowhere"></textarea></form>')
    assert unlabelled(html) == ["<input name='e' id=None type=None>",
                                "<select name='f' id='f' type=None>",
                                "<textarea name='g' id=None type=None>"]


def test_sign_in_form(client):
    assert assert_labelled(client.get(reverse("login")), "sign-in") >= 2


def test_intake_forms(make_user, login):
    client = login(make_user("child", "pelapor"))
    assert assert_labelled(client.get(reverse("case-create")), "desktop intake") >= 8
    # The same form after an empty submit (error messages beside the fields).
    response = client.post(reverse("case-create"), {})
    assert response.status_code in {200, 400}
    response.status_code = 200
    assert_labelled(response, "desktop intake with errors")
    for slug in STEP_SLUGS:
        response = client.get(reverse("guided-intake-step", args=[slug]), follow=True)
        assert_labelled(response, f"guided intake step {slug}")
    assert assert_labelled(client.get(reverse("earlywarning-report-create")),
                           "early-warning report") >= 3


def test_case_pages_lists_and_filters(make_user, make_case, login):
    case = make_case()
    client = login(make_user("own", "kepala"))
    for name, args in [("home", []), ("case-list", []), ("case-detail", [case.number]),
                       ("case-edit", [case.number]), ("notification-inbox", []),
                       ("notification-preferences", []), ("party-list", []),
                       ("party-create", [])]:
        assert_labelled(client.get(reverse(name, args=args)), name)
    # The case page carries the forms of its actions (verify, reject, …), notes and more.
    assert assert_labelled(client.get(reverse("case-detail", args=[case.number])),
                           "case detail") >= 10


@pytest.mark.parametrize("role,unit,names", [
    ("analis", "own", ["analytics-dashboard", "analytics-map", "earlywarning-overview"]),
    ("auditor", "own", ["audit-list"]),
])
def test_dashboards_and_audit_filters(make_user, login, role, unit, names):
    client = login(make_user(unit, role))
    for name in names:
        assert_labelled(client.get(reverse(name)), name)
