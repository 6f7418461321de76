"""The glossary of Selaras terms: plain-Indonesian definitions, written as data.

The definitions are Indonesian on purpose (the terms are Indonesian institutions
and legal notions); only the page chrome is translated. ``slug`` is the anchor
on the glossary page (``/bantuan/istilah/#<slug>``), so help texts can link to
one term.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    slug: str
    term: str
    definition: str
    see_also: tuple[str, ...] = ()


TERMS: tuple[Term, ...] = (
    Term("ksbk", "KSBK (Konflik Sosial Berdimensi Keagamaan)",
         "Konflik sosial di masyarakat yang menyangkut agama atau kehidupan beragama, misalnya "
         "perselisihan tentang rumah ibadah, kegiatan keagamaan, paham keagamaan, atau ujaran "
         "kebencian bernuansa agama. Setiap laporan di Selaras diberi nomor KSBK, misalnya "
         "KSBK-3273-2026-00012.",
         ("tingkat-kewaspadaan",)),
    Term("tingkat-kewaspadaan", "Tingkat kewaspadaan (Waspada, Siaga, Awas)",
         "Ukuran seberapa serius sebuah kasus saat ini. Waspada (tingkat 1): ada ketegangan atau "
         "perselisihan, tetapi belum ada pengerahan massa; contoh: warga mengeluh di rapat RT "
         "tentang renovasi musala. Siaga (tingkat 2): perselisihan terbuka, ada pengerahan massa, "
         "ancaman, unjuk rasa, atau ibadah terganggu; contoh: sekelompok orang menghalangi pintu "
         "gereja. Awas (tingkat 3): ada kekerasan, perusakan, korban, atau konflik meluas ke "
         "daerah lain; contoh: bangunan dibakar. Makin tinggi tingkatnya, makin tinggi kantor "
         "yang menangani dan makin pendek tenggatnya.",
         ("tenggat", "eskalasi")),
    Term("tahap-penanganan", "Tahap penanganan (pencegahan, penghentian, pemulihan)",
         "Tiga tahap penanganan konflik sosial menurut UU 7/2012. Pencegahan: belum ada konflik "
         "terbuka, ketegangan diredam lewat dialog dan deteksi dini. Penghentian: konflik sudah "
         "terbuka dan harus dihentikan, misalnya dengan mediasi atau bantuan aparat. Pemulihan: "
         "sesudah konflik berhenti, hubungan warga dipulihkan dan kesepakatan dipantau.",
         ("deteksi-dini", "kesepakatan")),
    Term("status-alur", "Status alur kasus",
         "Langkah yang sedang dijalani sebuah kasus: Dilaporkan (laporan baru masuk), "
         "Terverifikasi (kepala kantor sudah memeriksa bahwa laporan benar), Ditangani (sedang "
         "ditangani: dialog, mediasi, koordinasi), Selesai (hasil penanganan sudah dicatat), "
         "Pemantauan (keadaan dipantau agar tidak muncul lagi), Ditutup (kasus selesai "
         "seluruhnya). Laporan yang tidak benar atau ganda bisa Ditolak.",
         ()),
    Term("kua", "KUA (Kantor Urusan Agama)",
         "Kantor Kementerian Agama di tingkat kecamatan. KUA biasanya yang pertama menerima dan "
         "menangani laporan tingkat Waspada di wilayahnya.",
         ("kankemenag", "penyuluh")),
    Term("kankemenag", "Kankemenag (Kantor Kementerian Agama kabupaten/kota)",
         "Kantor Kementerian Agama di tingkat kabupaten atau kota, atasan KUA. Menangani kasus "
         "tingkat Siaga dan menerima eskalasi dari KUA.",
         ("kua", "kanwil")),
    Term("kanwil", "Kanwil (Kantor Wilayah Kementerian Agama provinsi)",
         "Kantor Kementerian Agama di tingkat provinsi, atasan Kankemenag. Menangani kasus tingkat "
         "Awas dan memberi tahu Pusat.",
         ("kankemenag", "pusat")),
    Term("pusat", "Pusat",
         "Unit Kementerian Agama di Jakarta yang membina dan memantau penanganan konflik di "
         "seluruh Indonesia. Pusat dapat melihat semua kasus dan menerima laporan kasus tingkat "
         "Awas.",
         ("kanwil",)),
    Term("fkub", "FKUB (Forum Kerukunan Umat Beragama)",
         "Forum para pemuka agama di provinsi dan kabupaten/kota yang dibentuk masyarakat dan "
         "difasilitasi pemerintah daerah. FKUB sering menjadi mitra dialog dan mediasi, dan "
         "memberi rekomendasi untuk pendirian rumah ibadah.",
         ("rujukan",)),
    Term("penyuluh", "Penyuluh agama",
         "Petugas Kementerian Agama yang membina umat di lapangan. Karena dekat dengan warga, "
         "penyuluh sering yang pertama tahu ada ketegangan dan melaporkannya.",
         ("deteksi-dini", "kua")),
    Term("eskalasi", "Eskalasi",
         "Menaikkan penanganan kasus ke kantor di atasnya (misalnya dari KUA ke Kankemenag), "
         "karena kasusnya makin serius, melampaui kewenangan, atau tenggatnya terlewat.",
         ("delegasi", "tenggat")),
    Term("delegasi", "Delegasi",
         "Menyerahkan penanganan kasus ke kantor di bawahnya (misalnya dari Kankemenag ke KUA) "
         "yang lebih dekat dengan lokasi. Kantor atasan tetap dapat melihat kasusnya.",
         ("eskalasi",)),
    Term("tenggat", "Tenggat",
         "Batas waktu sebuah langkah, misalnya verifikasi atau tindakan pertama. Tenggat "
         "bergantung pada tingkat kewaspadaan dan jenis kasus. Jika terlewat, kantor diingatkan "
         "dan kasus dapat dieskalasi otomatis.",
         ("tingkat-kewaspadaan", "eskalasi")),
    Term("kasus-rahasia", "Kasus rahasia",
         "Kasus yang hanya boleh dilihat oleh kantor yang menangani, kantor-kantor di atasnya, dan "
         "orang yang ditunjuk, misalnya karena menyangkut keselamatan pelapor. Nama dan nomor "
         "pelapor pada semua kasus termasuk data pribadi yang dilindungi; analis hanya melihatnya "
         "disamarkan.",
         ()),
    Term("pihak", "Pihak",
         "Orang, kelompok, atau lembaga yang terlibat dalam konflik atau penyelesaiannya, "
         "misalnya kelompok warga yang menolak, pengurus rumah ibadah, tokoh agama, atau aparat "
         "desa.",
         ("kesepakatan",)),
    Term("dampak", "Dampak",
         "Akibat konflik yang dicatat: korban luka atau meninggal, bangunan rusak, warga "
         "mengungsi, ibadah terhenti, dan sebagainya.",
         ("tingkat-kewaspadaan",)),
    Term("kesepakatan", "Kesepakatan",
         "Hasil tertulis dialog atau mediasi yang disetujui para pihak, misalnya jadwal ibadah "
         "atau syarat renovasi. Kesepakatan dipantau; jika dilanggar, kasus dapat dibuka lagi.",
         ("pihak", "tahap-penanganan")),
    Term("rujukan", "Rujukan",
         "Meminta bantuan atau menyerahkan sebagian penanganan kepada lembaga lain di luar "
         "Kementerian Agama, misalnya pemerintah daerah, kepolisian, atau FKUB, dan mencatat "
         "tanggapannya.",
         ("fkub",)),
    Term("deteksi-dini", "Deteksi dini",
         "Mengenali tanda-tanda ketegangan sebelum menjadi konflik terbuka, misalnya dari "
         "laporan penyuluh, berita, atau media sosial, supaya bisa dicegah sejak awal.",
         ("penyuluh", "tahap-penanganan")),
)

BY_SLUG = {term.slug: term for term in TERMS}
