"""Officials and speakers decided from what the article writes (issue 16): offices written as a
class of holders, buildings named after an office, a Polsek of two kecamatan, adviser posts,
speakers whose office runs into their name, acronyms spelled out, double-barrelled surnames,
credit lines that close the body. Sentences written for the project (fictional people)."""

from pipeline.models import RawRecord


def run(processor, body):
    text = f"TITLE: contoh\nDATE: Senin, 16 Jun 2025 10:00 WIB\nSOURCE: test | https://contoh.id/a\n\n{body}"
    return processor.process(RawRecord("t.txt", "txt", text))


def people_rows(res):
    return {(p["name"], p["position"], p["unit"], p["is_official"]) for p in res.people}


def officials(res):
    return sorted((p["name"] or "", p["position"] or "", p["unit"] or "") for p in res.people if p["is_official"])


def test_an_office_written_as_a_class_is_no_one_in_particular(processor):
    body = ("Apel itu diikuti para Bhabinkamtibmas dari semua desa. Bhabinkamtibmas mengimbau warga agar tidak "
            "mudah terprovokasi berita bohong menjelang pemilu. Hadir pula Camat, Kapolsek Wates, dan Kades se "
            "Kecamatan Wates.")
    got = officials(run(processor, body))
    assert ("", "Bhabinkamtibmas", "") not in got
    assert ("", "Kades", "") not in got
    assert ("", "Kapolsek", "Wates") in got
    # written once, as one of the offices present, the office is one holder
    got = officials(run(processor, "Rapat dihadiri Babinsa, Kapolsek Wates, dan Sekretaris Desa Kepuh."))
    assert ("", "Babinsa", "") in got


def test_an_office_inside_a_building_name_is_not_a_person(processor):
    res = run(processor, "Musyawarah digelar di Kantor Camat Wates, Senin (16/6). Pagar Rumah Dinas Bupati "
                         "belum diperbaiki.")
    assert officials(res) == []
    res = run(processor, "Pertemuan digelar di ruang kerja Kapolres Kediri AKBP Hendra Wibisono.")
    assert officials(res) == [("Hendra Wibisono", "Kapolres", "Kediri")]


def test_a_polsek_of_two_kecamatan_is_one_unit(processor):
    # Penukal and Abab are kecamatan of one kabupaten (PALI): the second is no holder's name
    res = run(processor, "Hadir Kapolsek Penukal Abab, Babinsa, dan perangkat desa.")
    assert ("", "Kapolsek", "Penukal Abab") in officials(res)
    # a name after the unit stays a name
    res = run(processor, "Hadir Kapolsek Wates Suryanto dalam acara itu.")
    assert ("Suryanto", "Kapolsek", "Wates") in officials(res)


def test_an_adviser_post_keeps_its_head(processor):
    res = run(processor, "Kegiatan dibuka oleh Staf Ahli Bupati, Darmaji Sulistyo.")
    assert officials(res) == [("Darmaji Sulistyo", "Staf Ahli Bupati", "")]


def test_speaker_named_at_the_end_of_the_office_run(processor):
    body = ('"Permintaan dolar naik karena pasar cemas," kata Kepala Riset dan Edukasi Sentosa Berjangka '
            'Futures Dimas Haryoko di Jakarta. Dimas menuturkan, rupiah masih akan tertekan pekan ini.')
    res = run(processor, body)
    speakers = [(q["kind"], q["speaker_name"]) for q in res.quotes]
    assert speakers == [("direct", "Dimas Haryoko"), ("indirect", "Dimas Haryoko")]


def test_speaker_written_as_full_form_and_abbreviation(processor):
    body = ('"Danramil harus dikenal warga binaannya," kata Komandan Rayon Militer (Danramil) Wates, Kapten '
            'Inf Bagus Santoso, pada apel pagi.')
    res = run(processor, body)
    assert [q["speaker_name"] for q in res.quotes] == ["Bagus Santoso"]


def test_acronym_speaker_spelled_out_in_the_article(processor):
    body = ('Nama Hendra Wijaya Kusuma (HWK) kembali ramai dibicarakan. "Saya tidak pernah menjual tanah itu," '
            'kata HWK kepada wartawan.')
    res = run(processor, body)
    assert [q["speaker_name"] for q in res.quotes] == ["Hendra Wijaya Kusuma"]


