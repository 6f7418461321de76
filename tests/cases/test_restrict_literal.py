"""``restrict(user, "view")`` written as literal lists (issue #8) is the same set as the
read path's original form: located in my area and not confidential, OR handled by my
unit or a unit below (a LIKE on the joined unit tree), OR named to me (EXISTS).

The original form is written out here, independently of access.py, and compared for
every role at every place, for users with several memberships, and on cases that are
confidential, delegated down, escalated up, handled outside their area and named to a
member. The list's cheaper count (the sum of the disjoint pieces) is checked against
the number of rows for every user and several filters.
"""

import pytest
from django.db.models import Exists, OuterRef, Q

from selaras.cases import selectors
from selaras.cases.access import VIEW_ROLES, area_q, view_scope
from selaras.cases.models import Case, CaseAccess
from selaras.org.jurisdiction import grants_for
from selaras.org.models import Membership, Unit

from .conftest import apply

ROLES = ["pelapor", "penangan", "kepala", "analis", "admin", "auditor"]
PLACES = ["pusat", "kanwil", "own", "child", "sibling", "sibling_kua", "other_province",
          "other_kua"]


def original_view_q(user) -> Q | None:
    """The read path as it was before issue #8 (a join of the unit tree and an EXISTS)."""
    grants = [g for g in grants_for(user) if g.role in VIEW_ROLES]
    if not grants:
        return None
    if any(g.area_prefixes is None for g in grants):
        return Q()
    handled = Q(pk__in=[])
    for path in sorted({g.unit_path for g in grants}):
        handled |= Q(handling_unit__path__startswith=path)
    located = Q(pk__in=[])
    for grant in grants:
        located |= area_q(grant.area_prefixes or ())
    named = Exists(CaseAccess.objects.filter(case=OuterRef("pk"), user=user))
    return (located & Q(confidential=False)) | handled | named


def original_ids(user) -> set[int]:
    q = original_view_q(user)
    if q is None:
        return set()
    return set(Case.objects.filter(q).values_list("pk", flat=True))


