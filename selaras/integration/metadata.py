"""The data dictionary behind ``GET /api/v1/metadata`` (issue #5 item 9).

Generated from the OpenAPI schema components of the running API, so it lists exactly
the fields the API sends and accepts; enriched with

* an Indonesian meaning per field (``MEANINGS``: by field name, overridden per
  resource by ``"resource.field"``); a field without one falls back to the schema's
  description (``meaning_source: "schema"``);
* the vocabulary (code list) of enumerated fields, from the model choices and, for
  categories, from the database;
* the standards the data follows (region codes, dates, Satu Data Indonesia).

Every ``...Out`` component that is not curated in ``RESOURCES`` is listed too, under a
name derived from the component, so a new resource appears without touching this file.
"""

import re
from dataclasses import dataclass

from django.utils import translation

from selaras.cases.models import (
    AlertLevel,
    Category,
    ConflictScope,
    EventKind,
    LegalStage,
    OccurredPrecision,
    Outcome,
    RejectReason,
    Religion,
    SourceChannel,
    Status,
)
from selaras.cases.workflow import TRANSITIONS
from selaras.evidence.models import AttachmentKind
from selaras.handling.models import (
    ActionType,
    Agency,
    AgreementStatus,
    ReferralStatus,
    TaskStatus,
)
from selaras.notifications.models import Kind as NotificationKind
from selaras.org.models import Role, UnitLevel
from selaras.parties.models import PartyKind, PartyRole
from selaras.playbooks.models import Anchor, AttachHow, StepStatus
from selaras.regions.models import RegionLevel
from selaras.registry.formats import Registry

from .models import SourceSystem


@dataclass(frozen=True)
class ResourceSpec:
    schema: str  # the output component
    meaning: str  # what the resource is, in Indonesian
    inputs: tuple[str, ...] = ()  # components the API accepts to write it
    filters: tuple[str, ...] = ()  # query-parameter components of its list


RESOURCES: dict[str, ResourceSpec] = {
    "cases": ResourceSpec(
        "CaseDetailOut", "Kasus konflik sosial berdimensi keagamaan (KSBK) beserta laporannya.",
        ("CaseCreateIn", "CaseUpdateIn", "TransitionIn"), ("CaseListQuery",)),
    "events": ResourceSpec("EventOut", "Riwayat (linimasa) perubahan sebuah kasus."),
    "notes": ResourceSpec("NoteOut", "Catatan petugas pada kasus.", ("NoteIn",)),
    "categories": ResourceSpec("CategoryOut", "Kosakata kategori konflik."),
    "regions": ResourceSpec("RegionOut", "Wilayah administrasi pemerintahan (kode Kemendagri)."),
    "units": ResourceSpec("UnitOut", "Satuan kerja Kementerian Agama: Pusat, Kanwil, "
                          "Kankemenag, KUA."),
    "me": ResourceSpec("MeOut", "Pengguna yang sedang memanggil API."),
    "memberships": ResourceSpec("MembershipOut", "Keanggotaan pengguna pada satuan kerja "
                                "beserta perannya."),
    "parties": ResourceSpec("PartyDetailOut", "Pihak (perorangan, kelompok, lembaga, rumah "
                            "ibadah) dalam daftar pihak.", ("PartyIn",), ("PartyListQuery",)),
    "party_cases": ResourceSpec("PartyCaseOut", "Kasus yang melibatkan seorang pihak."),
    "case_parties": ResourceSpec("CasePartyOut", "Keterlibatan pihak dalam satu kasus "
                                 "beserta perannya.", ("CasePartyIn",)),
    "impacts": ResourceSpec("ImpactOut", "Dampak kasus: korban dan kerugian.", ("ImpactIn",)),
    "handling_actions": ResourceSpec("ActionOut", "Tindakan penanganan (dialog, mediasi, "
                                     "koordinasi, ...).", ("ActionIn",)),
    "tasks": ResourceSpec("MyTaskOut", "Tugas tindak lanjut pada kasus.",
                          ("TaskIn", "TaskCompleteIn"), ("MyTasksQuery",)),
    "agreements": ResourceSpec("AgreementOut", "Kesepakatan damai antara para pihak.",
                               ("AgreementIn",)),
    "agreement_follow_ups": ResourceSpec("FollowUpOut", "Jadwal pemantauan kesepakatan."),
    "referrals": ResourceSpec("ReferralOut", "Rujukan kasus ke instansi lain.",
                              ("ReferralIn", "ReferralUpdateIn")),
    "attachments": ResourceSpec("AttachmentOut", "Lampiran/bukti kasus (berkas)."),
    "registry_links": ResourceSpec("RegistryLinkOut", "Tautan kasus ke registri lain "
                                   "(SIMAS, SIWAK, SIMKAH, EMIS).", ("RegistryLinkIn",)),
    "playbooks": ResourceSpec("PlaybookOut", "Pedoman (SOP) penanganan per kategori dan "
                              "tingkat kewaspadaan."),
    "playbook_steps": ResourceSpec("StepOut", "Langkah dalam pedoman penanganan."),
    "case_playbooks": ResourceSpec("CasePlaybookOut", "Pedoman yang diterapkan pada kasus "
                                   "beserta kemajuannya.", ("StepActionIn",)),
    "case_playbook_steps": ResourceSpec("CaseStepOut", "Langkah pedoman pada satu kasus."),
    "notifications": ResourceSpec("NotificationOut", "Pemberitahuan untuk pengguna.",
                                  filters=("NotificationQuery",)),
    "duplicate_candidates": ResourceSpec("DuplicateCandidateOut", "Kasus lain yang mirip "
                                         "(calon duplikat).", ("DuplicateDraftIn",)),
    "analytics_summary": ResourceSpec("SummaryOut", "Ringkasan statistik kasus."),
    "intake": ResourceSpec("IntakeOut", "Laporan dari sistem lain (Si Paham, Si-Rukun, ...) "
                           "dan kasus yang dibuatnya.", ("IntakeIn",)),
    "external_refs": ResourceSpec("ExternalRefOut", "Rujukan kasus di sistem pengirim "
                                  "laporan."),
    "webhook_subscriptions": ResourceSpec(
        "SubscriptionOut", "Langganan webhook sebuah sistem terpadu.",
        ("SubscriptionIn", "SubscriptionPatch")),
    "webhook_deliveries": ResourceSpec("DeliveryOut", "Pengiriman webhook dan statusnya.",
                                       filters=("DeliveryQuery",)),
    "imports": ResourceSpec("ImportBatchOut", "Impor data (kasus lama, data induk) dari "
                            "berkas XLSX/CSV.", ("ImportIn",)),
    "import_row_errors": ResourceSpec("RowErrorOut", "Kesalahan per baris dan kolom berkas "
                                      "impor."),
}
# Variants of a curated resource (list items, answers on creation) and the dictionary
# itself are not listed separately.
_NOT_LISTED = {"ErrorOut", "MetadataOut", "CaseOut", "PartyOut", "TaskOut", "PartyCreatedOut",
               "CasePartyCreatedOut", "SubscriptionWithSecret"}

