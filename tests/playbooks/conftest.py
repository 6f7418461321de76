import pytest

from selaras.cases import services as case_services
from selaras.playbooks import services


def step_data(title, *, level=2, role="penangan", anchor="verified", hours=72, **extra):
    return {"title": title, "guidance": f"Panduan untuk {title}.", "responsible_level": level,
            "responsible_role": role, "anchor": anchor, "offset_hours": hours, **extra}


@pytest.fixture
def editor(pusat_kepala):
    return pusat_kepala


@pytest.fixture
def kepala(make_user):
    return make_user("own", "kepala")


@pytest.fixture
def penangan(make_user):
    return make_user("own", "penangan")


@pytest.fixture
def make_playbook(editor):
    """A published playbook for a category with the given steps (default: three)."""

    def make(category="rumah_ibadah", steps=None, alert_level=None, title="SOP uji"):
        playbook = services.create_playbook(actor=editor, category=category, title=title,
                                            alert_level=alert_level)
        draft = playbook.versions.get()
        for data in steps or [
            step_data("Musyawarah", level=3, anchor="verified", hours=72,
                      legal_regulation="PBM 9/8 2006", legal_article="Pasal 21 ayat (1)",
                      legal_verified=True),
            step_data("Pendapat FKUB", level=2, anchor="reported", hours=24),
            step_data("Pengadilan", level=1, anchor="handling_started", hours=48),
        ]:
            services.add_step(actor=editor, version=draft, data=data)
        services.publish(actor=editor, version=draft)
        return playbook

    return make


@pytest.fixture
def playbook(make_playbook):
    return make_playbook()


@pytest.fixture
def verified_case(make_case, kepala, playbook):
    case = make_case()
    return case_services.perform_transition(actor=kepala, case=case, action="verify")