def test_double_barrelled_surname_and_a_pair_of_names(processor):
    res = run(processor, "Real Madrid resmi merekrut Daniel Carter-Vickers dari Liverpool. Laga berikutnya "
                         "digelar di Madrid.")
    names = {p["name"] for p in res.people}
    assert "Daniel Carter-Vickers" in names
    # the model reads the ticket's first name; the name after the hyphen goes on: two people
    res = run(processor, "Real Madrid resmi merekrut Daniel Carter-Vickers Santos dari Liverpool. Laga "
                         "berikutnya digelar di Madrid.")
    assert not any("-Vickers" in (p["name"] or "") for p in res.people)


def test_credit_line_closes_the_body(processor):
    body = ("Kapolsek Wates AKP Suryanto meminta warga menjaga keamanan selama pilkades.\n\nEditor : Redaksi\n\n"
            "Warga Protes Tiket Wisata\n\nMenanggapi hal tersebut, Kepala Dinas Pariwisata Lumajang Rina "
            "Maharani menegaskan penarikan tiket sudah dilarang.")
    res = run(processor, body)
    assert "Rina Maharani" not in {p["name"] for p in res.people}
    assert "Suryanto" in {p["name"] for p in res.people}
    assert "Rina Maharani" not in res.article["text"]


def test_state_bodies_are_units_and_ministries_part_of_the_title(processor):
    body = ("Juru bicara KPK, Rina Kusuma, mengatakan pemeriksaan selesai. Wakil Menteri BUMN Dimas Prakoso "
            "hadir bersama Kepala BPOM Sari Handayani. Sekjen Kemendagri Tomi Wiryawan ikut. Sekretaris Jenderal "
            "PDIP Budi Santosa juga datang.")
    got = people_rows(run(processor, body))
    assert ("Rina Kusuma", "Juru bicara", "KPK", True) in got
    assert ("Dimas Prakoso", "Wakil Menteri BUMN", None, True) in got
    assert ("Sari Handayani", "Kepala", "BPOM", True) in got
    assert ("Tomi Wiryawan", "Sekjen", "Kemendagri", True) in got
    assert ("Budi Santosa", "Sekretaris Jenderal PDIP", None, False) in got  # a party post


def test_an_acronym_body_does_not_swallow_a_name_word(processor):
    # "BRIN" is a state body; "Brin" in title case is a surname
    res = run(processor, "Pendiri Google Larry Page dan Sergey Brin kembali masuk daftar orang terkaya dunia.")
    assert "Sergey Brin" in {p["name"] for p in res.people}


def test_a_role_then_a_club_or_town_then_the_name(processor):
    names = {p["name"] for p in run(processor, "Barcelona juga mengincar pemain Liverpool Andres Quintero. Berikut "
                                                "rating Pemain Manchester City usai laga itu.").people}
    assert "Andres Quintero" in names
    assert not names & {"Liverpool Andres Quintero", "Manchester", "Manchester City", "City"}
    # a village after "warga" is no club: "warga Kampung ..." stays no person
    names = {p["name"] for p in run(processor, "Sebanyak 40 warga Kampung Tanjung Agung mengungsi.").people}
    assert "Tanjung Agung" not in names


def test_a_firm_or_a_club_after_an_office_is_no_holder(processor):
    res = run(processor, "Direktur PT Sinar Abadi Tbk menegaskan komitmen perseroan. Ia bertemu mantan Presiden "
                         "Inter Milan itu di Jakarta.")
    assert not {p["name"] for p in res.people} & {"Sinar Abadi", "Inter Milan"}


def test_a_body_is_not_the_next_holder_in_an_attendance_list(processor):
    res = run(processor, "Hadir perwakilan Dirjen Kekayaan Intelektual Kementerian Hukum Razilu, Badan Pengawas MA "
                         "yang diwakili Inspektur Wilayah, dan Koalisi Advokat.")
    assert "Badan Pengawas MA" not in {p["name"] for p in res.people}


