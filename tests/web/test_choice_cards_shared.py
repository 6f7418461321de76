"""The offline intake shows the very same kind-of-problem and alert-level cards as the guided
intake's steps (one include each: templates/cases/_category_choices.html, _level_choices.html)."""

import re

from tests.web.test_guided_intake import PLACE, WHAT, step


def _cards(html: str) -> list[str]:
    return [re.sub(r"\s+", " ", block)
            for block in re.findall(r'<div class="guided__choices">.*?\n</div>', html, re.S)]


def test_offline_page_and_guided_steps_render_the_same_cards(make_user, client):
    client.force_login(make_user("child", "pelapor"))
    offline = _cards(client.get("/kasus/lapor/luring/").content.decode())
    client.post(step("tempat"), PLACE)
    client.post(step("kejadian"), WHAT)
    client.post(step("waktu"), {"quick": "yesterday", "occurred_on": ""})
    category = _cards(client.get(step("jenis")).content.decode())
    client.post(step("jenis"), {"category": "rumah_ibadah"})
    level = _cards(client.get(step("tingkat")).content.decode())

    assert len(offline) == 2 and len(category) == 1 and len(level) == 1
    assert offline == [*category, *level]
    assert 'name="category" value="rumah_ibadah"' in category[0]
    assert "choice--level-3" in level[0]