# Components that are envelopes of lists, not resources.
_ENVELOPE = re.compile(r"(List|Page)$")

# Indonesian meaning by field name; "resource.field" overrides it for one resource.
MEANINGS: dict[str, str] = {
    # identity and bookkeeping
    "id": "Nomor pengenal internal (unik dalam jenis datanya).",
    "number": "Nomor kasus: KSBK-<kode kab/kota>-<tahun>-<urutan>.",
    "version": "Versi data; naik setiap kali kasus berubah (dasar ETag).",
    "created_at": "Waktu data dibuat.",
    "updated_at": "Waktu data terakhir diubah.",
    "created_by": "Pengguna yang membuat data.",
    "updated_by": "Pengguna yang terakhir mengubah data.",
    "code": "Kode baku.",
    "name": "Nama.",
    "name_en": "Nama dalam bahasa Inggris.",
    "parent": "Kode induk dalam hierarki.",
    "level": "Tingkat dalam hierarki.",
    "position": "Urutan tampil.",
    "description": "Uraian.",
    "label": "Label yang dapat dibaca.",
    "count": "Jumlah.",
    "items": "Daftar butir.",
    "url": "Alamat (URL).",
    # cases
    "title": "Judul singkat.",
    "chronology": "Kronologi kejadian.",
    "status": "Status.",
    "alert_level": "Tingkat kewaspadaan: 1 Waspada, 2 Siaga, 3 Awas.",
    "legal_stage": "Tahap penanganan menurut UU 7/2012 tentang Penanganan Konflik Sosial: "
                   "pencegahan, penghentian, pemulihan.",
    "category": "Kategori konflik (kode kosakata kategori).",
    "subcategory": "Subkategori konflik.",
    "scope": "Lingkup: antarumat beragama atau intern umat beragama.",
    "religions": "Agama/kepercayaan yang terlibat.",
    "religion": "Agama/kepercayaan.",
    "occurred_at": "Waktu kejadian.",
    "occurred_precision": "Ketelitian waktu kejadian: tepat (jam), hari, atau bulan.",
    "reported_at": "Waktu laporan diterima.",
    "location": "Kode wilayah lokasi kejadian (kecamatan atau desa/kelurahan, kode Kemendagri).",
    "location_name": "Nama wilayah lokasi kejadian.",
    "address": "Alamat atau keterangan tempat.",
    "latitude": "Lintang (WGS 84, derajat desimal).",
    "longitude": "Bujur (WGS 84, derajat desimal).",
    "handling_unit": "Kode satuan kerja yang menangani kasus.",
    "handling_unit_name": "Nama satuan kerja yang menangani kasus.",
    "source_channel": "Saluran masuknya laporan.",
    "confidential": "Kasus rahasia: hanya satuan kerja penangan, atasannya dan petugas yang "
                    "ditunjuk yang dapat melihat.",
    "reporter_name": "Nama pelapor (data pribadi; disamarkan bagi analis dan auditor).",
    "reporter_contact": "Kontak pelapor (data pribadi; disamarkan bagi analis dan auditor).",
    "outcome": "Hasil penyelesaian kasus.",
    "outcome_note": "Keterangan hasil penyelesaian.",
    "reject_reason": "Alasan laporan ditolak.",
    "duplicate_of": "Nomor kasus asli bila laporan ini duplikat.",
    "due_at": "Batas waktu langkah berikutnya.",
    "overdue": "Sudah melewati batas waktu.",
    "allowed_actions": "Tindakan alur kerja yang boleh dilakukan pemanggil saat ini.",
    "reason": "Alasan (dicatat pada riwayat).",
    "action": "Tindakan alur kerja.",
    "target_unit": "Kode satuan kerja tujuan (eskalasi/delegasi).",
    # events, notes
    "kind": "Jenis.",
    "actor": "Nama pengguna pelaku.",
    "actor_name": "Nama lengkap pelaku.",
    "from_status": "Status sebelum perubahan.",
    "to_status": "Status sesudah perubahan.",
    "from_unit": "Satuan kerja penangan sebelum perubahan.",
    "to_unit": "Satuan kerja penangan sesudah perubahan.",
    "data": "Rincian perubahan (objek JSON).",
    "body": "Isi catatan.",
    "author": "Nama pengguna penulis.",
    "author_name": "Nama lengkap penulis.",
    # regions, units, users
    "username": "Nama pengguna.",
    "full_name": "Nama lengkap.",
    "is_service_account": "Akun layanan (dipakai sistem lain, bukan orang).",
    "memberships": "Keanggotaan pada satuan kerja beserta perannya.",
    "unit": "Kode satuan kerja.",
    "unit_name": "Nama satuan kerja.",
    "unit_level": "Tingkat satuan kerja.",
    "role": "Peran.",
    "roles": "Peran-peran.",
    # parties
    "affiliation": "Afiliasi organisasi.",
    "region": "Kode wilayah (Kemendagri).",
    "region_name": "Nama wilayah.",
    "simas_id": "Nomor rumah ibadah di SIMAS.",
    "nik": "Nomor Induk Kependudukan (16 angka; data pribadi, disamarkan bagi analis dan "
           "auditor).",
    "cases": "Kasus terkait.",
    "party": "Pihak.",
    "parties": "Pihak-pihak.",
    "note": "Catatan.",
    "possible_duplicates": "Pihak terdaftar yang mungkin sama.",
    "new_party": "Pihak baru yang didaftarkan sekaligus.",
    # impact
    "recorded": "Dampak sudah dicatat.",
    "dead": "Jumlah korban meninggal.",
    "injured": "Jumlah korban luka.",
    "displaced": "Jumlah warga mengungsi.",
    "children_involved": "Jumlah anak yang terdampak atau terlibat.",
    "property_damaged_kind": "Jenis harta benda yang rusak.",
    "property_damage_estimate": "Perkiraan kerugian (rupiah).",
    # handling
    "type": "Jenis tindakan.",
    "date": "Tanggal.",
    "place": "Tempat.",
    "participants": "Pihak yang ikut serta.",
    "officials": "Pejabat/petugas yang hadir.",
    "next_step": "Langkah berikutnya.",
    "assignee_user": "Nama pengguna penerima tugas.",
    "assignee_user_name": "Nama lengkap penerima tugas.",
    "assignee_unit": "Kode satuan kerja penerima tugas.",
    "assignee_unit_name": "Nama satuan kerja penerima tugas.",
    "due_date": "Tanggal batas waktu.",
    "done_at": "Waktu selesai.",
    "closed_by": "Pengguna yang menyelesaikan atau membatalkan.",
    "case": "Nomor kasus.",
    "case_title": "Judul kasus.",
    "terms": "Isi kesepakatan.",
    "signed_on": "Tanggal penandatanganan.",
    "follow_ups": "Jadwal pemantauan.",
    "follow_up_dates": "Tanggal-tanggal pemantauan.",
    "due_on": "Tanggal jatuh tempo.",
    "checked_on": "Tanggal diperiksa.",
    "status_note": "Keterangan status.",
    "status_changed_at": "Waktu status berubah.",
    "agency": "Instansi tujuan rujukan.",
    "agency_name": "Nama instansi tujuan rujukan.",
    "referred_on": "Tanggal rujukan.",
    "reference_number": "Nomor surat rujukan.",
    "summary": "Ringkasan.",
    "response": "Tanggapan instansi.",
    "responded_on": "Tanggal tanggapan.",
    # evidence, registry
    "file_name": "Nama berkas.",
    "content_type": "Jenis isi berkas (MIME), ditentukan dari isinya.",
    "size": "Ukuran berkas (bita).",
    "sha256": "Sidik jari SHA-256 berkas.",
    "uploaded_by": "Pengguna yang mengunggah.",
    "uploaded_at": "Waktu unggah.",
    "download_url": "Alamat unduhan berkas.",
    "registry": "Registri tujuan tautan.",
    "external_id": "Nomor data di registri tersebut.",
    # intake
    "source_system": "Sistem pengirim laporan.",
    "source_system_label": "Nama sistem pengirim laporan.",
    "external_ref": "Nomor laporan di sistem pengirim (unik per sistem).",
    "text": "Isi laporan (teks bebas); menjadi kronologi kasus.",
    "extra": "Data tambahan dari sistem pengirim, disimpan sebagai rujukan.",
    "created": "Permintaan ini membuat kasus baru.",
    "visible": "Kasus dapat dilihat oleh pemanggil.",
    "received_at": "Waktu laporan diterima dari sistem pengirim.",
    "received_by": "Akun yang menerima laporan.",
    "web_url": "Alamat kasus di aplikasi web.",
    # playbooks
    "guidance": "Petunjuk pelaksanaan.",
    "responsible_level": "Tingkat satuan kerja yang bertanggung jawab.",
    "responsible_role": "Peran yang bertanggung jawab.",
    "anchor": "Titik acuan tenggat langkah.",
    "offset_hours": "Tenggat (jam) dihitung dari titik acuan.",
    "evidence_expected": "Bukti yang diharapkan.",
    "evidence_kind": "Jenis lampiran bukti.",
    "legal_basis": "Dasar hukum.",
    "published_at": "Waktu diterbitkan.",
    "steps": "Langkah-langkah.",
    # notifications
    "subject": "Perihal.",
    "read": "Sudah dibaca.",
    "read_at": "Waktu dibaca.",
    "kind_label": "Nama jenis.",
    # pagination
    "page": "Nomor halaman (mulai 1).",
    "page_size": "Banyak butir per halaman.",
    "next": "Alamat halaman berikutnya.",
    "previous": "Alamat halaman sebelumnya.",
    # playbooks on a case
    "attached": "Pedoman sudah diterapkan pada kasus.",
    "playbook_id": "Nomor pengenal pedoman.",
    "how": "Cara pedoman diterapkan.",
    "attached_at": "Waktu pedoman diterapkan.",
    "done": "Jumlah langkah yang selesai.",
    "total": "Jumlah seluruhnya.",
    "is_next": "Langkah berikutnya yang perlu dikerjakan.",
    "task_id": "Nomor tugas yang dibuat untuk langkah ini.",
    "done_by": "Pengguna yang menyelesaikan.",
    "skip_reason": "Alasan langkah dilewati.",
    "attachment": "Lampiran bukti (nomor pengenal).",
    "regulation": "Peraturan.",
    "article": "Pasal.",
    "verified": "Kutipan sudah diperiksa terhadap naskah resmi.",
    # duplicates, analytics
    "score": "Skor (makin tinggi makin kuat).",
    "reasons": "Alasan-alasan.",
    "period": "Rentang waktu.",
    "filters": "Saringan yang dipakai.",
    "by_status": "Jumlah per status.",
    "by_alert_level": "Jumlah per tingkat kewaspadaan.",
    "by_category": "Jumlah per kategori.",
    "by_legal_stage": "Jumlah per tahap penanganan.",
    "per_month": "Jumlah kasus baru dan selesai per bulan.",
    "open_by_unit": "Kasus terbuka per satuan kerja penangan.",
    "open_total": "Jumlah kasus terbuka.",
    "counted_not_listed": "Kasus rahasia yang terhitung tetapi tidak dapat dilihat satu "
                          "per satu oleh pemanggil.",
    "key": "Kunci (kode).",
    "month": "Bulan (YYYY-MM).",
    "new": "Jumlah kasus baru.",
    "resolved": "Jumlah kasus selesai.",
    "marked": "Jumlah yang ditandai.",
    # webhooks
    "events": "Jenis peristiwa yang dilanggan.",
    "active": "Aktif.",
    "owner": "Pemilik (nama pengguna).",
    "disabled_at": "Waktu dinonaktifkan.",
    "disabled_reason": "Alasan dinonaktifkan.",
    "consecutive_failures": "Jumlah kegagalan berturut-turut.",
    "secret": "Rahasia untuk tanda tangan HMAC (hanya ditampilkan sekali).",
    "event_id": "Nomor pengenal peristiwa (sama pada pengiriman ulang).",
    "event_type": "Jenis peristiwa.",
    "attempts": "Jumlah percobaan.",
    "next_attempt_at": "Waktu percobaan berikutnya.",
    "last_attempt_at": "Waktu percobaan terakhir.",
    "last_status_code": "Kode status HTTP terakhir dari penerima.",
    "last_response": "Awal jawaban penerima, atau galatnya.",
    "delivered_at": "Waktu berhasil dikirim.",
    "replay_of": "Pengiriman asli yang diulang.",
    # imports
    "dry_run": "Uji coba: diperiksa tanpa disimpan.",
    "committed_by": "Pengguna yang menyimpan impor.",
    "committed_at": "Waktu impor disimpan.",
    "rows": "Jumlah baris.",
    "updated": "Jumlah data yang diperbarui.",
    "skipped": "Jumlah baris yang dilewati (sudah ada).",
    "error_count": "Jumlah kesalahan.",
    "errors": "Daftar kesalahan.",
    "row": "Nomor baris berkas (baris judul = 1).",
    "column": "Judul kolom.",
    "message": "Pesan.",
    "format": "Format berkas.",
    "content_base64": "Isi berkas dalam Base64.",
    # resource-specific
    "imports.kind": "Jenis data yang diimpor.",
    "imports.status": "Status impor.",
    "imports.created": "Jumlah data yang dibuat (uji coba: yang akan dibuat).",
    "webhook_deliveries.status": "Status pengiriman.",
    "webhook_deliveries.case": "Nomor kasus yang menjadi pokok peristiwa.",
    "cases.status": "Status kasus dalam alur kerja.",
    "events.kind": "Jenis peristiwa pada riwayat kasus.",
    "events.action": "Tindakan alur kerja yang dijalankan (bila ada).",
    "parties.kind": "Jenis pihak.",
    "case_parties.role": "Peran pihak dalam kasus ini.",
    "attachments.kind": "Jenis lampiran.",
    "notifications.kind": "Jenis pemberitahuan.",
    "regions.level": "Tingkat wilayah: 1 provinsi, 2 kabupaten/kota, 3 kecamatan, "
                     "4 desa/kelurahan.",
    "regions.code": "Kode wilayah Kemendagri (2, 4, 6 atau 10 angka, tanpa titik).",
    "regions.parent": "Kode wilayah induk.",
    "units.level": "Tingkat satuan kerja: 0 Pusat, 1 Kanwil, 2 Kankemenag, 3 KUA.",
    "units.code": "Kode satuan kerja (\"pusat\", atau kode wilayah yang dilayaninya).",
    "units.parent": "Kode satuan kerja atasan.",
    "categories.code": "Kode kategori.",
    "categories.parent": "Kode kategori induk (untuk subkategori).",
    "tasks.status": "Status tugas.",
    "agreements.status": "Status kesepakatan.",
    "referrals.status": "Status rujukan.",
    "handling_actions.outcome": "Hasil tindakan.",
    "impacts.updated_at": "Waktu dampak terakhir diubah.",
}

