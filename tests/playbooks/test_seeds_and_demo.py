"""Seeded playbooks: one per starting category, exact or flagged citations, idempotent;
the demo's verified house-of-worship case shows its playbook with tasks and deadlines."""

from django.core.management import call_command

from selaras.cases.models import Case, Category, Status
from selaras.playbooks.models import Playbook, PlaybookStep, VersionStatus
from selaras.playbooks.seeds import UNVERIFIED, seed_playbooks
from selaras.playbooks.services import current_case_playbook


def test_every_top_level_category_gets_a_published_playbook(db):
    created = seed_playbooks()
    top = set(Category.objects.filter(parent__isnull=True).values_list("code", flat=True))
    assert created == len(top)
    published = set(Playbook.objects.filter(versions__status=VersionStatus.PUBLISHED)
                    .values_list("category_id", flat=True))
    assert published == top
    assert seed_playbooks() == 0


def test_citations_are_exact_or_flagged_unverified(db):
    seed_playbooks()
    steps = PlaybookStep.objects.exclude(legal_regulation="")
    for step in steps:
        if step.legal_verified:
            assert step.legal_article, step
        else:
            assert UNVERIFIED in step.guidance or UNVERIFIED in step.legal_text, step
    rumah = PlaybookStep.objects.filter(version__playbook__seed_key="rumah_ibadah")
    assert {s.legal_article for s in rumah if s.legal_verified} >= {
        "Pasal 21 ayat (1)", "Pasal 21 ayat (2)", "Pasal 21 ayat (3)"}
    wakaf = PlaybookStep.objects.filter(version__playbook__seed_key="sengketa_wakaf")
    assert any(s.legal_article.startswith("Pasal 62") for s in wakaf)
    penodaan = PlaybookStep.objects.filter(version__playbook__seed_key="penodaan_agama")
    assert any(s.legal_article == "Pasal 300–305" and "2 Januari 2026" in s.legal_regulation
               for s in penodaan)


def test_demo_house_of_worship_case_follows_its_playbook(db):
    seed_playbooks()
    call_command("seed_demo", verbosity=0)
    case = Case.objects.filter(category_id="rumah_ibadah", status=Status.TERVERIFIKASI).first()
    assert case is not None
    cp = current_case_playbook(case)
    assert cp is not None and cp.version.playbook.seed_key == "rumah_ibadah"
    rows = list(cp.progress.select_related("task"))
    assert rows and all(r.task is not None and r.task.due_date for r in rows)


def test_backfill_gives_older_demo_cases_their_playbook(db):
    call_command("seed_demo", verbosity=0)  # before any playbook exists
    verified = Case.objects.filter(status__in=[Status.TERVERIFIKASI, Status.DITANGANI])
    assert not any(current_case_playbook(c) for c in verified)
    call_command("seed_playbooks", backfill_demo=True, verbosity=0)
    assert all(current_case_playbook(c) for c in verified)
    before = sum(c.playbooks.count() for c in verified)
    call_command("seed_playbooks", backfill_demo=True, verbosity=0)
    assert sum(c.playbooks.count() for c in verified) == before
