"""One test per extraction pattern fixed against real news, on sentences written for the
project (fictional people; real place names so the gazetteer can confirm them)."""

from pipeline.models import RawRecord


def run(processor, body, date="Senin, 16 Jun 2025 10:00 WIB"):
    text = f"TITLE: contoh\nDATE: {date}\nSOURCE: test | https://contoh.id/a\n\n{body}"
    return processor.process(RawRecord("t.txt", "txt", text))


def officials(res):
    return [r for r in res.people if r["is_official"]]


def test_office_comma_rank_name(processor):
    res = run(processor, "Penangkapan itu dibenarkan Wakapolda Jabar, Brigjen Dwi Santoso, dan Kabid Humas Polda Jabar, Kombes Pol Rudi Hartanto.")
    got = {(r["name"], r["rank"], r["position"], r["unit"]) for r in officials(res)}
    assert ("Dwi Santoso", "Brigjen", "Wakapolda", "Jabar") in got
    assert ("Rudi Hartanto", "Kombes Pol", "Kabid Humas", "Jabar") in got


def test_degree_before_name(processor):
    res = run(processor, "Program itu digagas Kapolri Jenderal Polisi Drs. Bagus Wirawan, M.Si. sejak tahun lalu.")
    (r,) = officials(res)
    assert (r["name"], r["rank"], r["degrees"]) == ("Bagus Wirawan", "Jenderal Polisi", ["Drs.", "M.Si."])


def test_unit_confirmed_by_gazetteer_despite_stop_word_and_case(processor):
    res = run(processor, "Kapolsek Lubuk Dalam AKP Yusuf Hakim, SH hadir. Acara dibuka Camat Karang jaya, lalu warga berdialog.")
    units = {r["position"]: r["unit"] for r in officials(res)}
    assert units["Kapolsek"] == "Lubuk Dalam"
    assert units["Camat"].lower() == "karang jaya"


def test_koramil_code_unit(processor):
    res = run(processor, "Danramil 1013-12/Dirung Lingkin Kapten Inf Budi Laksono memimpin kerja bakti.")
    (r,) = officials(res)
    assert (r["unit"], r["rank"], r["name"]) == ("1013-12/Dirung Lingkin", "Kapten Inf", "Budi Laksono")


def test_generic_office_is_not_an_official(processor):
    res = run(processor, "Masa jabatan Kepala Desa diatur dalam undang-undang. Camat Ceper meminta warga tenang.")
    assert [(r["position"], r["unit"]) for r in officials(res)] == [("Camat", "Ceper")]


def test_glued_name_and_verb_split(processor):
    res = run(processor, "Gubernur Jawa Tengah Andika Prasetyomenyatakan kesiapannya membantu warga korban banjir.")
    (r,) = officials(res)
    assert r["name"] == "Andika Prasetyo"
    assert res.quotes[0]["cue"] == "menyatakan"


def test_speaker_named_after_cue_expands_to_full_name(processor):
    res = run(processor, 'Pengamat transportasi, Rina Maharani, menilai jalan tol rawan.\n\n'
                         '"Pengemudi harus beristirahat setiap dua jam sekali," kata Rina.')
    direct = [q for q in res.quotes if q["kind"] == "direct"]
    assert direct[0]["speaker_name"] == "Rina Maharani"


def test_speaker_is_the_name_right_after_the_cue(processor):
    res = run(processor, 'Bupati Klaten Sri Mulyani hadir. "Kami siapkan dapur umum untuk semua warga," ujar Sri '
                         'disambut tepuk tangan warga Desa Kujon.')
    direct = [q for q in res.quotes if q["kind"] == "direct"]
    assert direct[0]["speaker_name"] == "Sri Mulyani"


def test_menurut_name(processor):
    res = run(processor, "Menurut Andi, tanggul yang jebol itu sudah retak sejak tahun lalu.")
    ind = [q for q in res.quotes if q["kind"] == "indirect"]
    assert ind and ind[0]["text"].startswith("tanggul yang jebol") and ind[0]["speaker"] == "Andi"


def test_weekday_corrects_a_wrong_month(processor):
    res = run(processor, "Kejadian itu berlangsung Jumat (6/5/2025) malam.", date="Sabtu, 7 Jun 2025 16:05 WIB")
    d = [x for x in res.dates if x["kind"] != "publication"][0]
    assert d["value"] == "2025-06-06" and d["weekday_consistent"] is False


