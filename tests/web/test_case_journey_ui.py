"""A case carried from intake to closure entirely through the web UI (issue #3 “Done when”).

The test client acts like a browser: it GETs each page, reads the form the page
really shows (action, hidden fields such as the case version, the offered
options) with a small HTML parser, fills in only fields that exist on that form
and posts to the form's own action, then follows the redirect. Every request is
counted, so the upper bound at the end documents how few page loads the work
takes. The second test walks escalation to the Kankemenag and delegation to
another KUA, after which the first KUA still sees the case but cannot act on it.
"""

import re
from dataclasses import dataclass, field
from datetime import timedelta
from html import unescape
from html.parser import HTMLParser
from io import BytesIO
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from selaras.cases.models import Case, CaseEvent, Status
from selaras.evidence.models import Attachment
from selaras.handling.models import Agreement, HandlingAction, Task
from selaras.parties import services as party_services
from selaras.parties.models import CaseParty
from tests.conftest import VILLAGE_IN_CHILD
from tests.evidence.conftest import png_bytes

# "Few clicks": what the whole journey (intake to closure: 12 changes, a search and a
# download) may take. Today it is 18 clicks (page visits, form submits, the download) and 30
# requests counting the redirect after each submit; the budget leaves room for one more step.
JOURNEY_CLICK_BUDGET = 19
JOURNEY_REQUEST_BUDGET = 32
REDIRECT = "GET (redirect)"

# --------------------------------------------------------------------------- a tiny browser


@dataclass
class Field:
    kind: str  # input type, "select", "select-multiple" or "textarea"
    options: list[str] | None = None  # for radios, checkboxes and selects
    defaults: list[str] = field(default_factory=list)


@dataclass
class Form:
    action: str
    method: str
    enctype: str
    fields: dict[str, Field] = field(default_factory=dict)

    @property
    def path(self) -> str:
        return urlsplit(self.action).path

    def fill(self, values: dict | None = None) -> dict:
        """What a browser would send: the defaults, with ``values`` typed or chosen.

        Only fields the form has may be filled, and only with options it offers."""
        data: dict = {}
        for name, f in self.fields.items():
            if f.kind == "file":
                continue
            multiple = f.kind in ("checkbox", "select-multiple")
            if f.defaults:
                data[name] = list(f.defaults) if multiple else f.defaults[0]
        for name, value in (values or {}).items():
            assert name in self.fields, f"{name!r} is not a field of the form {self.action}: " \
                                        f"{sorted(self.fields)}"
            f = self.fields[name]
            if f.options is not None:
                chosen = value if isinstance(value, list) else [value]
                for item in chosen:
                    assert str(item) in f.options, f"{item!r} is not offered for {name!r}: " \
                                                   f"{f.options}"
            data[name] = value
        return data


class FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: tuple[str, Field] | None = None
        self.option: dict | None = None
        self.textarea: tuple[str, list[str]] | None = None

    def _field(self, name, kind, options=None) -> Field:
        return self.form.fields.setdefault(name, Field(kind, options))

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.form = Form(a.get("action") or "", (a.get("method") or "get").lower(),
                             a.get("enctype") or "")
            self.forms.append(self.form)
            return
        if self.form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "reset", "image"):
                return
            value = a.get("value")
            if kind in ("radio", "checkbox"):
                value = "on" if value is None else value  # what a browser sends without one
                f = self._field(name, kind, [])
                f.options.append(value)
                if "checked" in a:
                    f.defaults.append(value)
            else:
                f = self._field(name, kind)
                if kind != "file":
                    f.defaults = [value or ""]
        elif tag == "textarea" and name:
            self.textarea = (name, [])
        elif tag == "select" and name:
            kind = "select-multiple" if "multiple" in a else "select"
            self.select = (name, self._field(name, kind, []))
        elif tag == "option" and self.select is not None:
            self.option = {"value": a.get("value"), "selected": "selected" in a, "text": []}

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1].append(data)
        if self.option is not None:
            self.option["text"].append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "textarea" and self.textarea is not None:
            name, text = self.textarea
            self._field(name, "textarea").defaults = ["".join(text).lstrip("\n")]
            self.textarea = None
        elif tag == "option" and self.option is not None:
            name, f = self.select
            value = self.option["value"]
            value = "".join(self.option["text"]).strip() if value is None else value
            f.options.append(value)
            if self.option["selected"]:
                f.defaults.append(value)
            self.option = None
        elif tag == "select" and self.select is not None:
            name, f = self.select
            if f.kind == "select" and not f.defaults and f.options:
                f.defaults = [f.options[0]]  # a browser sends the first option
            self.select = None


