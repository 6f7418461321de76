"""Case numbers: KSBK-<regency>-<year>-<5 digits>, unique and increasing."""

import re

from django.utils import timezone


def test_number_format_and_sequence(make_case):
    year = timezone.localtime().year
    numbers = [make_case().number for _ in range(3)]
    pattern = re.compile(rf"^KSBK-3273-{year}-(\d{{5}})$")
    sequence = [int(pattern.match(n).group(1)) for n in numbers]
    assert sequence == sorted(sequence)
    assert len(set(numbers)) == 3
    assert sequence[1] == sequence[0] + 1 and sequence[2] == sequence[1] + 1


def test_each_regency_counts_on_its_own(make_case):
    bandung = [make_case().number for _ in range(2)]
    jakarta = make_case(location="3171011001").number
    assert jakarta.startswith("KSBK-3171-")
    assert int(jakarta[-5:]) == 1
    assert int(bandung[1][-5:]) == int(bandung[0][-5:]) + 1


def test_year_comes_from_reported_at(make_case):
    reported = timezone.now().replace(year=2024, month=6, day=15)
    case = make_case(reported_at=reported, occurred_at=reported)
    assert case.number.startswith("KSBK-3273-2024-")