# Enumerated fields: "resource.field" or field name → vocabulary.
VOCABULARY_FOR: dict[str, str] = {
    "cases.status": "case_status",
    "cases.action": "workflow_action",
    "cases.allowed_actions": "workflow_action",
    "events.action": "workflow_action",
    "events.kind": "event_kind",
    "events.from_status": "case_status",
    "events.to_status": "case_status",
    "party_cases.status": "case_status",
    "duplicate_candidates.status": "case_status",
    "tasks.status": "task_status",
    "agreements.status": "agreement_status",
    "referrals.status": "referral_status",
    "parties.kind": "party_kind",
    "case_parties.role": "party_role",
    "party_cases.roles": "party_role",
    "attachments.kind": "attachment_kind",
    "notifications.kind": "notification_kind",
    "handling_actions.type": "action_type",
    "handling_actions.outcome": None,  # free text there
    "regions.level": "region_level",
    "units.level": "unit_level",
    "memberships.unit_level": "unit_level",
    "memberships.role": "role",
    "playbook_steps.responsible_level": "unit_level",
    "playbook_steps.responsible_role": "role",
    "playbook_steps.anchor": "playbook_anchor",
    "playbook_steps.evidence_kind": "attachment_kind",
    "case_playbook_steps.responsible_level": "unit_level",
    "case_playbook_steps.responsible_role": "role",
    "case_playbook_steps.anchor": "playbook_anchor",
    "case_playbook_steps.evidence_kind": "attachment_kind",
    "case_playbook_steps.status": "playbook_step_status",
    "case_playbooks.how": "playbook_attach_how",
    "alert_level": "alert_level",
    "legal_stage": "legal_stage",
    "category": "category",
    "subcategory": "category",
    "scope": "conflict_scope",
    "religions": "religion",
    "religion": "religion",
    "occurred_precision": "occurred_precision",
    "source_channel": "source_channel",
    "outcome": "case_outcome",
    "reject_reason": "reject_reason",
    "agency": "agency",
    "registry": "registry",
    "source_system": "source_system",
}

