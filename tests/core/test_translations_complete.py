"""The Indonesian catalogue is complete: no entry is untranslated or fuzzy.

Indonesian is the default UI language, so an untranslated msgid shows English to
every user and a fuzzy entry is silently dropped by compilemessages. The .po is
parsed here with a small parser (no extra dependency).
"""

import re
from pathlib import Path

from django.conf import settings

PO = Path(settings.BASE_DIR) / "locale" / "id" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|\{\w*\}")
KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+"(.*)"\s*$')


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text)


def parse(path: Path) -> list[dict]:
    """Entries as dicts: flags, and the msgctxt/msgid/msgid_plural/msgstr[n] strings."""
    entries = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8").strip()):
        entry: dict = {"flags": set(), "strings": {}, "obsolete": False}
        current = None
        for line in block.splitlines():
            if line.startswith("#~"):
                entry["obsolete"] = True
            elif line.startswith("#,"):
                entry["flags"].update(f.strip() for f in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif match := KEYWORD.match(line):
                current = match.group(1)
                entry["strings"][current] = _unquote(match.group(2))
            elif line.startswith('"') and current:
                entry["strings"][current] += _unquote(line.strip()[1:-1])
        if not entry["obsolete"] and entry["strings"].get("msgid"):
            entries.append(entry)
    return entries


def label(entry: dict) -> str:
    strings = entry["strings"]
    context = f"[{strings['msgctxt']}] " if "msgctxt" in strings else ""
    return context + strings["msgid"][:80]


def translations(entry: dict) -> list[str]:
    return [v for k, v in entry["strings"].items() if k.startswith("msgstr")]


def test_header_declares_one_plural_form():
    header = PO.read_text(encoding="utf-8").split("\n\n", 1)[0]
    assert '"Plural-Forms: nplurals=1; plural=0;\\n"' in header


def test_catalogue_has_entries():
    assert len(parse(PO)) > 100


def test_no_entry_is_untranslated():
    untranslated = [
        label(e) for e in parse(PO) if not translations(e) or any(not t for t in translations(e))
    ]
    assert untranslated == [], f"{len(untranslated)} untranslated: {untranslated[:20]}"


def test_no_entry_is_fuzzy():
    fuzzy = [label(e) for e in parse(PO) if "fuzzy" in e["flags"]]
    assert fuzzy == [], f"{len(fuzzy)} fuzzy: {fuzzy[:20]}"


def test_translations_keep_the_named_placeholders():
    wrong = []
    for entry in parse(PO):
        strings = entry["strings"]
        source = strings.get("msgid_plural", strings["msgid"])
        expected = set(PLACEHOLDER.findall(source))
        for text in translations(entry):
            if set(PLACEHOLDER.findall(text)) != expected:
                wrong.append(label(entry))
    assert wrong == [], f"placeholders differ: {wrong[:20]}"


def test_parser_reads_context_plural_and_continued_lines(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
        '#, fuzzy\nmsgctxt "letter"\nmsgid "To"\nmsgstr "Kepada"\n\n'
        'msgid "one"\nmsgid_plural "%(n)s many"\nmsgstr[0] ""\n"%(n)s banyak"\n\n'
        '#~ msgid "old"\n#~ msgstr ""\n',
        encoding="utf-8",
    )
    first, second = parse(po)
    assert "fuzzy" in first["flags"] and label(first) == "[letter] To"
    assert translations(second) == ["%(n)s banyak"]


def test_a_test_ending_in_english_does_not_leak_its_language(client):
    """Paired with the next test (pytest keeps file order here): an API request asking for
    English (the API follows Accept-Language) leaves English active in the test's thread
    until the autouse fixture resets it."""
    from django.utils.translation import get_language

    client.get("/api/v1/openapi.json", headers={"Accept-Language": "en"})
    assert get_language().startswith("en")


def test_the_next_test_starts_in_the_default_language(settings):
    from django.utils.translation import get_language

    assert get_language() == settings.LANGUAGE_CODE
