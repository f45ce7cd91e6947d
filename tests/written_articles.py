"""Articles written for the Python API and spaCy component tests (invented people and events):
the three header styles ``pipeline run`` reads from a .txt file (corpus header lines, a
markdown export's header, none) and scraping noise, so normalized offsets differ from raw ones."""

POLICE = """TITLE: Polres Ngawi Siagakan 250 Personel Jelang Arus Mudik
DATE: Rabu, 12 Mar 2025 09:15 WIB
SOURCE: contoh | https://berita.contoh.id/jatim/2025/03/polres-ngawi-siagakan-personel

NGAWI - Kapolres Ngawi AKBP Hendra Wiratama memimpin apel gelar pasukan Operasi Keselamatan di Alun-alun Ngawi, Selasa (11/3).

"Kami menurunkan 250 personel gabungan untuk mengamankan jalur mudik di wilayah Ngawi," kata Hendra.

Kasat Lantas Polres Ngawi AKP Rina Kartikasari menjelaskan, titik rawan kecelakaan berada di Kecamatan Mantingan dan Kecamatan Widodaren.

Menurut Rina, pos pengamanan juga didirikan di Desa Karangasri sejak kemarin.
"""

FLOOD = """# DAERAH

## Banjir Rendam Puluhan Rumah di Kecamatan Kejayan

Dimas Prasetyo - [Kabar Pasuruan](https://kabar.contoh.id/daerah/banjir-kejayan)

Jun 9, 2025 - 18:00

PASURUAN - Puluhan rumah di Desa Kepuh, Kecamatan Kejayan, Kabupaten Pasuruan, terendam banjir setelah hujan deras mengguyur sejak Minggu (8/6/2025) sore.

Bupati Pasuruan Sugeng Wibisono meninjau warga yang mengungsi di balai desa pada Senin pagi.

"Kami sudah menyiapkan dapur umum dan bantuan logistik untuk warga terdampak," ujar Sugeng.

Kepala Desa Kepuh Slamet Riyadi mengatakan air mulai surut menjelang siang.
"""

VILLAGE = """Warga Dusun Krajan Keluhkan Jalan Rusak

MADIUN - Warga Dusun Krajan, Desa Bulu, Kecamatan Sawahan, Kabupaten Madiun, mengeluhkan jalan desa yang rusak parah sejak awal tahun.

Baca Juga: Harga Cabai di Pasar Besar Madiun Naik Lagi

ADVERTISEMENT

SCROLL TO CONTINUE WITH CONTENT

Salah satu warga, Suparmi (52), mengaku harus memutar sejauh tiga kilometer untuk sampai ke pasar. \u201cKalau hujan, motor tidak bisa lewat sama sekali,\u201d tuturnya.

Camat Sawahan Budi Santoso menyatakan perbaikan jalan sudah masuk anggaran tahun ini.
"""

ARTICLES = {"2025-03-ngawi-mudik.txt": POLICE, "2025-06-pasuruan-banjir.txt": FLOOD,
            "2025-01-madiun-jalan.txt": VILLAGE}