# Fields whose codes come from a reference endpoint rather than a fixed list.
REFERENCE_FOR: dict[str, str] = {
    "location": "GET /api/v1/regions",
    "region": "GET /api/v1/regions",
    "regions.code": "GET /api/v1/regions",
    "regions.parent": "GET /api/v1/regions",
    "handling_unit": "GET /api/v1/units",
    "target_unit": "GET /api/v1/units",
    "from_unit": "GET /api/v1/units",
    "to_unit": "GET /api/v1/units",
    "assignee_unit": "GET /api/v1/units",
    "unit": "GET /api/v1/units",
    "units.code": "GET /api/v1/units",
    "units.parent": "GET /api/v1/units",
    "category": "GET /api/v1/categories",
    "subcategory": "GET /api/v1/categories",
    "duplicate_of": "GET /api/v1/cases",
    "case": "GET /api/v1/cases",
}

_CHOICES = {
    "case_status": (Status, "Status kasus dalam alur kerja."),
    "alert_level": (AlertLevel, "Tingkat kewaspadaan."),
    "legal_stage": (LegalStage, "Tahap penanganan konflik sosial (UU 7/2012)."),
    "conflict_scope": (ConflictScope, "Lingkup konflik."),
    "occurred_precision": (OccurredPrecision, "Ketelitian waktu kejadian."),
    "source_channel": (SourceChannel, "Saluran masuk laporan."),
    "religion": (Religion, "Agama dan kepercayaan."),
    "case_outcome": (Outcome, "Hasil penyelesaian kasus."),
    "reject_reason": (RejectReason, "Alasan penolakan laporan."),
    "event_kind": (EventKind, "Jenis peristiwa pada riwayat kasus."),
    "party_kind": (PartyKind, "Jenis pihak."),
    "party_role": (PartyRole, "Peran pihak dalam kasus."),
    "action_type": (ActionType, "Jenis tindakan penanganan."),
    "task_status": (TaskStatus, "Status tugas."),
    "agreement_status": (AgreementStatus, "Status kesepakatan."),
    "agency": (Agency, "Instansi tujuan rujukan."),
    "referral_status": (ReferralStatus, "Status rujukan."),
    "attachment_kind": (AttachmentKind, "Jenis lampiran."),
    "registry": (Registry, "Registri Kementerian Agama yang dapat ditautkan."),
    "notification_kind": (NotificationKind, "Jenis pemberitahuan."),
    "region_level": (RegionLevel, "Tingkat wilayah administrasi."),
    "unit_level": (UnitLevel, "Tingkat satuan kerja."),
    "role": (Role, "Peran pengguna pada satuan kerja."),
    "playbook_anchor": (Anchor, "Titik acuan tenggat langkah pedoman."),
    "playbook_step_status": (StepStatus, "Status langkah pedoman pada kasus."),
    "playbook_attach_how": (AttachHow, "Cara pedoman diterapkan pada kasus."),
    "source_system": (SourceSystem, "Sistem pengirim laporan lewat POST /api/v1/intake."),
}

