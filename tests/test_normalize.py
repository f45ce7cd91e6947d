from pipeline.normalize import compile_noise, normalize_text


def test_noise_quotes_and_offsets(rules):
    raw = ("Camat Lumbang hadir.\n\nADVERTISEMENT\n\n\u201cKami siap menjaga desa,\u201d ucapnya\u00a0kemarin.\n\n"
           "Baca Juga: Judul lain\n\nKapolres meminta warga agar tetap\n\nwaspada di rumah.")
    ot = normalize_text(raw, compile_noise(rules))
    assert "ADVERTISEMENT" not in ot.text and "Baca Juga" not in ot.text
    assert '"Kami siap menjaga desa," ucapnya kemarin.' in ot.text
    assert "agar tetap waspada di rumah." in ot.text  # paragraph broken mid-sentence joined
    i = ot.text.index("waspada")
    s, e = ot.raw_span(i, i + len("waspada"))
    assert raw[s:e] == "waspada"
    j = ot.text.index("Kami")
    assert raw[slice(*ot.raw_span(j, j + 4))] == "Kami"


def test_mojibake_repaired(rules):
    ot = normalize_text("Kerja sama dengan T\u00c3\u00bcrkiye.", compile_noise(rules))
    assert ot.text == "Kerja sama dengan T\u00fcrkiye."


def test_bare_baca_juga_keeps_the_paragraph_after_it(rules):
    # the scraper kept the "Baca Juga" label but not its headline: the next paragraph is the article
    raw = ("Warga Desa Sumberagung memanen padi lebih awal tahun ini.\n\nBaca Juga\n\n"
           "Awalnya, panen dijadwalkan pekan depan, kata Ketua Gapoktan Sumber Rejeki, Darmaji.")
    text = normalize_text(raw, compile_noise(rules)).text
    assert "Baca Juga" not in text
    assert "Awalnya, panen dijadwalkan pekan depan" in text


def test_baca_juga_headlines_dropped(rules):
    raw = ("Banjir merendam 40 rumah di Kecamatan Wonoasri.\n\nBaca juga:\n\n"
           "Bupati Sumarno Tinjau Jembatan Putus di Desa Kedunggalar\n\n"
           "Petugas BPBD masih berjaga di lokasi hingga malam.")
    text = normalize_text(raw, compile_noise(rules)).text
    assert "Sumarno" not in text
    assert "Petugas BPBD masih berjaga" in text and "Banjir merendam" in text


def test_numbered_headline_list_dropped_but_numbered_sections_kept(rules):
    raw = ("Berikut artikel terpopuler hari ini:\n\n1. Harga Cabai Rawit di Pasar Legi Tembus Rp 90 Ribu\n\n"
           "2. Kisah Suwarni, Penjual Jamu yang Naik Haji Setelah Menabung 20 Tahun\n\n"
           "3. Wali Kota Hendarto Resmikan Taman Baru di Tepi Sungai")
    text = normalize_text(raw, compile_noise(rules)).text
    assert "Suwarni" not in text and "Hendarto" not in text and "Harga Cabai" not in text
    listicle = ("Ada beberapa hal yang perlu dicek sebelum mudik.\n\n1. Kondisi Tapak Ban\n\n"
                "Jika tapak ban sudah menipis, grip ke jalan berkurang.\n\n2. Tekanan Angin\n\n"
                "Tekanan angin yang kurang membuat ban cepat panas.")
    text = normalize_text(listicle, compile_noise(rules)).text
    assert "1. Kondisi Tapak Ban" in text and "2. Tekanan Angin" in text


def test_byline_and_photo_credit_lines_dropped(rules):
    raw = ("Pasar Legi kembali dibuka setelah renovasi, kata Camat Sumberjo, Hadi Purnomo.\n\n"
           "Suasana Pasar Legi, Senin (2/6/2025). (Rizky Aditama/detikcom). Foto: Suasana Pasar Legi.\n\n"
           "Penulis: Larasati Wulandari\n\nEditor: Bagus Prakoso")
    text = normalize_text(raw, compile_noise(rules)).text
    assert "Hadi Purnomo" in text
    assert "Rizky Aditama" not in text and "Larasati" not in text and "Bagus Prakoso" not in text


def test_unnumbered_headlines_ending_the_text_dropped(rules):
    body = ("Kapolsek Wates AKP Suryanto mengajak warga menjaga keamanan menjelang pilkada serentak.\n\n"
            "Warga menyambut baik ajakan itu.")
    raw = (body + "\n\nPOLSEK WATES KAWAL KETAT LOGISTIK PILKADA 2024\n\n"
           "Gotong Royong, Polisi dan Warga Tangani Dampak Longsor di Sumberjo")
    text = normalize_text(raw, compile_noise(rules)).text
    assert "LOGISTIK" not in text and "Tangani" not in text
    assert "Warga menyambut baik ajakan itu." in text
    # one short closing line is no list of headlines, and a body of headlines is not dropped
    one = normalize_text(body + "\n\nSalam Kamtibmas", compile_noise(rules)).text
    assert "Salam Kamtibmas" in one
    only = normalize_text("Harga Cabai Naik\n\nWarga Mengeluh", compile_noise(rules)).text
    assert "Harga Cabai Naik" in only


def test_sentences_glued_where_a_paragraph_break_was_lost_get_their_space(rules):
    raw = ('"Warga menunggu sejak pagi," tuturnya.Pada kesempatan terpisah, camat datang. Sektor itu penting.'
           '"Kami akan terus menjaga komunikasi," kata Sari.\n\n"Kami siap," kata Budi.Lalu ia pergi. '
           'Lihat situs kompas.com atau Jl.Merdeka dan S.Pd.')
    ot = normalize_text(raw, compile_noise(rules))
    assert "tuturnya. Pada kesempatan" in ot.text
    assert 'penting. "Kami akan terus' in ot.text  # an opening quote: no quote mark before it in the paragraph
    assert "Budi. Lalu ia pergi" in ot.text
    assert "kompas.com" in ot.text and "Jl.Merdeka" in ot.text and "S.Pd." in ot.text
    ot2 = normalize_text('Ia bilang, "Kami siap membantu warga.Lalu pergi."Sesudah itu hujan.', compile_noise(rules))
    assert 'pergi." Sesudah itu' in ot2.text  # a closing quote: one quote mark before it
    i = ot.text.index("Pada kesempatan")
    assert raw[slice(*ot.raw_span(i, i + 4))] == "Pada"
