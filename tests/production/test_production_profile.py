"""The production profile end to end (scripts/production-check.sh), in the PostgreSQL run.

granian with two workers, a task worker, the scheduler, attachments in moto's S3
server, hashed and compressed static files, JSON logs, /readyz and /metrics — against a
throw-away PostgreSQL database the script creates and drops itself.
"""

import os
import socket
import subprocess
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.django_db
def test_production_profile_runs_and_is_ready():
    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL pass of make test")
    settings = connection.settings_dict
    pg_url = (f"postgres://{settings['USER'] or 'postgres'}@{settings['HOST'] or '127.0.0.1'}"
              f":{settings['PORT'] or 5432}")
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DATABASE_URL", "SELARAS_DATA_DIR", "DJANGO_SETTINGS"))}
    env.update(PG_URL=pg_url, PORT=str(free_port()), S3_PORT=str(free_port()))
    result = subprocess.run(["bash", "scripts/production-check.sh"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=900)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    assert '"status": "ok"' in output
    assert "Content-Encoding: gzip" in output
    assert "in the bucket: attachments/" in output
    assert "OK: production profile works" in output