def parse_forms(html: str) -> list[Form]:
    parser = FormParser()
    parser.feed(html)
    return parser.forms


@dataclass
class Page:
    url: str
    status: int
    html: str

    def form(self, path: str, method: str = "post") -> Form:
        found = [f for f in parse_forms(self.html) if f.path == path and f.method == method]
        assert len(found) == 1, f"expected one {method} form to {path} on {self.url}, " \
                                f"found {len(found)}"
        return found[0]

    def has_form(self, path: str) -> bool:
        return any(f.path == path for f in parse_forms(self.html))

    def links(self, pattern: str) -> list[str]:
        return [unescape(href) for href in re.findall(r'href="([^"]+)"', self.html)
                if re.search(pattern, unescape(href))]

    def messages(self) -> str:
        """The flash messages shown at the top of the page, as one text."""
        found = re.findall(r'<div class="message [^"]*"[^>]*>(.*?)</div>', self.html, flags=re.S)
        return " | ".join(" ".join(unescape(m).split()) for m in found)

    def text(self) -> str:
        return " ".join(unescape(re.sub(r"<[^>]+>", " ", self.html)).split())


class Browser:
    """A logged-in user with their own client; every request goes into the shared log."""

    def __init__(self, user, log: list, language: str | None = "en"):
        self.client = Client()
        self.client.force_login(user)
        if language:
            self.client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
        self.log = log

    def get(self, url: str, data=None, expect: int = 200, method: str = "GET") -> Page:
        response = self.client.get(url, data)
        self.log.append((method, url, response.status_code))
        assert response.status_code == expect, (url, response.status_code)
        return Page(url, response.status_code, response.content.decode())

    def download(self, url: str):
        response = self.client.get(url)
        self.log.append(("GET", url, response.status_code))
        assert response.status_code == 200, (url, response.status_code)
        return response

    def submit(self, form: Form, values: dict | None = None, expect: int = 302) -> Page:
        """Post the form as filled in; follow the redirect like a browser does."""
        assert form.method == "post"
        data = form.fill(values)
        response = self.client.post(form.action, data)
        self.log.append(("POST", form.action, response.status_code))
        assert response.status_code == expect, (
            form.action, response.status_code, errors(response.content.decode()))
        if response.status_code == 302:
            return self.get(response.url, method=REDIRECT)
        return Page(form.action, response.status_code, response.content.decode())

    def post(self, url: str, data: dict):
        response = self.client.post(url, data)
        self.log.append(("POST", url, response.status_code))
        return response


# --------------------------------------------------------------------------- helpers


def errors(html: str) -> list[str]:
    """The error summary and field errors of a page, as text (for failure messages)."""
    found = re.findall(
        r'<(?:div class="error-summary"|p class="field__error")[^>]*>(.*?)</(?:div|p)>',
        html, flags=re.S)
    return [" ".join(unescape(re.sub(r"<[^>]+>", " ", item)).split()) for item in found]


def timeline(page: Page) -> list[str]:
    items = re.findall(r'<p class="timeline__text">(.*?)</p>', page.html, flags=re.S)
    return [" ".join(unescape(re.sub(r"<[^>]+>", " ", item)).split()) for item in items]


def in_order(lines: list[str], expected: list[str]) -> None:
    """Each expected fragment appears in a later timeline line than the one before it."""
    position = -1
    for fragment in expected:
        later = [i for i, line in enumerate(lines) if i > position and fragment in line]
        assert later, f"{fragment!r} not found after line {position} in the timeline: {lines}"
        position = later[0]