def test_today_is_not_a_body_date(processor):
    res = run(processor, "Polisi hari ini memeriksa dua saksi; kemarin mereka menangkap pelaku.")
    values = {x["value"] for x in res.dates if x["kind"] != "publication"}
    assert values == {"2025-06-15"}


def test_names_keep_putra_and_putri_but_not_a_leading_role(processor):
    res = run(processor, "Kapolsek Nusa Penida AKP Ida Bagus Putra Wirawan hadir. Pengemudi Moh Fadli (26) selamat. "
                         "Warga bernama I Made Surya melapor.")
    names = {r["name"] for r in res.people}
    assert {"Ida Bagus Putra Wirawan", "Moh Fadli", "I Made Surya"} <= names


def test_acronym_does_not_open_a_name(processor):
    res = run(processor, "Kepala desa itu mendukung caleg DPR RI PKB Ahmad Fauzi dengan foto empat jari.")
    assert not any((r["name"] or "").startswith(("Dpr", "DPR")) for r in res.people)


def places_of(res):
    return {(p["name"], p["level"]): p for p in res.places}


def test_comma_chain_of_parents(processor):
    res = run(processor, "Vila itu berada di Desa Munggu, Mengwi, Badung. Kecelakaan terjadi di Kecamatan Sukawati, Gianyar, Bali.")
    got = places_of(res)
    assert got[("Munggu", "desa")]["region_code"] == "51.03.02.2001"
    assert ("Mengwi", "kecamatan") in got and ("Mengwi", "desa") not in got
    assert ("Gianyar", "kecamatan") not in got and ("Sukawati", "kecamatan") in got


def test_abbreviation_in_parentheses_is_the_same_place(processor):
    res = run(processor, "Korban berasal dari Banyuwangi, Jawa Timur (Jatim).")
    got = places_of(res)
    assert ("Jawa Timur", "provinsi") in got and ("Jatim", "provinsi") not in got


def test_places_inside_outlet_or_police_names_are_not_places(processor):
    res = run(processor, "Hal itu disampaikan Joko, dilansir detikJabar. Kapolda Jateng meninjau lokasi.")
    assert not places_of(res)


def test_civilian_office_takes_no_rank(processor):
    res = run(processor, "Didampingi Danramil Plaosan dan Camat Plaosan, Letkol Inf Bayu Prakoso mendatangi TPS.")
    by_name = {r["name"]: r for r in officials(res)}
    assert by_name["Bayu Prakoso"]["position"] is None and by_name["Bayu Prakoso"]["rank"] == "Letkol Inf"
    assert any(r["position"] == "Camat" and r["name"] is None for r in officials(res))


def test_abbreviation_inside_office_is_dropped_from_position(processor):
    res = run(processor, 'Hal itu disampaikan Kepala Seksi (Kasi) Humas Polres Metro Tangerang Kota, AKP Budi Santosa.')
    (r,) = officials(res)
    assert (r["position"], r["unit"], r["name"]) == ("Kepala Seksi Humas", "Metro Tangerang Kota", "Budi Santosa")


def test_bare_ancestors_after_a_place(processor):
    res = run(processor, "Musrenbang digelar di Kecamatan Karang Jaya Muratara pekan ini. Kota Bandung dan Bandung "
                         "sama-sama disebut warga.")
    got = places_of(res)
    assert got[("Muratara", "kabupaten")]["region_code"] == "16.13"
    assert got[("Karang Jaya", "kecamatan")]["region_code"] == "16.13.06"


def test_bare_regency_takes_the_level_the_article_states(processor):
    res = run(processor, "BANDUNG - Polisi menggerebek rumah di Kelurahan Malabar, Kecamatan Lengkong, Kota Bandung.")
    got = places_of(res)
    assert ("Bandung", "kota") in got and ("Bandung", "kabupaten") not in got


def test_office_linked_to_the_sentence_subject(processor):
    res = run(processor, "Korban bernama Suwarno (61) warga Desa Kedunggalar. Selain menjabat sebagai Ketua DPC "
                         "Gerindra Ngawi, Suwarno juga menjabat sebagai Wakil Ketua DPRD Ngawi.")
    (r,) = officials(res)
    assert (r["name"], r["position"], r["unit"]) == ("Suwarno", "Wakil Ketua DPRD", "Ngawi")


