"""What merging refuses — and that a refusal changes nothing on either case."""

import pytest
from django.utils import translation

from selaras.cases import relations, services
from selaras.cases.models import Note
from selaras.core.errors import ActionNotAllowed, PermissionDenied, ValidationError

from .conftest import snapshot


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


@pytest.fixture
def kepala(make_user):
    return make_user("own", "kepala")


def _refused(exc_type, *, actor, duplicate, original, reason="Ganda"):
    cases = [duplicate] + ([original] if hasattr(original, "pk") else [])
    before = [snapshot(c) for c in cases]
    notes = list(Note.objects.values_list("pk", "case_id"))
    with pytest.raises(exc_type) as exc:
        relations.merge_duplicate(actor=actor, duplicate=duplicate, original=original,
                                  reason=reason)
    assert [snapshot(c) for c in cases] == before
    assert list(Note.objects.values_list("pk", "case_id")) == notes
    return exc.value


def test_not_into_itself(make_case, kepala):
    case = make_case()
    error = _refused(ValidationError, actor=kepala, duplicate=case, original=case)
    assert "itself" in error.message_dict["original"][0]


def test_not_into_a_case_the_actor_cannot_see(make_case, kepala):
    duplicate = make_case()
    hidden = make_case(location="3171011001")
    error = _refused(ValidationError, actor=kepala, duplicate=duplicate, original=hidden.number)
    unknown = _refused(ValidationError, actor=kepala, duplicate=duplicate,
                       original="KSBK-0000-1999-00001")
    # Indistinguishable from a number that does not exist.
    assert error.message_dict["original"][0].replace(hidden.number, "N") == \
        unknown.message_dict["original"][0].replace("KSBK-0000-1999-00001", "N")
    assert snapshot(hidden)["events"] == 1


def test_not_into_a_rejected_or_duplicate_case(make_case, kepala):
    first, second, third = make_case(), make_case(), make_case()
    relations.merge_duplicate(actor=kepala, duplicate=second, original=first, reason="Ganda")
    second.refresh_from_db()
    error = _refused(ValidationError, actor=kepala, duplicate=third, original=second)
    assert first.number in error.message_dict["original"][0]  # points at the real original

    rejected = services.perform_transition(actor=kepala, case=make_case(), action="reject",
                                           reason="Hoaks", reject_reason="hoaks")
    error = _refused(ValidationError, actor=kepala, duplicate=third, original=rejected)
    assert "rejected" in error.message_dict["original"][0]


def test_not_into_a_closed_case(make_case, kepala, advance):
    closed = advance(make_case(), "ditutup", kepala)
    error = _refused(ValidationError, actor=kepala, duplicate=make_case(), original=closed)
    assert "reopen" in error.message_dict["original"][0]


def test_no_loop_back_into_a_merged_case(make_case, kepala):
    """The original of a merge cannot be merged into its own duplicate."""
    original, duplicate = make_case(), make_case()
    relations.merge_duplicate(actor=kepala, duplicate=duplicate, original=original,
                              reason="Ganda")
    duplicate.refresh_from_db()
    error = _refused(ValidationError, actor=kepala, duplicate=original, original=duplicate)
    assert "original" in error.message_dict


def test_loop_in_duplicate_chain_is_refused(make_case, kepala):
    """Defence in depth: even an original that is not rejected but points back is refused."""
    original, duplicate = make_case(), make_case()
    original.duplicate_of = duplicate  # data that only a broken import could produce
    original.save(update_fields=["duplicate_of"])
    error = _refused(ValidationError, actor=kepala, duplicate=duplicate, original=original)
    assert "loop" in error.message_dict["original"][0]


def test_confidential_duplicate_not_into_a_public_case(make_case, kepala):
    original = make_case()
    duplicate = make_case(confidential=True)
    error = _refused(ValidationError, actor=kepala, duplicate=duplicate, original=original)
    assert "confidential" in error.message_dict["original"][0]


def test_public_duplicate_into_a_confidential_case_is_fine(make_case, kepala):
    original = make_case(confidential=True)
    merged = relations.merge_duplicate(actor=kepala, duplicate=make_case(), original=original,
                                       reason="Ganda")
    assert merged.duplicate_of == original


@pytest.mark.parametrize("status", ["selesai", "ditutup", "ditolak"])
def test_only_open_cases_can_be_merged(status, make_case, kepala, advance):
    duplicate = advance(make_case(), status, kepala)
    _refused(ActionNotAllowed, actor=kepala, duplicate=duplicate, original=make_case())


@pytest.mark.parametrize("reason", ["", "   ", None, "x" * 2001])
def test_reason_is_required(reason, make_case, kepala):
    error = _refused(ValidationError, actor=kepala, duplicate=make_case(), original=make_case(),
                     reason=reason)
    assert "reason" in error.message_dict


@pytest.mark.parametrize(("place", "role"), [("own", "penangan"), ("own", "pelapor"),
                                             ("child", "kepala"), ("own", "analis")])
@pytest.mark.parametrize("status", ["dilaporkan", "ditangani"])
def test_only_a_head_of_the_handling_unit_or_above_merges(place, role, status, make_case,
                                                          make_user, kepala, advance):
    duplicate = advance(make_case(), status, kepala)
    _refused(PermissionDenied, actor=make_user(place, role), duplicate=duplicate,
             original=make_case())


def test_head_above_may_merge(make_case, make_user, advance, kepala):
    kanwil = make_user("kanwil", "kepala")
    duplicate = advance(make_case(), "ditangani", kepala)
    merged = relations.merge_duplicate(actor=kanwil, duplicate=duplicate, original=make_case(),
                                       reason="Ganda")
    assert merged.status == "ditolak"


def test_original_needs_only_to_be_visible(make_case, make_user, advance):
    """A KUA head merges their case into the one their Kankemenag handles."""
    kua_kepala = make_user("child", "kepala")
    duplicate = make_case(alert_level=1)
    original = make_case(alert_level=2)
    assert (duplicate.handling_unit.code, original.handling_unit.code) == ("327301", "3273")
    merged = relations.merge_duplicate(actor=kua_kepala, duplicate=duplicate, original=original,
                                       reason="Sudah ditangani Kankemenag")
    assert merged.duplicate_of == original
