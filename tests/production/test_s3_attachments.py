"""Attachments on S3-compatible object storage (django-storages), against moto's server.

The same code path as production with MinIO/Ceph/SeaweedFS: the ``attachments``
storage is switched to ``storages.backends.s3.S3Storage`` by settings alone.
"""

import socket

import boto3
import pytest
from django.test import override_settings

from selaras.evidence import services as evidence_services
from selaras.evidence.storage import attachment_storage

pytestmark = pytest.mark.django_db

BUCKET = "selaras-test-attachments"
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00"
       b"\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35"
       b"\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                 aws_access_key_id="test", aws_secret_access_key="test"
                 ).create_bucket(Bucket=BUCKET)
    yield endpoint
    server.stop()


@pytest.fixture
def s3_storage(s3_endpoint):
    config = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"bucket_name": BUCKET, "endpoint_url": s3_endpoint,
                    "region_name": "us-east-1", "access_key": "test", "secret_key": "test",
                    "location": "attachments", "default_acl": None, "file_overwrite": False,
                    "addressing_style": "path", "signature_version": "s3v4"},
    }
    from django.conf import settings

    with override_settings(STORAGES={**settings.STORAGES, "attachments": config}):
        yield boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1",
                           aws_access_key_id="test", aws_secret_access_key="test")


def test_settings_select_s3_by_environment(monkeypatch):
    """ATTACHMENTS_STORAGE=s3 and the S3_* variables build the S3Storage entry."""
    import importlib

    import selaras.settings as settings_module

    monkeypatch.setenv("ATTACHMENTS_STORAGE", "s3")
    monkeypatch.setenv("S3_BUCKET", "lampiran")
    monkeypatch.setenv("S3_ENDPOINT_URL", "https://s3.kemenag.example")
    try:
        reloaded = importlib.reload(settings_module)
        entry = reloaded.STORAGES["attachments"]
        assert entry["BACKEND"] == "storages.backends.s3.S3Storage"
        assert entry["OPTIONS"]["bucket_name"] == "lampiran"
        assert entry["OPTIONS"]["endpoint_url"] == "https://s3.kemenag.example"
        assert entry["OPTIONS"]["default_acl"] is None
    finally:
        monkeypatch.delenv("ATTACHMENTS_STORAGE")
        importlib.reload(settings_module)


def test_an_attachment_is_stored_in_the_bucket_and_downloaded_through_selaras(
        s3_storage, make_case, make_user, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    case = make_case()
    handler = make_user("own", "kepala")
    attachment = evidence_services.add_attachment(
        actor=handler, case=case, uploaded_file=SimpleUploadedFile("foto.png", PNG),
        kind="foto", description="Foto lokasi")
    keys = [o["Key"] for o in s3_storage.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert f"attachments/{attachment.stored_name}" in keys
    stored = s3_storage.get_object(Bucket=BUCKET, Key=f"attachments/{attachment.stored_name}")
    assert stored["Body"].read() == PNG
    client.force_login(handler)
    response = client.get(f"/kasus/{case.number}/lampiran/{attachment.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    outsider = make_user("other_province", "kepala")
    client.force_login(outsider)
    assert client.get(f"/kasus/{case.number}/lampiran/{attachment.pk}/").status_code == 404


def test_readyz_probes_the_bucket(s3_storage, client):
    from selaras.core.health import check_storage

    assert check_storage() == (True, "ok")
    assert attachment_storage().__class__.__name__ == "S3Storage"
    # Nothing is left behind by the probe.
    listed = s3_storage.list_objects_v2(Bucket=BUCKET, Prefix="attachments/_readyz/")
    assert listed.get("KeyCount", 0) == 0


def test_readyz_reports_a_missing_bucket(s3_endpoint, settings):
    config = {"BACKEND": "storages.backends.s3.S3Storage",
              "OPTIONS": {"bucket_name": "no-such-bucket", "endpoint_url": s3_endpoint,
                          "region_name": "us-east-1", "access_key": "test",
                          "secret_key": "test"}}
    with override_settings(STORAGES={**settings.STORAGES, "attachments": config}):
        from selaras.core.health import check_storage

        ok, detail = check_storage()
    assert not ok and detail.startswith("unavailable")
