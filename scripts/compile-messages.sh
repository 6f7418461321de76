#!/usr/bin/env bash
# Compile locale/*/LC_MESSAGES/django.po to .mo when a .mo is missing or older than its .po.
# The .mo files are normally committed, so this usually does nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

stale=0
while IFS= read -r po; do
    mo="${po%.po}.mo"
    if [ ! -f "$mo" ] || [ "$po" -nt "$mo" ]; then
        stale=1
    fi
done < <(find locale -name '*.po' 2>/dev/null)
[ "$stale" = 1 ] || exit 0

if ! command -v msgfmt >/dev/null; then
    echo "Warning: translations need compiling but msgfmt is missing (apt-get install gettext);" \
         "the UI may show English." >&2
    exit 0
fi
.venv/bin/python manage.py compilemessages --ignore=.venv --verbosity 0
echo "Translations compiled."