STANDARDS = {
    "region_codes": {
        "title": "Region codes (kode wilayah)",
        "description": (
            "Kode wilayah mengikuti kode dan data wilayah administrasi pemerintahan dari "
            "Kementerian Dalam Negeri (Permendagri 72/2019 tentang perubahan Permendagri "
            "137/2017, beserta keputusan Mendagri yang memutakhirkan daftar kodenya). "
            "Hierarkinya 2-4-6-10 angka: provinsi 2 angka (32), kabupaten/kota 4 angka "
            "(3273), kecamatan 6 angka (327301), desa/kelurahan 10 angka (3273011001). "
            "API menulis kode tanpa titik; kode bertitik (32.73.01.1001) diterima sebagai "
            "masukan. Kode satuan kerja Kemenag sama dengan kode wilayah yang dilayaninya "
            "(Kanwil 32, Kankemenag 3273, KUA 327301), kecuali Pusat (\"pusat\")."),
        "hierarchy": {"province": 2, "regency_city": 4, "district": 6, "village": 10},
        "reference": "GET /api/v1/regions",
    },
    "dates": {
        "title": "Dates and times (ISO 8601)",
        "description": (
            "Waktu ditulis menurut ISO 8601 (profil RFC 3339) dengan zona waktu, misalnya "
            "2026-11-20T19:30:00+07:00; jawaban API memakai zona waktu server "
            "(Asia/Jakarta, +07:00). Waktu masukan tanpa zona dianggap Asia/Jakarta. "
            "Tanggal saja ditulis YYYY-MM-DD."),
        "format_datetime": "date-time (RFC 3339)",
        "format_date": "date (YYYY-MM-DD)",
        "time_zone": "Asia/Jakarta",
    },
    "satu_data_indonesia": {
        "title": "Satu Data Indonesia (Perpres 39/2019)",
        "principles": {
            "data_standard": (
                "Standar data: setiap data memakai konsep, definisi, klasifikasi, ukuran dan "
                "satuan yang baku. Di Selaras setiap field punya tipe, format dan makna yang "
                "tetap (kamus data ini), kode-kode tertutup (status, tingkat kewaspadaan, "
                "kategori, agama, saluran) dan satuan yang jelas (rupiah, derajat WGS 84, "
                "jumlah orang)."),
            "metadata": (
                "Metadata: data disertai keterangan yang menjelaskan isi, sumber dan cara "
                "membacanya. Kamus data ini (GET /api/v1/metadata) dibangkitkan dari skema "
                "OpenAPI yang berjalan sehingga selalu sesuai dengan API; setiap kasus "
                "mencatat saluran, sistem pengirim dan nomor rujukannya, serta riwayat "
                "perubahan lengkap."),
            "reference_codes": (
                "Kode referensi dan data induk: data memakai kode referensi yang disepakati "
                "lintas instansi. Selaras memakai kode wilayah Kemendagri untuk lokasi, "
                "kode satuan kerja yang sama dengan kode wilayah, kosakata kategori yang "
                "dikelola Pusat, serta nomor registri Kemenag (SIMAS, SIWAK, SIMKAH, EMIS) "
                "dan NIK untuk menautkan data induk, bukan salinan bebas."),
            "interoperability": (
                "Interoperabilitas: data dapat dibagikan antarsistem secara konsisten. "
                "Selaras menyediakan API JSON terdokumentasi (OpenAPI 3), saluran masukan "
                "untuk sistem lain (POST /api/v1/intake), webhook bertanda tangan, ekspor "
                "CSV/XLSX/JSON dan impor bertemplat, dengan aturan akses yang sama seperti "
                "aplikasi web."),
        },
    },
}


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def resources_from(components: dict) -> dict[str, ResourceSpec]:
    """The curated resources present in the schema, plus every other ``...Out``
    component (named after it) so that new resources are never missing."""
    resources = {name: spec for name, spec in RESOURCES.items() if spec.schema in components}
    covered = {spec.schema for spec in resources.values()}
    for component in components:
        if (component in covered or not component.endswith("Out")
                or _ENVELOPE.search(component[:-3]) or component in _NOT_LISTED):
            continue
        name = _snake(component[:-3])
        if name in resources:
            name = _snake(component)
        resources[name] = ResourceSpec(component, "")
    return dict(sorted(resources.items()))


