from selaras.cases import services
from selaras.cases.models import Case, CaseEvent, Status


def test_case_lifecycle_through_services(make_case, make_user, unit):
    case = make_case()
    assert case.status == Status.DILAPORKAN
    assert case.handling_unit.code == "3273"  # level 2 → Kankemenag of the regency
    assert case.number.startswith("KSBK-3273-")
    kepala = make_user("own", "kepala")
    assert Case.objects.restrict(kepala, "view").filter(pk=case.pk).exists()
    case = services.perform_transition(actor=kepala, case=case, action="verify")
    assert case.status == Status.TERVERIFIKASI
    assert CaseEvent.objects.filter(case=case).count() == 2
