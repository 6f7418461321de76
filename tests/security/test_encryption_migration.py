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