def test_nickname_in_brackets_is_the_same_person_but_an_actor_is_not(processor):
    res = run(processor, "Penjabat gubernur ditunjuk Presiden Joko Widodo (Jokowi). Keputusan itu diteken Presiden Jokowi "
                         "pekan lalu.")
    rows = [p for p in res.people if p["name"] in ("Joko Widodo", "Jokowi")]
    assert [p["name"] for p in rows] == ["Joko Widodo"] and rows[0]["n_mentions"] == 2
    res = run(processor, "Dalam film itu Elio tinggal bersama sang tante, Olga Solis (Zoe Saldana), di sebuah "
                         "pangkalan militer.")
    names = {p["name"] for p in res.people}
    assert "Olga Solis" not in names or "Zoe Saldana" in names  # never the actor folded into the role


def test_office_after_sebagai_goes_to_the_person_just_named(processor):
    res = run(processor, "Presiden Joko Widodo kemudian mengangkat Adi Karyanto sebagai Penjabat Gubernur Jawa "
                         "Timur.")
    offices = {p["name"]: p["position"] for p in res.people}
    assert offices.get("Joko Widodo") == "Presiden"


def test_an_office_and_its_full_form_are_one_holder(processor):
    res = run(processor, "Masa jabatan Wakil Gubernur Jawa Timur telah habis. Wagub Jatim Emil Santoso berpamitan "
                         "kepada warga.")
    rows = [p for p in res.people if p["is_official"]]
    assert [(p["name"], p["unit"]) for p in rows] == [("Emil Santoso", "Jawa Timur")]


def test_speaker_name_at_the_end_of_a_title_and_firm_run(processor):
    body = ('"Dana darurat itu penting sekali bagi keluarga," kata Perencana Keuangan Jouska Farah Dini Novita. '
            'Farah menambahkan, investasi harus dimulai sejak dini.')
    assert [q["speaker_name"] for q in run(processor, body).quotes] == ["Farah Dini Novita"] * 2
    # an organisation word the corpus knows is no first name: "Kejagung" stays out
    body = ('"Berkas perkara sudah lengkap," kata Kapuspenkum Kejagung Harli Sutanto kepada wartawan. '
            'Menurut Harli, tersangka segera disidang.')
    assert {q["speaker_name"] for q in run(processor, body).quotes} == {"Harli Sutanto"}


def test_described_speaker_with_the_name_in_apposition(processor):
    body = ('Juru bicara KPK Budi Santosa mengatakan pemeriksaan berlanjut. "Kami sampaikan bahwa sprindik sudah '
            'terbit sejak Juli," kata jubir KPK saat itu, Rina Mahardika, di gedung KPK.')
    assert [q["speaker_name"] for q in run(processor, body).quotes][-1] == "Rina Mahardika"


def test_people_listed_with_dan_do_not_take_the_focus(processor):
    body = ('"Saksi tidak hadir dan minta dijadwalkan ulang," kata Jubir KPK Budi Santosa. KPK juga memanggil dua '
            'mantan staf khusus menteri, yaitu Caswito Rahardjo Wiranata dan Rudi Hartawan Triwibowo.\n\n'
            '"Pemeriksaan dilakukan di gedung KPK," tuturnya.')
    assert [q["speaker_name"] for q in run(processor, body).quotes] == ["Budi Santosa", "Budi Santosa"]


def test_a_numbered_commission_keeps_its_number_and_its_house(processor):
    res = run(processor, "Wakil Ketua Komisi II DPR RI Dede Suryadi meminta peta batas wilayah segera disusun.")
    assert [(p["name"], p["position"]) for p in res.people] == [("Dede Suryadi", "Wakil Ketua Komisi II DPR RI")]


def test_an_office_in_lower_case_with_its_holder_in_apposition(processor):
    body = ('"Kami sampaikan bahwa sprindik terbit Juli," kata jubir KPK saat itu, Rina Mahardika, di gedung KPK. '
            '"Dunia berubah," kata putra sulung presiden, Daniel Hartono Jr pada acara itu. Para kepala desa, '
            'camat, dan lurah hadir.')
    got = people_rows(run(processor, body))
    assert ("Rina Mahardika", "Jubir", "KPK", True) in got
    assert not any(name == "Daniel Hartono Jr" and official for name, _p, _u, official in got)  # the president's son
    assert not any(pos and pos.lower() in ("kepala desa", "camat", "lurah") for _n, pos, _u, _o in got)