def _label(choice_label, language: str) -> str:
    with translation.override(language):
        return str(choice_label)


def choice_vocabulary(choices, meaning: str) -> dict:
    return {
        "meaning": meaning,
        "source": "model",
        "codes": [{"code": value, "label_id": _label(label, "id"),
                   "label_en": _label(label, "en")}
                  for value, label in choices.choices],
    }


def category_vocabulary() -> dict:
    rows = Category.objects.filter(is_active=True).order_by("position", "code")
    return {
        "meaning": "Kategori dan subkategori konflik (dikelola Pusat).",
        "source": "database",
        "codes": [{"code": c.code, "label_id": c.name, "label_en": c.name_en,
                   "parent": c.parent_id} for c in rows],
    }


def workflow_vocabulary() -> dict:
    return {
        "meaning": "Tindakan alur kerja kasus (POST /api/v1/cases/{number}/transitions).",
        "source": "model",
        "codes": [{"code": action, "label_id": _label(t.label, "id"),
                   "label_en": _label(t.label, "en"),
                   "from": sorted(str(s) for s in t.sources),
                   "to": str(t.target) if t.target else None}
                  for action, t in TRANSITIONS.items()],
    }


def vocabulary(name: str) -> dict:
    if name == "category":
        return category_vocabulary()
    if name == "workflow_action":
        return workflow_vocabulary()
    choices, meaning = _CHOICES[name]
    return choice_vocabulary(choices, meaning)