def ids(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


@pytest.fixture
def cases(make_case, pusat_kepala, unit):
    c = {
        "plain": make_case(),  # village in KUA 327301, handled by Kankemenag 3273
        "confidential": make_case(confidential=True),
        "child2": make_case(location="327302"),
        "sibling": make_case(location="320405"),
        "sibling_conf": make_case(location="320405", confidential=True),
        "jakarta": make_case(location="317101"),
        "jakarta_conf": make_case(location="317101", confidential=True),
        "level3": make_case(alert_level=3),  # routed higher up by its level
    }
    # Delegated down to the KUA, confidential: the KUA sees it because it handles it.
    c["delegated"] = apply(pusat_kepala, make_case(confidential=True), "verify")
    c["delegated"] = apply(pusat_kepala, c["delegated"], "delegate",
                           target_unit=unit("child"))
    # Escalated up to the Kanwil: the Kankemenag keeps it by area, not by handling.
    c["escalated"] = apply(pusat_kepala, make_case(confidential=True), "verify")
    c["escalated"] = apply(pusat_kepala, c["escalated"], "escalate",
                           target_unit=unit("kanwil"))
    # Handled by an office outside the case's area (a Jakarta case handled in Bandung).
    moved = make_case(location="317101", confidential=True)
    Case.objects.filter(pk=moved.pk).update(handling_unit=unit("own"))
    c["moved"] = Case.objects.get(pk=moved.pk)
    return c


@pytest.fixture
def users(make_user, pusat_kepala, cases, django_user_model):
    everyone = {"pusat_kepala": pusat_kepala}
    for place in PLACES:
        for role in ROLES:
            if (place, role) != ("pusat", "kepala"):
                everyone[f"{place}_{role}"] = make_user(place, role,
                                                        username=f"{place}_{role}")
    # Several memberships: a handler in one office and an analyst in another.
    multi = make_user("own", "penangan", username="multi")
    Membership.objects.create(user=multi, unit=Unit.objects.get(code="3204"), role="analis")
    everyone["multi"] = multi
    everyone["nobody"] = make_user("", "kepala", username="nobody")
    # Named access: a KUA handler of another province named to a Bandung case, an admin
    # (no case-viewing role) named too, the sibling's head named to the delegated case,
    # the KUA handler named to a case the KUA handles anyway (named ∩ handled below).
    for username, case in (("other_kua_penangan", "confidential"),
                           ("other_kua_penangan", "sibling_conf"),
                           ("own_admin", "confidential"),
                           ("sibling_kepala", "delegated"),
                           ("child_penangan", "delegated"),
                           ("child_penangan", "plain")):
        CaseAccess.objects.create(case=cases[case], user=everyone[username],
                                  granted_by=pusat_kepala)
    return {name: django_user_model.objects.get(pk=u.pk) for name, u in everyone.items()}


def test_literal_lists_equal_the_original_read_path_for_every_user(cases, users):
    for name, user in users.items():
        expected = original_ids(user)
        assert ids(Case.objects.restrict(user, "view")) == expected, name
        assert ids(selectors.case_list(user)) == expected, name


def test_the_fixture_exercises_every_branch(cases, users):
    """Guards the test itself: each branch of the read path decides some case."""
    c = cases
    kua = ids(Case.objects.restrict(users["child_penangan"], "view"))
    assert c["delegated"].pk in kua  # handled below, confidential
    assert c["confidential"].pk not in kua  # confidential in the area, handled above
    own = ids(Case.objects.restrict(users["own_kepala"], "view"))
    assert c["moved"].pk in own  # handled by the unit, located elsewhere
    assert c["escalated"].pk not in own  # confidential, handled above
    assert c["plain"].pk in own
    named = ids(Case.objects.restrict(users["other_kua_penangan"], "view"))
    assert {c["confidential"].pk, c["sibling_conf"].pk} <= named  # named access
    assert c["jakarta_conf"].pk not in named
    assert not ids(Case.objects.restrict(users["own_admin"], "view"))  # admin sees none
    assert not ids(Case.objects.restrict(users["nobody"], "view"))
    assert len(ids(Case.objects.restrict(users["pusat_analis"], "view"))) == len(c)


@pytest.mark.parametrize("params", [
    {},
    {"status": "dilaporkan"},
    {"status": "terverifikasi,ditangani"},
    {"alert_level": "3"},
    {"region": "3273"},
    {"unit": "3273"},
    {"sort": "level"},
])
def test_the_list_count_equals_its_rows(cases, users, params):
    flt = selectors.CaseFilter.from_params(params)
    for name, user in users.items():
        queryset = selectors.case_list(user, flt)
        assert queryset.count() == len(list(queryset)), (name, params)


def test_the_count_pieces_do_not_overlap_and_cover_the_scope(cases, users):
    for name, user in users.items():
        scope = view_scope(user)
        if scope is None or scope is True:
            continue
        pieces = [ids(Case.objects.filter(part)) for part in scope.disjoint_parts()]
        union = set().union(*pieces)
        assert sum(len(p) for p in pieces) == len(union), name
        assert union == original_ids(user), name


def test_a_filter_after_the_list_drops_the_cheaper_count(cases, users):
    """The sum-of-pieces count belongs to exactly the list it was made for."""
    user = users["own_kepala"]
    listed = selectors.case_list(user)
    assert listed.filter(status="ditangani").count() == 0
    assert listed.order_by("number").count() == len(list(listed))
    assert listed.select_related("duplicate_of").count() == len(list(listed))


def test_named_access_granted_after_the_user_was_loaded_counts(cases, users):
    """The named ids are read when restrict() is called, not cached on the user."""
    user = users["sibling_penangan"]
    assert cases["jakarta_conf"].pk not in ids(Case.objects.restrict(user, "view"))
    CaseAccess.objects.create(case=cases["jakarta_conf"], user=user)
    assert cases["jakarta_conf"].pk in ids(Case.objects.restrict(user, "view"))
    assert selectors.case_list(user).count() == len(original_ids(user))