def test_an_office_after_initials_belongs_to_the_person_with_those_initials(processor):
    body = ('Gubernur nonaktif Sari Indah Lestari (SIL) tidak memenuhi panggilan KPK. "Saksi SIL, Gubernur Jawa Tengah, '
            'meminta jadwal ulang," kata Jubir KPK Budi Santosa.')
    got = {(p["name"], p["position"], p["unit"]) for p in run(processor, body).people if p["is_official"]}
    assert ("Sari Indah Lestari", "Gubernur", "Jawa Tengah") in got
    assert (None, "Gubernur", "Jawa Tengah") not in got


def test_pihak_of_a_firm_is_an_institution_and_of_a_person_his_side(processor):
    body = ("Mobil itu gagah. Pihak Sentosamotor mengklaim mobil baru terinspirasi desain SUV premium. Pihak Hartono "
            "Wijaya menyatakan siap mengikuti mediasi bulan depan.")
    speakers = [q["speaker_name"] for q in run(processor, body).quotes]
    assert speakers == ["Hartono Wijaya"]


def test_an_office_spelled_out_with_its_acronym_is_the_office_by_the_acronym(processor):
    # the gold conventions: where the article gives "Full form (Abbrev)", the position is the abbreviation
    res = run(processor, "Menteri Pembangunan Daerah Tertinggal dan Transmigrasi (PDTT) Sutrisno Hadi meninjau "
                         "desa itu. Menteri Energi dan Sumber Daya Mineral (ESDM) Gunawan Saputra juga hadir. Kepala "
                         "Badan Pengawas Obat dan Makanan (BPOM) Rini Hapsari ikut meninjau.")
    got = officials(res)
    assert ("Sutrisno Hadi", "Menteri PDTT", "") in got
    assert ("Gunawan Saputra", "Menteri ESDM", "") in got
    assert ("Rini Hapsari", "Kepala", "BPOM") in got  # a state body after a head is the unit, as "Kepala BPOM"
    # an association the rules do not know is no office of state
    res = run(processor, "Ketua Perhimpunan Pedagang dan Perajin Indonesia (PPPI) Yogyakarta, Darmo Sutejo, "
                         "mengatakan pasar sepi.")
    assert officials(res) == []


def test_a_state_body_in_title_case_after_a_head_is_the_unit(processor):
    res = run(processor, "Rapat itu dihadiri CEO Danantara Hendra Kurniawan. CEO Apple Tim Cook tidak hadir.")
    assert officials(res) == [("Hendra Kurniawan", "CEO", "Danantara")]


def quotes_by_speaker(res):
    return {q["text"][:20]: q["speaker_name"] for q in res.quotes}


def test_a_long_office_after_the_cue_leaves_the_name_at_its_end(processor):
    res = run(processor, '"Perjanjian lisensi mengizinkan penerima memakai merek itu," kata Vice President Corporate '
                         'Relations Minyak Nusantara Indonesia Ratna Sihombing. Ratna menambahkan hal itu.\n\n'
                         '"Seleksi calon guru dibuka untuk semua lulusan," ujar Sekretaris Jenderal (Sekjen) Kemensos '
                         'Darto Wibisono dalam keterangan resmi.')
    got = quotes_by_speaker(res)
    assert got["Perjanjian lisensi m"] == "Ratna Sihombing"
    assert got["Seleksi calon guru d"] == "Darto Wibisono"
    # the abbreviation right after the office is the office ("Sekjen"), the ministry its unit
    assert ("Darto Wibisono", "Sekjen", "Kemensos") in officials(res)


def test_the_name_in_apposition_after_a_role_of_someone_is_the_speaker(processor):
    res = run(processor, 'Pengusaha Rudi Hartanto dipanggil jaksa. "Klien kami akan hadir Senin," kata kuasa hukum '
                         'Rudi, Benny Simatupang, saat dikonfirmasi.')
    assert quotes_by_speaker(res)["Klien kami akan hadi"] == "Benny Simatupang"


