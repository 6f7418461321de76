#!/usr/bin/env bash
# Print the path of a Python >= 3.12 (highest found), or explain and exit 1.
#
# Looks on PATH first (python3.14 … python3.12, python3, python), then in pyenv's
# versions ($PYENV_ROOT/versions, else ~/.pyenv/versions), highest version first.
# Every candidate is actually run, so pyenv shims for versions that are not
# active (they print "command not found") are skipped.
# SELARAS_PYTHON=/path/to/python overrides the search (it is still checked).
set -euo pipefail

MIN_MAJOR=3
MIN_MINOR=12

# "3.13" for an interpreter that runs and is new enough; nothing otherwise.
version_of() {
    "$1" -c "import sys; v = sys.version_info; ok = v >= ($MIN_MAJOR, $MIN_MINOR); print(f'{v.major}.{v.minor}.{v.micro}' if ok else '')" 2>/dev/null || true
}

best=""
best_version=""
consider() {
    local candidate="$1" version
    [ -x "$candidate" ] || candidate="$(command -v "$candidate" 2>/dev/null || true)"
    [ -n "$candidate" ] && [ -x "$candidate" ] || return 0
    version="$(version_of "$candidate")"
    [ -n "$version" ] || return 0
    # Keep the highest version; on a tie the first one found (PATH before pyenv) wins.
    if [ -z "$best" ] || [ "$(printf '%s\n%s\n' "$best_version" "$version" | sort -V | tail -n1)" != "$best_version" ]; then
        best="$candidate"
        best_version="$version"
    fi
}

if [ -n "${SELARAS_PYTHON:-}" ]; then
    consider "$SELARAS_PYTHON"
    if [ -z "$best" ]; then
        echo "SELARAS_PYTHON=$SELARAS_PYTHON is not a Python >= $MIN_MAJOR.$MIN_MINOR." >&2
        exit 1
    fi
    echo "$best"
    exit 0
fi

for name in python3.14 python3.13 python3.12 python3 python; do
    consider "$name"
done
if [ -z "$best" ]; then
    pyenv_root="${PYENV_ROOT:-$HOME/.pyenv}"
    if [ -d "$pyenv_root/versions" ]; then
        while IFS= read -r dir; do
            consider "$dir/bin/python3"
        done < <(find "$pyenv_root/versions" -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null \
                 | grep -E '^[0-9]+\.[0-9]+' | sort -rV | sed "s|^|$pyenv_root/versions/|")
    fi
fi

if [ -z "$best" ]; then
    cat >&2 <<MSG
Selaras needs Python >= $MIN_MAJOR.$MIN_MINOR, and none was found.
Looked on PATH (python3.14, python3.13, python3.12, python3, python) and in
${PYENV_ROOT:-$HOME/.pyenv}/versions. Install one (for example \`pyenv install 3.13\`
or your system's python3.13 package), or point SELARAS_PYTHON at it.
MSG
    exit 1
fi
echo "$best"
