"""The starting checklist of situation-report indicators, editable later in the admin.

Loaded by a data migration; upserts by code so the list can grow without duplicates.
Weights are points per rating step (a rating of 3 on "violence" is 3 × 6 = 18 points
before decay); Pusat changes them on the calibration page without touching these.
"""

INDICATORS = [
    # (code, kind, Indonesian name, English name, default weight)
    ("provokasi", "conflict", "Provokasi", "Provocation", 2.0),
    ("ujaran_kebencian", "conflict", "Ujaran kebencian / hoaks", "Hate speech or hoaxes", 2.0),
    ("penolakan", "conflict", "Penolakan kegiatan keagamaan atau rumah ibadah",
     "Rejection of a religious activity or house of worship", 3.0),
    ("mobilisasi", "conflict", "Pengerahan massa", "Mass mobilisation", 4.0),
    ("ancaman", "conflict", "Ancaman", "Threats", 4.0),
    ("kekerasan", "conflict", "Kekerasan", "Violence", 6.0),
    ("dialog", "peace", "Dialog antarumat / antarkelompok", "Dialogue between groups", 1.5),
    ("kegiatan_bersama", "peace", "Kegiatan bersama", "Joint activities", 1.0),
    ("mediasi_fkub", "peace", "Mediasi FKUB", "FKUB mediation", 2.0),
    ("seruan_tokoh", "peace", "Seruan menyejukkan dari tokoh", "Leaders' calming statements",
     1.5),
]


def upsert_indicators(Indicator) -> int:
    created = 0
    for position, (code, kind, name, name_en, weight) in enumerate(INDICATORS):
        _obj, was_created = Indicator.objects.update_or_create(
            code=code,
            defaults={"kind": kind, "name": name, "name_en": name_en,
                      "default_weight": weight, "position": position},
        )
        created += was_created
    return created