def test_an_organisation_or_country_between_office_and_name_is_the_unit(processor):
    res = run(processor, "Menteri Luar Negeri Italia Antonio Moretti mengatakan Roma siap membantu. Pada 2018, mantan "
                         "Wakil Presiden WhatsApp Chris Dalton mengatakan bahwa iklan akan menjadi sumber utama.")
    rows = {r[:3] for r in people_rows(res)}
    assert ("Antonio Moretti", "Menteri Luar Negeri", "Italia") in rows
    assert ("Chris Dalton", "Wakil Presiden", "WhatsApp") in rows


def test_tutupnya_closes_a_quote_of_the_last_speaker(processor):
    res = run(processor, '"Kerja sama kedua lembaga menitikberatkan pada pajak," beber Rosita Hutagalung. Fokusnya '
                         'sektor strategis."Fokus kerja sama ini mencakup kejahatan ekonomi dan sumber daya alam," '
                         'tutupnya.')
    assert quotes_by_speaker(res)["Fokus kerja sama ini"] == "Rosita Hutagalung"


def test_the_object_of_an_active_verb_is_not_the_one_who_speaks_next(processor):
    res = run(processor, "Sementara itu, Wawan Hidayat yang mewakili Agnes Mona menyampaikan terima kasih atas "
                         "kesempatan rapat. Dia berharap ada keadilan bagi semua musisi di negeri ini.")
    assert quotes_by_speaker(res)["ada keadilan bagi se"] == "Wawan Hidayat"


def test_the_officer_after_melalui_speaks_for_his_chief(processor):
    res = run(processor, "Kapolres Ketapang AKBP Angga Herlambang, melalui Kasat Resnarkoba AKP Novri Situmorang, "
                         "menyampaikan bahwa kegiatan ini merupakan bentuk penghargaan kepada warga.")
    assert quotes_by_speaker(res)["kegiatan ini merupak"] == "Novri Situmorang"


def test_streets_firms_and_a_body_acronym_after_a_name_make_no_person(processor):
    res = run(processor, 'Kantor itu ada di Jl. Ir. H. Juanda No. 93 Bandung. "Pasar ponsel melemah tahun ini," kata '
                         'Counterpoint Research dalam laporannya.\n\nPada kesempatan yang sama, Deputi Bidang Statistik '
                         'Sosial Badan Pusat Statistik (BPS), Rudi Hartanto BPS mengatakan BPS terus berkoordinasi '
                         'dengan Kemensos.')
    names = {p["name"] for p in res.people}
    assert "Juanda" not in names and "Counterpoint Research" not in names
    assert "Rudi Hartanto" in names  # the body's acronym after the name is not part of it
    assert not any(q["text"].startswith("Pasar ponsel") for q in res.quotes)  # a firm's statement
    assert quotes_by_speaker(res)["BPS terus berkoordin"] == "Rudi Hartanto"


def test_academic_titles_before_a_name_make_a_person_with_degrees(processor):
    res = run(processor, 'Rektor Universitas Nusa Prof Dr Ir Mochamad Wahyuda, M.Kom, hadir di kampus. "Kami siap '
                         'membina mahasiswa baru," ungkap Prof Wahyuda.')
    row = next(p for p in res.people if p["name"] == "Mochamad Wahyuda")
    assert [d.rstrip(".") for d in row["degrees"][:3]] == ["Prof", "Dr", "Ir"]
    assert quotes_by_speaker(res)["Kami siap membina ma"] == "Mochamad Wahyuda"


def test_a_title_word_in_apposition_is_not_the_speaker(processor):
    res = run(processor, "Kylie Robertson, Koresponden Senior di Wired yang meliput teknologi, mengklaim bahwa "
                         "perusahaan itu akan merilis produk baru tahun ini.")
    assert quotes_by_speaker(res)["perusahaan itu akan "] == "Kylie Robertson"


