"""The data step of migrations cases.0008 / parties.0002 encrypts existing plaintext rows
in place (and hashes them), skips rows already encrypted, and its reverse decrypts."""

from types import SimpleNamespace

from django.apps import apps
from django.db import connection

from selaras.cases.models import Case
from selaras.core import crypto
from selaras.core.fields import encrypt_in_place

OPERATION = encrypt_in_place("cases", "Case", encrypted=("reporter_name", "reporter_contact"),
                             hashes={"reporter_contact_hash": ("reporter_contact", "contact")})

# The data step uses only the editor's connection (raw SQL); SQLite's real schema editor
# cannot be opened inside the test's transaction.
EDITOR = SimpleNamespace(connection=connection)


def raw(pk):
    with connection.cursor() as cursor:
        cursor.execute("SELECT reporter_name, reporter_contact, reporter_contact_hash "
                       "FROM cases_case WHERE id = %s", [pk])
        return cursor.fetchone()


def test_plaintext_rows_are_encrypted_then_decrypted_back(make_case):
    plain = make_case(reporter_name="", reporter_contact="")
    done = make_case(reporter_name="Sudah Terenkripsi")
    already = raw(done.pk)
    with connection.cursor() as cursor:  # a row as it was before the migration
        cursor.execute("UPDATE cases_case SET reporter_name = %s, reporter_contact = %s, "
                       "reporter_contact_hash = '' WHERE id = %s",
                       ["Budi Santoso", "+62 812 0000 1111", plain.pk])
    OPERATION.code(apps, EDITOR)
    name, contact, contact_hash = raw(plain.pk)
    assert crypto.is_encrypted(name) and crypto.is_encrypted(contact)
    assert contact_hash == crypto.keyed_hash("0812 0000 1111", "contact")
    assert raw(done.pk)[:2] == already[:2]  # encrypted rows are left alone
    fresh = Case.objects.get(pk=plain.pk)
    assert (fresh.reporter_name, fresh.reporter_contact) == ("Budi Santoso", "+62 812 0000 1111")

    OPERATION.reverse_code(apps, EDITOR)
    assert raw(plain.pk)[:2] == ("Budi Santoso", "+62 812 0000 1111")
    assert raw(done.pk)[0] == "Sudah Terenkripsi"


# ---------------------------------------------------------------- batched (issue #8 item 4)

def test_chunked_walk_gives_the_same_result_as_row_by_row(make_case):
    """Rows spread over several primary-key chunks (batch=2), each kind of row: both
    fields plain, one plain, none, already encrypted — same result as one by one."""
    chunked = encrypt_in_place(
        "cases", "Case", encrypted=("reporter_name", "reporter_contact"),
        hashes={"reporter_contact_hash": ("reporter_contact", "contact")}, batch=2)
    plain = {
        "both": ("Budi Santoso", "0812 1111 2222"),
        "name": ("Siti Lestari", ""),
        "contact": ("", "+62 813 3333 4444"),
        "none": ("", ""),
    }
    cases = {key: make_case(reporter_name="", reporter_contact="") for key in plain}
    sealed = make_case(reporter_name="Sudah", reporter_contact="0899 0000 0000")
    sealed_raw = raw(sealed.pk)
    with connection.cursor() as cursor:
        for key, (name, contact) in plain.items():
            cursor.execute("UPDATE cases_case SET reporter_name = %s, reporter_contact = %s, "
                           "reporter_contact_hash = '' WHERE id = %s",
                           [name, contact, cases[key].pk])
    chunked.code(apps, EDITOR)
    for key, (name, contact) in plain.items():
        stored_name, stored_contact, stored_hash = raw(cases[key].pk)
        for value, stored_value in ((name, stored_name), (contact, stored_contact)):
            assert (stored_value == "") == (value == "")
            if value:
                assert crypto.is_encrypted(stored_value) and value not in stored_value
        assert stored_hash == crypto.keyed_hash(contact, "contact")
        fresh = Case.objects.get(pk=cases[key].pk)
        assert (fresh.reporter_name, fresh.reporter_contact) == (name, contact)
    assert raw(sealed.pk) == sealed_raw  # untouched

    chunked.reverse_code(apps, EDITOR)
    for key, (name, contact) in plain.items():
        assert raw(cases[key].pk)[:2] == (name, contact)
    assert raw(sealed.pk)[:2] == ("Sudah", "0899 0000 0000")


def test_update_many_sets_only_the_given_rows(db):
    from selaras.cases.models import Category
    from selaras.core.fields import update_many

    codes = list(Category.objects.order_by("code").values_list("code", flat=True)[:3])
    assert len(codes) == 3
    before = dict(Category.objects.values_list("code", "name"))
    update_many(connection, "cases_category", ["name"],
                [(codes[0], "Satu\tdua"), (codes[1], "O'Brien %s")], key="code")
    after = dict(Category.objects.values_list("code", "name"))
    assert after[codes[0]] == "Satu\tdua" and after[codes[1]] == "O'Brien %s"
    assert after[codes[2]] == before[codes[2]]
    assert {k: v for k, v in after.items() if k not in codes[:2]} == \
        {k: v for k, v in before.items() if k not in codes[:2]}
    update_many(connection, "cases_category", ["name"], [])  # nothing to do: no error


def test_timeline_changes_are_sealed_and_opened_in_chunks(make_case, monkeypatch):
    import importlib

    from selaras.cases.models import CaseEvent

    module = importlib.import_module("selaras.cases.migrations.0008_encrypt_reporter")
    monkeypatch.setattr(module, "CHUNK", 2)
    case = make_case()
    personal = [CaseEvent.objects.create(
        case=case, kind="updated",
        data={"changes": {"reporter_name": [f"Lama {i}", f"Baru {i}"], "title": ["a", "b"]}})
        for i in range(5)]
    other = CaseEvent.objects.create(case=case, kind="updated",
                                     data={"changes": {"title": ["x", "y"]}})

    def stored(event):
        with connection.cursor() as cursor:
            cursor.execute("SELECT data FROM cases_caseevent WHERE id = %s", [event.pk])
            value = cursor.fetchone()[0]
        import json
        return json.loads(value) if isinstance(value, str) else value

    module.seal_timeline(apps, EDITOR)
    for i, event in enumerate(personal):
        changes = stored(event)["changes"]
        assert all(crypto.is_encrypted(v) for v in changes["reporter_name"])
        assert [crypto.decrypt(v) for v in changes["reporter_name"]] == [f"Lama {i}", f"Baru {i}"]
        assert changes["title"] == ["a", "b"]
        assert f"Lama {i}" not in str(stored(event))
    assert stored(other) == {"changes": {"title": ["x", "y"]}}

    module.open_timeline(apps, EDITOR)
    for i, event in enumerate(personal):
        assert stored(event)["changes"]["reporter_name"] == [f"Lama {i}", f"Baru {i}"]