def pdf_text(content: bytes) -> str:
    reader = PdfReader(BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def snapshot(case):
    fresh = Case.objects.get(pk=case.pk)
    return (fresh.status, fresh.handling_unit_id, fresh.version,
            CaseEvent.objects.filter(case=case).count())


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT


# --------------------------------------------------------------------------- the journey


def test_a_case_goes_from_intake_to_closure_in_the_ui_and_the_pdf_shows_it_all(
        make_user, media_root):
    today = timezone.localdate()
    log: list = []
    pelapor_user = make_user("327301", "pelapor", username="siti_pelapor")
    pelapor = Browser(pelapor_user, log)
    kepala_user = make_user("327301", "kepala", username="hasan_kepala")
    kepala = Browser(kepala_user, log)
    # A party already in the registry (e.g. from an earlier case).
    existing, _dup = party_services.create_party(
        actor=kepala_user, kind="rumah_ibadah", name="Masjid Jami Al-Falah Sukarasa",
        region="327301", religion="islam")

    # 1. The pelapor registers the report from the home page.
    home = pelapor.get("/")
    assert reverse("case-create") in home.links("/kasus/baru/")
    intake = pelapor.get(reverse("case-create"))
    form = intake.form(reverse("case-create"))
    # The picker is pre-set to the KUA's own district; the village is one of its options.
    assert form.fields["district"].defaults == ["327301"]
    page = pelapor.submit(form, {
        "title": "Keberatan warga atas renovasi musala Al-Ikhlas",
        "chronology": "Sebagian warga RT 03 menolak renovasi musala. Pengurus meminta "
                      "mediasi KUA.",
        "category": "rumah_ibadah",
        "occurred_on": (today - timedelta(days=1)).isoformat(),
        "alert_level": "1",
        "village": VILLAGE_IN_CHILD,
        "reporter_name": "Siti Aminah",
        "reporter_contact": "0812-3456-7890",
    })
    case = Case.objects.get()
    assert page.url == reverse("case-detail", args=[case.number])
    assert f"Case {case.number} is registered" in page.messages()
    assert case.handling_unit.code == "327301" and case.location_id == VILLAGE_IN_CHILD
    assert case.status == Status.DILAPORKAN and case.alert_level == 1
    detail_url = page.url

    # 2. The kepala of the KUA finds it in the queue and verifies it.
    queue = kepala.get("/")
    assert case.number in queue.text()
    assert f"{detail_url}#action-verify" in queue.links("#action-verify")
    page = kepala.get(detail_url)
    verify = page.form(reverse("case-transition", args=[case.number, "verify"]))
    assert verify.fields["verify-version"].defaults == [str(case.version)]
    page = kepala.submit(verify)
    assert "“Verify” done" in page.messages()
    case.refresh_from_db()
    assert case.status == Status.TERVERIFIKASI

    # 3. Parties: a new one (the complainant) and one found in the registry.
    page = kepala.submit(page.form(reverse("case-party-create", args=[case.number])), {
        "newparty-kind": "perorangan", "newparty-name": "Ahmad Fauzi Ramadhan",
        "newparty-region": VILLAGE_IN_CHILD, "newparty-religion": "islam",
        "newparty-role": "pengadu", "newparty-note": "Ketua pengurus musala",
    })
    assert "Ahmad Fauzi Ramadhan is registered and added as Complainant" in page.messages()
    search = page.form(detail_url, method="get")
    assert "party_q" in search.fields
    page = kepala.get(detail_url, search.fill({"party_q": "Al-Falah"}))
    link = page.form(reverse("case-party-link", args=[case.number]))
    page = kepala.submit(link, {"partylink-party": str(existing.pk), "partylink-role": "teradu"})
    assert "Masjid Jami Al-Falah Sukarasa is added as Reported party" in page.messages()
    complainant = CaseParty.objects.get(case=case, role="pengadu").party
    assert CaseParty.objects.filter(case=case).count() == 2

    # 4. A handling action: the first one starts handling, and the page says so.
    action = page.form(reverse("case-action-add", args=[case.number]))
    assert action.fields["handling-date"].defaults == [today.isoformat()]
    page = kepala.submit(action, {
        "handling-type": "mediasi", "handling-place": "Aula KUA Sukasari",
        "handling-participants": [str(complainant.pk), str(existing.pk)],
        "handling-officials": "Lurah Sukarasa\nKetua FKUB Kota Bandung",
        "handling-outcome": "Kedua pihak sepakat renovasi ditunda sampai ada izin warga.",
        "handling-next_step": "Menyusun kesepakatan tertulis.",
    })
    assert "Handling has started: the case is now “In handling”" in page.messages()
    case.refresh_from_db()
    assert case.status == Status.DITANGANI
    assert HandlingAction.objects.get(case=case).participant_parties.count() == 2

    # 5. A task for the KUA, then done.
    page = kepala.submit(page.form(reverse("case-task-add", args=[case.number])), {
        "task-title": "Undang pengurus masjid dan musala",
        "task-assignee": "unit:327301",
        "task-due_date": (today + timedelta(days=3)).isoformat(),
    })
    task = Task.objects.get(case=case)
    assert "Task “Undang pengurus masjid dan musala” is created." in page.messages()
    page = kepala.submit(page.form(reverse("case-task-complete", args=[case.number, task.pk])),
                         {f"task-{task.pk}-done-note": "Undangan sudah disampaikan"})
    assert "is done." in page.messages()
    task.refresh_from_db()
    assert task.status == "done"

    # 6. The agreement, with a follow-up date.
    follow_up = today + timedelta(days=30)
    terms = "Renovasi musala ditunda tiga bulan dan dimusyawarahkan bersama warga RT 03."
    page = kepala.submit(page.form(reverse("case-agreement-add", args=[case.number])), {
        "agreement-parties": [str(complainant.pk), str(existing.pk)],
        "agreement-terms": terms,
        "agreement-signed_on": today.isoformat(),
        "agreement-follow_up_1": follow_up.isoformat(),
    })
    assert "The agreement is recorded." in page.messages()
    agreement = Agreement.objects.get(case=case)
    assert [f.due_on for f in agreement.follow_ups.all()] == [follow_up]

    # 7. Evidence: a photo, then its download.
    upload = page.form(reverse("case-attachment-add", args=[case.number]))
    assert upload.enctype == "multipart/form-data"
    assert upload.fields["attachment-file"].kind == "file"
    image = png_bytes()
    page = kepala.submit(upload, {
        "attachment-file": SimpleUploadedFile("foto-musala.png", image, content_type="image/png"),
        "attachment-kind": "foto", "attachment-description": "Kondisi musala saat mediasi",
    })
    attachment = Attachment.objects.get(case=case)
    assert "“foto-musala.png”" in page.messages() and attachment.sha256[:12] in page.html
    [download_url] = page.links(r"/lampiran/\d+/$")
    response = kepala.download(download_url)
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == image

    # 8. Resolve (outcome: agreement reached), monitor, close.
    resolve = page.form(reverse("case-transition", args=[case.number, "resolve"]))
    page = kepala.submit(resolve, {"resolve-outcome": "damai",
                                   "resolve-reason": "Kesepakatan ditandatangani kedua pihak."})
    assert "“Resolve” done" in page.messages()
    page = kepala.submit(page.form(reverse("case-transition", args=[case.number, "monitor"])))
    assert "“Start monitoring” done" in page.messages()
    page = kepala.submit(page.form(reverse("case-transition", args=[case.number, "close"])),
                         {"close-reason": "Situasi kondusif selama pemantauan."})
    assert "“Close” done" in page.messages()
    case.refresh_from_db()
    assert (case.status, case.outcome) == (Status.DITUTUP, "damai")
    journey_requests = len(log)
    journey_clicks = sum(1 for method, _url, _status in log if method != REDIRECT)

    # 9. The case report, downloaded by an office user in the default language (Indonesian).
    pdf_url = reverse("case-report-pdf", args=[case.number])
    assert pdf_url in page.links(r"laporan\.pdf$")
    reader = Browser(kepala_user, log, language=None)
    response = reader.download(pdf_url)
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    for expected in (case.number, "Ahmad Fauzi Ramadhan", "Masjid Jami Al-Falah Sukarasa",
                     "Aula KUA Sukasari", "Kedua pihak sepakat renovasi ditunda", terms,
                     "foto-musala.png", "Halaman 1 dari"):
        assert expected in text, f"{expected!r} is not in the PDF: {text[:3000]}"
    assert attachment.sha256[:12] in text.replace(" ", "")

    # 10. The timeline tells every step, in order.
    lines = timeline(kepala.get(detail_url))
    in_order(lines, [
        f"Reported by {pelapor_user.display_name}; handled by KUA Kecamatan Sukasari",
        f"Verified by {kepala_user.display_name}",
        "added Ahmad Fauzi Ramadhan as Complainant",
        "added Masjid Jami Al-Falah Sukarasa as Reported party",
        "Handling started by",
        "Mediation on",
        "Task “Undang pengurus masjid dan musala” (due",
        "Task “Undang pengurus masjid dan musala” completed by",
        "Agreement signed on",
        f"Photo “foto-musala.png” attached by {kepala_user.display_name} "
        f"(SHA-256 {attachment.sha256})",
        f"Resolved by {kepala_user.display_name} — outcome: Agreement reached",
        "Monitoring started by",
        "Closed by",
    ])

    # "Few clicks": the whole journey, redirects included, stays within the budget.
    assert journey_clicks <= JOURNEY_CLICK_BUDGET, log
    assert journey_requests <= JOURNEY_REQUEST_BUDGET, log


# --------------------------------------------------------------------------- escalation


def test_escalation_then_delegation_leaves_the_first_kua_watching_but_not_acting(
        make_case, make_user):
    log: list = []
    case = make_case(alert_level=1, location=VILLAGE_IN_CHILD)
    assert case.handling_unit.code == "327301"
    kua = Browser(make_user("327301", "kepala"), log)
    detail_url = reverse("case-detail", args=[case.number])
    escalate_path = reverse("case-transition", args=[case.number, "escalate"])

    # Without a reason: the error summary, and nothing changed.
    page = kua.get(detail_url)
    escalate = page.form(escalate_path)
    assert "3273" in escalate.fields["escalate-target_unit"].options
    before = snapshot(case)
    page = kua.submit(escalate, {"escalate-target_unit": "3273"}, expect=400)
    assert "There is a problem" in page.html and 'href="#id_escalate-reason"' in page.html
    assert snapshot(case) == before

    # With a reason (the re-shown form still carries the version).
    page = kua.submit(page.form(escalate_path), {
        "escalate-target_unit": "3273", "escalate-reason": "Melibatkan dua kecamatan."})
    assert "“Escalate” done" in page.messages()
    case.refresh_from_db()
    assert case.handling_unit.code == "3273"

    # The Kankemenag kepala sees it waiting and delegates it to KUA Coblong.
    kankemenag = Browser(make_user("3273", "kepala"), log)
    assert case.number in kankemenag.get("/").text()
    page = kankemenag.get(detail_url)
    delegate = page.form(reverse("case-transition", args=[case.number, "delegate"]))
    page = kankemenag.submit(delegate, {"delegate-target_unit": "327302",
                                        "delegate-reason": "KUA Coblong lebih dekat."})
    assert "“Delegate” done" in page.messages()
    case.refresh_from_db()
    assert case.handling_unit.code == "327302"
    coblong = Browser(make_user("327302", "kepala"), log)
    assert case.number in coblong.get("/").text()

    # KUA Sukasari still sees the case (it happened in its district) but cannot act.
    before = snapshot(case)
    page = kua.get(detail_url)
    assert case.number in page.text()
    assert "There is no workflow action for you on this case right now." in page.text()
    case_forms = [f.action for f in parse_forms(page.html)
                  if f.method == "post" and f.path.startswith(detail_url)]
    assert case_forms == []  # no workflow buttons, no handling, note or upload forms
    for action, data in (("verify", {}), ("escalate", {"escalate-target_unit": "3273",
                                                      "escalate-reason": "Coba lagi"})):
        response = kua.post(reverse("case-transition", args=[case.number, action]), data)
        assert response.status_code == 403, action
    assert kua.post(reverse("case-action-add", args=[case.number]), {
        "handling-type": "dialog", "handling-date": timezone.localdate().isoformat(),
        "handling-outcome": "x"}).status_code == 403
    assert snapshot(case) == before