def test_a_sentence_opening_with_part_of_a_name_and_a_verb_of_saying_puts_that_person_in_focus(processor):
    body = ('Menteri Dalam Negeri Tito Karsana melantik Sekda Adhy Karyanto sebagai penjabat gubernur. "Bapak '
            'adalah birokrat yang cerdas dan berpengalaman," tuturnya. Dalam kesempatan itu, Tito turut menyampaikan '
            'apresiasi kepada gubernur lama dan wakilnya. Menurutnya, selama lima tahun memimpin keduanya telah '
            'bekerja keras.\n\nKorban Andre Wiguna meluncur dari arah barat. Andre lantas terpental ke sungai. '
            '"Sudah dievakuasi ke rumah sakit," kata Kapolsek Ubud Kompol Made Suarjaya. Andre meninggal di tempat. '
            '"Keluarga sudah kami kabari," pungkasnya.')
    got = quotes_by_speaker(run(processor, body))
    assert got["selama lima tahun me"] == "Tito Karsana"
    assert got["Keluarga sudah kami "] == "Made Suarjaya"  # "Andre meninggal ..." is about him, he does not speak


def test_a_spelled_out_cabinet_office_is_that_office(processor):
    res = run(processor, "Menteri Ketenagakerjaan Rudi Hartanto meninjau balai latihan kerja. Direktur Jenderal "
                         "Pajak Sinta Dewi hadir.")
    got = people_rows(res)
    assert ("Rudi Hartanto", "Menteri Ketenagakerjaan", None, True) in got
    assert not any(p["name"] == "Pajak" for p in res.people)  # "Direktur Jenderal" is a head: its body follows
    res = run(processor, "Presiden Republik Indonesia Rudi Hartanto membuka pameran.")
    # an office spelled out from its own name is that name and its unit
    assert [(p["name"], p["position"], p["unit"]) for p in res.people] == [
        ("Rudi Hartanto", "Presiden", "Republik Indonesia")]


def test_the_abbreviation_is_the_position_when_the_article_also_spells_it_out(processor):
    res = run(processor, "\"Saksi tidak hadir,\" kata juru bicara KPK, Budi Santosa, Jumat (20/6). \"Pemeriksaan "
                         "dijadwalkan ulang,\" kata Jubir KPK Budi Santosa.")
    assert [(p["name"], p["position"], p["unit"]) for p in res.people] == [("Budi Santosa", "Jubir", "KPK")]
    # an abbreviation of an abbreviation is not preferred ("Sekda" of "Sekdaprov")
    res = run(processor, "Sekdaprov Jatim Adi Karyono membuka rapat. Sekda Adi Karyono lalu pulang.")
    assert [(p["name"], p["position"]) for p in res.people] == [("Adi Karyono", "Sekdaprov")]


def test_one_word_in_capitals_is_an_acronym_not_a_name(processor):
    res = run(processor, "Sedangkan pasangan AMIN meraih 16 persen suara. Pihak KPU belum berkomentar.")
    assert [p["name"] for p in res.people] == []


def test_a_holder_in_apposition_ends_at_the_line_break(processor):
    res = run(processor, "\"Rapat di hotel boleh,\" kata Sekretaris Daerah Kota Depok, Nina Suryani\n\nNina "
                         "mengatakan rapat di hotel menjaga ekonomi.")
    assert [(p["name"], p["position"], p["unit"]) for p in res.people] == [("Nina Suryani", "Sekretaris Daerah",
                                                                              "Depok")]


def test_the_name_before_selaku_holds_the_office(processor):
    res = run(processor, "Sementara itu, Sarmin selaku Ketua Gapoktan Sumber Rejeki, mengucapkan terima kasih atas "
                         "bantuan itu. \"Pendampingan ini sangat berarti bagi kami,\" ujarnya.")
    assert [(p["name"], p["position"], p["is_official"]) for p in res.people] == [("Sarmin", "Ketua Gapoktan", False)]
    assert {q["speaker_name"] for q in res.quotes} == {"Sarmin"}
    # the capitalised words after the office are its body, not a second holder
    res = run(processor, "\"Kami melayani nasabah lintas batas,\" kata Marco Lutten selaku Presiden Citra Nusa, "
                         "dalam pernyataan tersebut.")
    assert [(p["name"], p["position"]) for p in res.people] == [("Marco Lutten", "Presiden")]
    # a noun before the name is not part of it
    res = run(processor, "Menurut jaksa, terdakwa Rudi Suparmanto selaku Ketua Pengadilan menerima uang itu.")
    assert [(p["name"], p["position"]) for p in res.people] == [("Rudi Suparmanto", "Ketua Pengadilan")]


