"""The two analytics scopes against the single read path, including named access."""

from selaras.analytics.scope import counted_cases, listed_cases
from selaras.cases.models import Case, CaseAccess


def pks(queryset):
    return set(queryset.values_list("pk", flat=True))


def test_listed_is_exactly_the_read_path(world):
    for user in world.users.values():
        assert pks(listed_cases(user)) == pks(Case.objects.restrict(user, "view"))


def test_counted_is_the_read_path_plus_confidential_cases_of_the_area(world):
    c = world.cases
    own = world.users["own_kepala"]
    assert pks(counted_cases(own)) - pks(listed_cases(own)) == {c["c3"].pk}
    neighbour = world.users["sibling_kepala"]
    assert pks(counted_cases(neighbour)) == {c["c5"].pk, c["c7"].pk}
    assert pks(counted_cases(world.users["pusat"])) == pks(Case.objects.all())


def test_a_named_member_outside_the_area_counts_and_lists_the_named_case(world):
    c3 = world.cases["c3"]
    neighbour = world.users["sibling_kepala"]
    CaseAccess.objects.create(case=c3, user=neighbour, granted_by=world.users["pusat"])
    neighbour = type(neighbour).objects.get(pk=neighbour.pk)  # fresh grant caches
    assert c3.pk in pks(listed_cases(neighbour))
    assert c3.pk in pks(counted_cases(neighbour))


def test_counted_equals_the_union_written_out_for_every_user(world):
    """counted_cases is written as literal lists for speed; it must stay exactly
    restrict(view) ∪ confidential cases located in the user's area."""
    from selaras.analytics.scope import user_area_prefixes
    from selaras.cases.access import area_q

    c3 = world.cases["c3"]
    CaseAccess.objects.create(case=c3, user=world.users["sibling_kepala"],
                              granted_by=world.users["pusat"])
    for user in world.users.values():
        user = type(user).objects.get(pk=user.pk)  # fresh grant caches
        expected = pks(Case.objects.restrict(user, "view"))
        prefixes = user_area_prefixes(user)
        if prefixes:
            expected |= pks(Case.objects.filter(area_q(prefixes), confidential=True))
        assert pks(counted_cases(user)) == expected, user.username


def test_hidden_is_exactly_counted_minus_listed_for_every_user(world):
    """scope.hidden_cases feeds "counted but not listed" with index-friendly lists; it
    must equal counted_cases - listed_cases, also with named access."""
    from selaras.analytics.scope import hidden_cases

    CaseAccess.objects.create(case=world.cases["c3"], user=world.users["sibling_kepala"],
                              granted_by=world.users["pusat"])
    for user in world.users.values():
        user = type(user).objects.get(pk=user.pk)
        hidden = hidden_cases(user)
        expected = pks(counted_cases(user)) - pks(listed_cases(user))
        assert (set() if hidden is None else pks(hidden)) == expected, user.username
    own = type(world.users["own_kepala"]).objects.get(pk=world.users["own_kepala"].pk)
    assert pks(hidden_cases(own)) == {world.cases["c3"].pk}
