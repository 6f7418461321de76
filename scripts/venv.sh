#!/usr/bin/env bash
# Create or update .venv/ from uv.lock with a Python >= 3.12 found on this machine.
set -euo pipefail
cd "$(dirname "$0")/.."

python="$(scripts/find-python.sh)"
uv="$(scripts/ensure-uv.sh "$python")"
# --frozen: install exactly what uv.lock says, never re-resolve.
# --python: uv must not try to download an interpreter (it cannot here).
"$uv" sync --frozen --python "$python" --quiet
echo "Python environment ready: .venv ($(.venv/bin/python --version), uv $("$uv" --version | cut -d' ' -f2))"
