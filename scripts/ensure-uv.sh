#!/usr/bin/env bash
# Print the path of a working `uv`, installing it first if this machine has none.
#
# Order: $UV if set, `uv` on PATH, ~/.local/bin/uv, a bootstrap venv made earlier
# by this script; otherwise install uv from PyPI with the Python given as $1
# (found by scripts/find-python.sh) into a bootstrap venv kept outside the
# repository (~/.cache/selaras/uv-venv), so `git clean` or a fresh clone keeps it.
set -euo pipefail

python="${1:?usage: ensure-uv.sh PYTHON}"
bootstrap="${SELARAS_UV_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/selaras/uv-venv}"

works() { [ -n "$1" ] && "$1" --version >/dev/null 2>&1; }

for candidate in "${UV:-}" "$(command -v uv 2>/dev/null || true)" "$HOME/.local/bin/uv" "$bootstrap/bin/uv"; do
    if works "$candidate"; then
        echo "$candidate"
        exit 0
    fi
done

echo "uv not found: installing it into $bootstrap (from PyPI, with $python)." >&2
rm -rf "$bootstrap"
mkdir -p "$(dirname "$bootstrap")"
"$python" -m venv "$bootstrap" >&2
"$bootstrap/bin/python" -m pip install --quiet --disable-pip-version-check uv >&2
if ! works "$bootstrap/bin/uv"; then
    echo "Could not install uv. Install it yourself (python3 -m pip install --user uv) and retry." >&2
    exit 1
fi
echo "$bootstrap/bin/uv"