VOCABULARY_NAMES = (*_CHOICES, "category", "workflow_action")


def _resolve(prop: dict) -> tuple[dict, bool]:
    """The property without its null alternative; whether null is allowed."""
    nullable = False
    options = prop.get("anyOf") or prop.get("oneOf")
    if options:
        rest = [o for o in options if o.get("type") != "null"]
        nullable = len(rest) < len(options)
        if len(rest) == 1:
            merged = {k: v for k, v in prop.items() if k not in ("anyOf", "oneOf")}
            merged.update(rest[0])
            prop = merged
    return prop, nullable


def _type_of(prop: dict) -> tuple[str, str | None, str | None]:
    """(type, format, referenced component) of a resolved property."""
    ref = prop.get("$ref")
    if ref:
        return "object", None, ref.rsplit("/", 1)[-1]
    kind = prop.get("type")
    if kind == "array":
        item_type, _fmt, item_ref = _type_of(prop.get("items") or {})
        if item_ref:
            return "array", None, item_ref
        return f"array of {item_type}", None, None
    if kind is None and (prop.get("anyOf") or prop.get("oneOf")):
        return "any", None, None
    return kind or "any", prop.get("format"), None


def _lookup(table: dict, resource: str, name: str):
    """``table["resource.name"]`` (even when None), else ``table["name"]``."""
    key = f"{resource}.{name}"
    return table[key] if key in table else table.get(name)