def test_a_bare_office_with_one_holder_in_the_country_is_that_holder(processor):
    res = run(processor, "Angka subsidi baru akan diumumkan oleh Presiden dalam nota keuangan. Pemerintah pusat "
                         "melalui pernyataan Menteri Dalam Negeri mengizinkan pemda menggelar acara.")
    assert officials(res) == [("", "Menteri Dalam Negeri", ""), ("", "Presiden", "")]
    # named elsewhere in the article, the bare office is the named holder
    res = run(processor, "Presiden Joko Santoso membuka pameran. Usai acara, Presiden meninjau stan UMKM.")
    assert officials(res) == [("Joko Santoso", "Presiden", "")]
    # a document of the office is no one; an office of many holders written bare is no one in particular
    res = run(processor, "Tambang itu beroperasi berdasarkan SK Menteri ESDM Nomor 430. Kepala Desa wajib "
                         "melapor setiap tahun. Aturan itu menindaklanjuti Surat Edaran (SE) Menteri Ketenagakerjaan "
                         "Nomor 6. Hasil itu dari penghitungan suara Pemilihan Presiden (Pilpres) 2024. Dikutip dari "
                         "siaran pers Sekretariat Wakil Presiden (Setwapres), ziarah itu penting. Konferensi pers "
                         "digelar di Kantor Presiden. Bambang menjabat Wakil Menteri Sekretaris Negara.")
    assert officials(res) == []
    # a company's post that starts with the office's word is not that office
    res = run(processor, "Rudi Chandra, Wakil Presiden Senior ASEAN Motor Nusantara, hadir. Presiden Direktur PT "
                         "Motor Nusantara juga hadir.")
    assert ("", "Wakil Presiden", "") not in officials(res) and ("", "Presiden", "") not in officials(res)


def test_a_head_before_an_office_of_the_rules_is_the_deputys_office(processor):
    res = run(processor, "Wakil Menteri Perindustrian Faisal Rizky meninjau pabrik. Asisten Sekretaris Daerah Bantul "
                         "Fenti Yusdiana membuka acara.")
    assert people_rows(res) == {("Faisal Rizky", "Wakil Menteri Perindustrian", None, True),
                                ("Fenti Yusdiana", "Asisten Sekretaris Daerah", "Bantul", True)}


def test_a_minister_takes_no_region_as_unit_and_a_document_number_is_no_name(processor):
    res = run(processor, "Wakil Menteri Dalam Negeri Bima Pratama menyebut kajian ulang. Keputusan Direktur Jenderal "
                         "Perhubungan Udara Nomor PR 22 terbit kemarin.")
    assert [(p["name"], p["position"], p["unit"]) for p in res.people] == [
        ("Bima Pratama", "Wakil Menteri Dalam Negeri", None)]


def test_ranks_written_in_full_and_directorates_after_a_head(processor):
    res = run(processor, "Letnan Kolonel Rajiv Santoso hadir bersama Dirjen Hubdar Lukas Laisa dan Direktur Jenderal "
                         "Bea dan Cukai Askolan Putra.")
    got = {(p["name"], p["rank"], p["position"]) for p in res.people}
    assert got == {("Rajiv Santoso", "Letnan Kolonel", None), ("Lukas Laisa", None, "Dirjen Hubdar"),
                   ("Askolan Putra", None, "Direktur Jenderal Bea dan Cukai")}
    res = run(processor, "Dandim Kolonel Infanteri Candra Kusuma hadir bersama Letkol Inf Budi Santosa.")
    assert {(p["name"], p["rank"]) for p in res.people} == {("Candra Kusuma", "Kolonel Infanteri"),
                                                             ("Budi Santosa", "Letkol Inf")}
    res = run(processor, "Beredar isu tentang Bapak Jampidsus di media sosial.")
    assert [(p["name"], p["position"]) for p in res.people] == [(None, "Jampidsus")]
