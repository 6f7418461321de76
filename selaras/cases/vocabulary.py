"""The starting vocabulary of conflict categories (DESIGN §2), editable by Pusat later.

Loaded by a data migration and by ``seed_reference``; upserts by code so the
list can grow without duplicating anything.
"""

CATEGORIES = [
    # (code, Indonesian name, English name, parent code)
    ("rumah_ibadah", "Pendirian/penggunaan rumah ibadah", "House of worship (building or use)", None),
    ("rumah_ibadah_pendirian", "Pendirian rumah ibadah", "Building a house of worship", "rumah_ibadah"),
    ("rumah_ibadah_penggunaan", "Penggunaan/alih fungsi rumah ibadah", "Use or change of use of a house of worship", "rumah_ibadah"),
    ("kegiatan_penyiaran", "Kegiatan/penyiaran agama", "Religious activity or broadcasting", None),
    ("paham_aliran", "Paham/aliran keagamaan", "Doctrine or sect disputes", None),
    ("paham_aliran_sesat", "Dugaan aliran sesat", "Alleged deviant sect", "paham_aliran"),
    ("penodaan_agama", "Dugaan penodaan agama", "Blasphemy allegation", None),
    ("kepengurusan", "Kepengurusan masjid/lembaga keagamaan", "Mosque or religious-body management", None),
    ("sengketa_wakaf", "Sengketa wakaf", "Waqf land dispute", None),
    ("pemakaman", "Pemakaman", "Burial", None),
    ("hubungan_antarumat", "Hubungan antarumat dan perkawinan", "Interfaith relations and marriage", None),
    ("ujaran_kebencian", "Ujaran kebencian/hoaks keagamaan daring", "Religious hate speech and hoaxes online", None),
    ("hari_besar_simbol", "Hari besar dan simbol keagamaan", "Religious holidays and symbols", None),
    ("lainnya", "Lainnya", "Other", None),
]


def upsert_categories(Category) -> int:
    """Create or update the starting categories; returns how many were created."""
    created = 0
    for position, (code, name, name_en, parent) in enumerate(CATEGORIES):
        _obj, was_created = Category.objects.update_or_create(
            code=code,
            defaults={"name": name, "name_en": name_en, "parent_id": parent,
                      "position": position * 10},
        )
        created += int(was_created)
    return created