def test_coordinated_offices_share_the_unit(processor):
    res = run(processor, "Jaksa juga memeriksa Sekretaris Desa dan Kaur Pembangunan Desa Salabulan pekan lalu.")
    units = {r["position"]: r["unit"] for r in officials(res)}
    assert units == {"Sekretaris Desa": "Salabulan", "Kaur Pembangunan": "Salabulan"}


def test_region_alias_as_unit(processor):
    res = run(processor, '"Kami siap bekerja sama dengan siapa saja," ujar Wakil Gubernur Jakarta kemarin.')
    assert [(r["position"], r["unit"]) for r in officials(res)] == [("Wakil Gubernur", "Jakarta")]


def test_unnamed_speaker_described_by_a_role(processor):
    res = run(processor, '"Kondisinya sudah membaik sejak kemarin pagi," kata salah seorang polisi jaga yang enggan '
                         'disebut namanya.\n\n"Kami hanya mengawal saja di rumah sakit ini," ujarnya.')
    direct = [q for q in res.quotes if q["kind"] == "direct"]
    assert [q["speaker"] for q in direct] == ["polisi jaga", "polisi jaga"]
    assert not res.people


def test_office_inside_an_organisation_name(processor):
    res = run(processor, "Alim merupakan Ketua Asosiasi Kepala Desa (AKD) Kabupaten Pasuruan yang aktif.")
    assert not [r for r in officials(res) if r["position"] == "Kepala Desa"]


def test_glued_function_word_split_only_when_the_name_stands_alone(processor):
    res = run(processor, "Artis Nikita Mirzani hadir. Pengacara Nikita Mirzanidan dokter itu berdebat saat Ramadan.")
    assert "Mirzani dan dokter" in res.article["text"] and "Ramadan" in res.article["text"]


def test_role_words_after_a_name(processor):
    res = run(processor, "Joko Sutoyo ayah Farel Prayoga tak hadir. Saham Graha Andrasentra anak perusahaan itu naik.")
    names = {r["name"] for r in res.people}
    assert "Joko Sutoyo" in names and not any("Graha" in (n or "") for n in names)


def test_unnamed_offices_in_an_attendance_list_are_officials(processor):
    res = run(processor, "Kegiatan dihadiri Waka Polsek Densel AKP Made Sutama didampingi Kanit Intelkam, Kanit Samapta "
                         "dan Bhabinkamtibmas Kelurahan Panjer. Masa jabatan Kepala Desa diatur undang-undang.")
    positions = {r["position"] for r in officials(res)}
    assert {"Kanit Intelkam", "Kanit Samapta", "Bhabinkamtibmas"} <= positions and "Kepala Desa" not in positions


def test_offices_in_a_list_do_not_take_the_focus(processor):
    res = run(processor, "Ketua Bawaslu Kabupaten Pasuruan Arie Santoso mengatakan temuan itu sudah dicatat. Panitia "
                         "menemukan unggahan Kades Kluwut, Kades Jatigunting dan Kades Karangsono. \"Semua unggahan "
                         "sudah kami simpan sebagai bukti,\" ujarnya.")
    direct = [q for q in res.quotes if q["kind"] == "direct"]
    assert direct[0]["speaker_name"] == "Arie Santoso"


def test_honorific_short_name_takes_the_full_name_written_elsewhere(processor):
    res = run(processor, "Gubernur maju bersama wakilnya saat ini Emil Santosa Wirawan. \"Saya dan Pak Emil akan maju "
                         "kembali dalam pemilihan tahun ini,\" ucapnya.")
    names = {r["name"] for r in res.people}
    assert "Emil Santosa Wirawan" in names and "Emil" not in names


def test_a_one_off_misspelling_takes_the_spelling_the_article_uses_most(processor):
    res = run(processor, "Bupati Klaten Sulistyowati Wirahadi meresmikan pasar. \"Pasar ini untuk semua pedagang kecil,\" "
                         "kata Sulistiyowati.\n\n\"Kami jaga kebersihannya bersama,\" tambah Sulistiyowati.")
    names = {r["name"] for r in res.people}
    assert names == {"Sulistiyowati Wirahadi"}
    assert {q["speaker_name"] for q in res.quotes if q["kind"] == "direct"} == {"Sulistiyowati Wirahadi"}


def test_two_people_one_letter_apart_keep_their_names(processor):
    res = run(processor, "Warga bernama Susanto Wibowo dan istrinya Susanti Rahayu melapor. Susanti Rahayu menangis, "
                         "Susanti Rahayu tak bicara.")
    names = {r["name"] for r in res.people}
    assert "Susanto Wibowo" in names and "Susanti Rahayu" in names