def _field(resource: str, name: str, prop: dict, *, required: bool, writable: bool,
           in_output: bool) -> dict:
    prop, nullable = _resolve(prop)
    kind, fmt, ref = _type_of(prop)
    description = prop.get("description") or ""
    meaning = MEANINGS.get(f"{resource}.{name}") or MEANINGS.get(name)
    vocab = _lookup(VOCABULARY_FOR, resource, name)
    reference = _lookup(REFERENCE_FOR, resource, name)
    return {
        "name": name,
        "type": kind,
        "format": fmt,
        "schema": ref,
        "nullable": nullable,
        "required": required,
        "in_output": in_output,
        "writable": writable,
        "description": description,
        "meaning": meaning or description or None,
        "meaning_source": "curated" if meaning else ("schema" if description else None),
        "vocabulary": vocab,
        "enum": prop.get("enum"),
        "reference": reference,
    }


def _properties(components: dict, component: str) -> tuple[dict, set]:
    schema = components.get(component) or {}
    return schema.get("properties") or {}, set(schema.get("required") or ())


def describe_resource(name: str, spec: ResourceSpec, components: dict) -> dict:
    out_props, out_required = _properties(components, spec.schema)
    inputs = [c for c in spec.inputs if c in components]
    writable: dict[str, tuple[dict, bool]] = {}
    for component in inputs:
        props, required = _properties(components, component)
        for field_name, prop in props.items():
            if field_name not in writable or field_name in required:
                writable[field_name] = (prop, field_name in required)
    fields = [
        _field(name, field_name, prop, required=field_name in out_required,
               writable=field_name in writable, in_output=True)
        for field_name, prop in out_props.items()
    ]
    fields += [
        _field(name, field_name, prop, required=required, writable=True, in_output=False)
        for field_name, (prop, required) in writable.items() if field_name not in out_props
    ]
    filters = []
    for component in spec.filters:
        props, _required = _properties(components, component)
        filters += [_field(name, field_name, prop, required=False, writable=False,
                           in_output=False)
                    for field_name, prop in props.items()]
    return {
        "schema": spec.schema,
        "input_schemas": inputs,
        "meaning": spec.meaning or components[spec.schema].get("description") or None,
        "fields": fields,
        "filters": filters,
    }


_STRUCTURES: dict[int, dict] = {}


def _structure(components: dict) -> dict:
    """Resources and fields, computed once per schema."""
    key = id(components)
    if key not in _STRUCTURES:
        _STRUCTURES.clear()
        _STRUCTURES[key] = {name: describe_resource(name, spec, components)
                            for name, spec in resources_from(components).items()}
    return _STRUCTURES[key]


_COMPONENTS: list[dict] = []


def openapi_components() -> dict:
    """The API's schema components; built once per process (routes do not change while it
    runs, and building the schema takes long)."""
    if not _COMPONENTS:
        from selaras.api import api

        _COMPONENTS.append(api.get_openapi_schema()["components"]["schemas"])
    return _COMPONENTS[0]


def resource_names() -> list[str]:
    return list(resources_from(openapi_components()))


def dictionary(resource: str | None = None) -> dict:
    """The data dictionary; ``resource`` limits it to one resource (KeyError if unknown)."""
    resources = _structure(openapi_components())
    if resource is not None:
        resources = {resource: resources[resource]}
    used = sorted({f["vocabulary"] for r in resources.values()
                   for f in (*r["fields"], *r["filters"]) if f["vocabulary"]})
    return {
        "api_version": "1",
        "openapi": "/api/v1/openapi.json",
        "resources": resources,
        "vocabularies": {name: vocabulary(name) for name in used},
        "standards": STANDARDS,
    }
