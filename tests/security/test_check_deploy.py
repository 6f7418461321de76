"""`manage.py check --deploy` is clean with the production environment variables."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_is_clean_in_production_settings(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DJANGO_", "DATABASE_", "DB_", "SECURE_", "SESSION_"))}
    env.update({
        "DJANGO_SETTINGS_MODULE": "selaras.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "selaras.example.go.id",
        "SECURE_SSL_REDIRECT": "true",
        "SECURE_HSTS_SECONDS": "31536000",
        "SECURE_COOKIES": "true",
        "BEHIND_TLS_PROXY": "true",
        "SELARAS_DATA_DIR": str(tmp_path),
        # Production sends real mail; the console backend is refused by mail.E001.
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    })
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_values(tmp_path):
    env = dict(os.environ, SECURE_HSTS_SECONDS="31536000", SECURE_COOKIES="true",
               SELARAS_DATA_DIR=str(tmp_path))
    code = ("from django.conf import settings as s; import django; django.setup(); "
            "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD,"
            " s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,"
            " s.SESSION_COOKIE_SAMESITE)")
    env["DJANGO_SETTINGS_MODULE"] = "selaras.settings"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=60, check=True).stdout.split()
    assert out == ["31536000", "True", "True", "True", "True", "True", "Lax"]