def test_a_word_of_an_organisation_name_does_not_extend_a_speaker_name(processor):
    from pipeline.resolve.people import fullest_name

    text = ("Manajer humas PT Kereta Commuter Rani Susilo menyebut kereta rusak. Penumpang pindah ke Commuter "
            "Line berikutnya. \"Semua penumpang sudah kami pindahkan,\" jelas Rani.")
    assert fullest_name(text, ["Rani"], processor.lx, processor.gz) == ["Rani", "Susilo"]
    alone = "Manajer humas itu, Rani Susilo, menyebut kereta rusak. \"Semua aman,\" jelas Rani."
    assert fullest_name(alone, ["Susilo"], processor.lx, processor.gz) == ["Rani", "Susilo"]


def test_speaker_named_right_after_the_quote_without_a_verb(processor):
    res = run(processor, "Polisi menangkap 20 orang di lokasi itu.\n\n\"Kami akan memproses mereka sesuai hukum yang ada,\" "
                         "Kabid Humas Polda Jabar, Kombes Pol Rudi Hartanto dalam keterangan pers.")
    direct = [q for q in res.quotes if q["kind"] == "direct"]
    assert direct[0]["speaker_name"] == "Rudi Hartanto"


def test_menurutnya_is_reported_speech_of_the_person_in_focus(processor):
    res = run(processor, "Persiapan itu dibenarkan Dandim 0415/Batanghari Letkol Inf Bambang Wirawan.\n\n"
                         "Menurutnya, upacara pembukaan akan dipimpin langsung oleh Bupati Batanghari Dedi Sunarto.\n\n"
                         "\"Kami sudah mengirim surat permohonan kepada beliau,\" ujarnya.")
    ind = [q for q in res.quotes if q["kind"] == "indirect"]
    assert ind and ind[0]["text"].startswith("upacara pembukaan") and ind[0]["speaker_name"] == "Bambang Wirawan"
    direct = [q for q in res.quotes if q["kind"] == "direct"]
    assert direct[0]["speaker_name"] == "Bambang Wirawan"  # the Bupati named inside the reported speech is not in focus


def test_cabinet_title_acronym_is_an_office(processor):
    res = run(processor, "Rapat itu dipimpin Mendagri Bambang Sutrisno di Jakarta.")
    assert [(r["name"], r["position"]) for r in officials(res)] == [("Bambang Sutrisno", "Mendagri")]


def test_pihaknya_returns_the_focus_to_the_last_speaker(processor):
    res = run(processor, "Ketua Bawaslu Kabupaten Pasuruan Arie Santoso mengatakan temuan itu sudah dicatat. Bawaslu juga "
                         "menemukan warga bernama Moch Rahmat yang melakukan hal serupa. Rahmat merupakan pengurus "
                         "paguyuban. Untuk mendalami temuan itu pihaknya telah memanggil panitia. \"Ancamannya pidana "
                         "penjara satu tahun,\" pungkasnya.")
    direct = [q for q in res.quotes if q["kind"] == "direct"]
    assert direct[0]["speaker_name"] == "Arie Santoso"


def test_the_dead_do_not_take_the_focus(processor):
    res = run(processor, "Kabid Humas Polda Bali, Kombes Made Sutama, membenarkan kejadian itu. Polisi juga menunggu "
                         "hasil autopsi dari jenazah Rudi Hartono (33).\n\n\"Kami masih menunggu keterangan dokter,\" katanya.")
    direct = [q for q in res.quotes if q["kind"] == "direct"]
    assert direct[0]["speaker_name"] == "Made Sutama"


def test_date_ranges_typo_years_and_kemarin_after_a_date(processor):
    from pipeline.models import RawRecord
    text = ("TITLE: t\nDATE: Senin, 16 Jun 2025 10:00 WIB\n\nArus mudik memuncak pada 7-10 Juni 2025. Menurut "
            "Healthline, Jumat (13/6/205), vitamin C membantu kulit. Rencana itu diumumkan pada Januari 2025 kemarin.")
    dates = {(d["value"], d["rule_id"]) for d in processor.process(RawRecord("t.txt", "txt", text)).dates}
    values = {v for v, _r in dates}
    assert {"2025-06-07", "2025-06-10", "2025-06-13"} <= values
    assert "2025-06-15" not in values  # "Januari 2025 kemarin" is last January, not yesterday
