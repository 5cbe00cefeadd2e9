//! Evidence for citation extraction and resolution: a labelled set built from VNTC
//! articles (read by path from `../shared/data/vntc`, skipped with a visible SKIP line
//! when absent) and from sentences written for this test, resolved against the sample
//! registry (`data/documents.jsonl`) plus `tests/data/documents_eval.jsonl` (the
//! documents the labelled VNTC articles cite, and look-alikes: the same number in
//! another year or at another agency).
//!
//! Labels: every numbered official document an article's body cites (công văn, quyết
//! định, nghị định, chỉ thị, thông báo, tờ trình, kế hoạch, nghị quyết, luật, pháp
//! lệnh, báo cáo); contracts, licences, certificates, customs declarations, maps,
//! judgements, court protests, indictments, investigation conclusions and task forces
//! named after a decree ("Đoàn kiểm tra liên ngành 814/TTg") are not citations. The gold
//! resolution is the registry entry a careful reader would link, or none when the
//! document is not registered, or when the citation states no year (numbers restart
//! every year: "Nghị định 24/CP" alone names no one decree), or its date contradicts its
//! symbol's year, or it fits several entries.
//!
//! Every miss is listed in `EXPECTED_MISSES` with its reason; the test fails when the
//! misses change, in either direction. The targets (resolution precision ≥ 0.98, recall
//! ≥ 0.95) are asserted on the development set, on which the finder's and the
//! resolver's fixes were made: own sentences, the 304 VNTC articles in `VNTC` and
//! `VNTC_SECOND` to `VNTC_SEVENTH` and the 75 Báo Mới titles and leads in
//! `BAOMOI_FIRST` (each batch after the first was drawn as a held-out set, scored once,
//! and became development data when its misses were worked on; development figures:
//! resolution precision 1.000, recall 0.963, 234 of 243). The held-out batch
//! (`BAOMOI_HELD_OUT_2`, the next 85 Báo Mới records by the same rule) is scored and
//! printed apart, and with the development set as a combined figure; its misses are
//! explained like the others. Scored once, after the labels were committed: resolution
//! precision 1.000 and recall 0.954 (62 of 65 registered citations), extraction
//! precision 1.000 and recall 0.958 (92 of 96 citations). Its misses: a look-alike
//! registered by mistake with the cited symbol itself, an abbreviation not known (Bộ
//! GTVT), a date behind a symbol written with a second slash ("2002/QĐ/TTg ngày …"),
//! and dashed symbols without a slash ("Quyết định số 130-CP"), which state no year.
//!
//! Run: `cargo test --test it document_eval:: -- --nocapture` (prints the figures).

use std::collections::{BTreeSet, HashMap};
use std::io::BufRead;

use tintuc::document::{cited_in, read_documents, sample_documents, Registry, Symbol};

/// A labelled citation: the symbol as written and the registry id it must resolve to.
type Gold = (&'static str, Option<&'static str>);

mod dev;
mod dev_later;
mod dev_recent;
mod held_out;

use dev::{VNTC, VNTC_SECOND, VNTC_THIRD};
use dev_later::{VNTC_FIFTH, VNTC_FOURTH, VNTC_SIXTH};
use dev_recent::{BAOMOI_FIRST, VNTC_SEVENTH};
use held_out::BAOMOI_HELD_OUT_2;

const OWN: &[(&str, &str, &[Gold])] = &[
    ("o1", "Thực hiện Kế hoạch số 08/KH-UBND ngày 22/01/2018 của UBND tỉnh Sóc Trăng về tổ chức hoạt động thi đua", &[("08/KH-UBND", Some("ubnd-st-2018-kh-08"))]),
    ("o1-nfd", "NFD", &[("08/KH-UBND", Some("ubnd-st-2018-kh-08"))]),
    ("o1-tcvn3", "T1", &[("08/KH-UBND", Some("ubnd-st-2018-kh-08"))]),
    ("o4", "Theo KH số 08/KH-UBND ngày 18-01-2019 của UBND tỉnh Sóc Trăng.", &[("08/KH-UBND", Some("ubnd-st-2019-kh-08"))]),
    ("o5", "Các đơn vị triển khai Kế hoạch 08/2018/KH-UBND về thi đua.", &[("08/2018/KH-UBND", None)]),
    ("o6", "Kế hoạch số 08/KH-UBND ngày 05/02/2018 của Ủy ban nhân dân tỉnh Bạc Liêu", &[("08/KH-UBND", Some("eval-bl-2018-kh-08"))]),
    ("o7", "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư", &[("30/2020/NĐ-CP", Some("eval-cp-2020-nd-30"))]),
    ("o7-tcvn3", "T2", &[("30/2020/NĐ-CP", Some("eval-cp-2020-nd-30"))]),
    ("o9", "Nghị định 30/2020/NÐ-CP quy định thể thức văn bản.", &[("30/2020/NĐ-CP", Some("eval-cp-2020-nd-30"))]),
    ("o10", "Quyết định số 1234/QĐ-UBND ngày 22 tháng 01 năm 2018 của UBND tỉnh Sóc Trăng về quy chế", &[("1234/QĐ-UBND", Some("eval-st-2018-qd-1234"))]),
    ("o11", "Quyết định số 1234/QĐ-UBND ngày 03/8/2017 về việc giao chỉ tiêu", &[("1234/QĐ-UBND", Some("eval-st-2017-qd-1234"))]),
    ("o12", "Quyết định số 1234/QĐ-UBND ngày 22/01/2018 của UBND tỉnh Bạc Liêu về quy chế", &[("1234/QĐ-UBND", None)]),
    ("o13", "Thực hiện Quyết định số 1234/QĐ-UBND, các sở ngành báo cáo.", &[("1234/QĐ-UBND", None)]),
    ("o14", "Thực hiện Kế hoạch số 16/KH-KTĐ ngày 26/2/2018 về phát động thi đua", &[("16/KH-KTĐ", Some("ktd1-st-2018-kh-16"))]),
    ("o15-tcvn3", "T3", &[("01/CT-VKSTC", Some("vkstc-2018-ct-01"))]),
    ("o16", "Chỉ thị số 01/CT-VKSTC ngày 06-01-2017 của Viện trưởng Viện kiểm sát nhân dân tối cao về công tác năm 2017", &[("01/CT-VKSTC", Some("vkstc-2017-ct-01"))]),
    ("o17", "Nghị quyết số 20/NQ-HĐND ngày 08/12/2017 của HĐND tỉnh Sóc Trăng về nhiệm vụ năm 2018", &[("20/NQ-HĐND", Some("eval-st-2017-nq-20"))]),
    ("o18", "Kế hoạch số 21/KH-VKS ngày 27/4/2018 của VKSND tỉnh Sóc Trăng và Kế hoạch số 08/KH-VKS ngày 14/01/2019 của VKSND huyện Cù Lao Dung", &[("21/KH-VKS", Some("vks-st-2018-kh-21")), ("08/KH-VKS", Some("eval-vksnd-2019-kh-08"))]),
    ("o19", "theo Luật Thi hành án hình sự số 53/2010/QH12 và Nghị định 91/2017/NĐ-CP", &[("53/2010/QH12", Some("qh-2010-luat-53")), ("91/2017/NĐ-CP", Some("cp-2017-nd-91"))]),
    ("o20", "Quán triệt Nghị quyết số 49-NQ/TW ngày 02/6/2005 của Bộ Chính trị về chiến lược cải cách tư pháp", &[("49-NQ/TW", Some("bct-2005-nq-49"))]),
    ("o21", "Thông tư liên tịch số 01/2017/TTLT-BCA-BQP-BTC-BNN&PTNT-VKSNDTC ngày 29/12/2017 quy định việc phối hợp", &[("01/2017/TTLT-BCA-BQP-BTC-BNN&PTNT-VKSNDTC", Some("ttlt-2017-01"))]),
    ("o22", "Nhà số 712/A6 Lê Hồng Phong; phần mềm chạy trên Windows 98/Me; hợp đồng số 297/HĐKT/2003.", &[]),
    // Grades and a sentence run on after a dotted code are no symbols; a year after the
    // codes needs the words to name a kind.
    ("o23", "Căn hộ diện 2/IV và nhà cấp 3/II; mã hồ sơ 12/B/2004 lưu tại phường.", &[]),
    ("o24", "Theo Nghị định 121/NĐ/2004 của Chính phủ và công văn 81/CV.UB-93, công văn 381/UB.Theo đó", &[("121/NĐ/2004", Some("h4-cp-2004-nd-121")), ("81/CV.UB-93", None), ("381/UB", None)]),
    ("o25", "Quyết định 356/QĐ-TTg ngày 28/4/2005 của Thủ tướng về Đề án 322", &[("356/QĐ-TTg", Some("h4-ttg-2005-qd-356"))]),
    ("o26", "Quyết định 356/QĐ-TTg ngày 28/4/2005 của Thủ tướng Lào về hợp tác", &[("356/QĐ-TTg", None)]),
    ("o27", "Nghị định 42/NĐ-CP (ban hành ngày 16.7.1997) về quản lý", &[("42/NĐ-CP", None)]),
    ("o28", "Nghị định 121/NĐ/2005 về xử phạt và Quyết định 121/QĐ/2004", &[("121/NĐ/2005", None), ("121/QĐ/2004", None)]),
    // A year written without a full date: after the number or the issuer, or a month.
    ("o29", "Quyết định số 1234/QĐ-UBND năm 2017 của UBND tỉnh Sóc Trăng về chỉ tiêu", &[("1234/QĐ-UBND", Some("eval-st-2017-qd-1234"))]),
    ("o30", "Quyết định số 1234/QĐ-UBND của UBND tỉnh Sóc Trăng năm 2016 về chỉ tiêu", &[("1234/QĐ-UBND", None)]),
    ("o31", "Quyết định số 1234/QĐ-UBND về việc giao chỉ tiêu năm 2017", &[("1234/QĐ-UBND", None)]),
];

/// Misses, each with its reason: (text id, symbol, what went wrong and why).
const EXPECTED_MISSES: &[(&str, &str, &str)] = &[
    ("vntc-train-XH_NLD_(3752)", "40-CT/T.Ư", "third batch, extraction: \"40-CT/ T.Ư\": a space after the slash and a dotted T.Ư (trung ương) are not read as a symbol; it states no year, so it would resolve to nothing anyway"),
    ("vntc-train-XH_NLD_(3989)", "392/NHNo-TD", "third batch, extraction: the type code \"NHNo\" (Ngân hàng Nông nghiệp) is mixed case and no kind word stands before \"văn bản số\", so the plausibility rule drops it; it states no year"),
    ("vntc-train-XH_NLD_(4360)", "150/2004/QĐ-UB -> none", "third batch, resolution: the issuer is written \"UBND TP\" (the city is known from the article only), which names no registered body"),
    ("vntc-train-XH_NLD_(4745)", "141/TTg-CN", "fourth batch, extraction: a telegram (\"công điện số 141/TTg-CN\"): công điện is no known kind and the type code TTg has a lower-case letter, so the plausibility rule drops it; it states no year"),
    ("vntc-train-XH_NLD_(4990)", "02/2006/CT-UBND -> none", "fourth batch, resolution: the issuer is written \"UBND TP\" (the city is known from the article only), as 150/2004/QĐ-UB"),
    ("vntc-train-XH_TN_(1452)", "66/TT-UB -> none", "fourth batch, resolution: \"Thông báo 66/TT-UB\": TT reads as a circular's type code and outranks the words, so the kind conflicts with the registered notice; the issuer \"UBND Q.1\" (quận 1) is no registered name either"),
    ("vntc-train-XH_TN_(1498)", "152/CP -> none", "fourth batch, resolution: the date comes after a clause (\"NĐ 152/CP về việc xử phạt …, ngày 15.12.2005 của Chính phủ\"), so no year is read; the symbol also leaves out the year and NĐ of 152/2005/NĐ-CP"),
    ("vntc-train-XH_TT_(2197)", "496/GD-ĐT-KT -> none", "fifth batch, resolution: the issuer, written in lower case (\"của Sở giáo dục và đào tạo\"), is cut after \"giáo\"; written in full it still names no city, and the registered Sở is TPHCM's"),
    ("vntc-train-XH_VNE_(379)", "42/HLN-SB", "sixth batch, extraction: a record of an offence (\"biên vi phạm hành chính về hải quan số 42/HLN-SB\", \"bản\" left out): records are no known non-document word"),
    ("baomoi-21347407", "3017/CT-TTr -> none", "Báo Mới first batch, resolution: the Cục Thuế's office code CT reads as a directive's type code and outranks the words \"công văn số\", so the kind conflicts with the registered official letter"),
    ("baomoi-21538324", "03/2017/QĐ-UBND -> none", "Báo Mới first batch, resolution: the body (\"Chủ tịch UBND TP Hà Nội … đã ký ban hành\") is named before the number, where no issuer is read, so Hà Nội's and Quảng Ninh's 03/2017/QĐ-UBND both fit"),
    ("baomoi-24431390", "2082/QĐ-TTg -> none", "Báo Mới first batch, resolution: the year is stated in the decision's title (\"xếp hạng di tích quốc gia đặc biệt (đợt 8), năm 2017\"), which the year reading does not look into"),
    ("baomoi-24492774", "2090/QĐ-TTg -> none", "Báo Mới first batch, resolution: as 2082/QĐ-TTg, the year is in the title (\"(đợt 6), năm 2017\"); the date (\"Ngày 25/12/2017\") stands before the number"),
    ("baomoi-22286516", "100/2015/NĐ-CP -> none", "third held-out, resolution: a registry error made when the batch was labelled: the look-alike written for 100/2016/NĐ-CP (b2x-cp-2015-nd-100, the same number a year before) is 100/2015/NĐ-CP of the Chính phủ, the very symbol the article cites, so two entries fit"),
    ("baomoi-22370537", "12/2017/TT-BGTVT -> none", "third held-out, resolution: the issuer is written \"Bộ GTVT\"; GTVT is no known abbreviation, so it does not name the registered \"Bộ Giao thông vận tải\""),
    ("baomoi-22788379", "2002/QĐ/TTg -> none", "third held-out, resolution: \"2002/QĐ/TTg ngày 10/11/2011 của Thủ tướng\": the finder stops at the second slash; the date and issuer are looked for behind \"2002/QĐ\" before \"/TTg\" is joined, so neither is read and no year is stated"),
    ("baomoi-22908202", "111-HĐBT", "third held-out, extraction: \"Quyết định số 111-HĐBT\": a number and a code joined by a dash with no slash is no shape the finder reads; it states no year"),
    ("baomoi-22908202", "130-CP", "third held-out, extraction: \"Quyết định số 130-CP\", as 111-HĐBT"),
    ("baomoi-23070437", "111-HĐBT", "third held-out, extraction: as in baomoi-22908202 (the same lead under another title)"),
    ("baomoi-23070437", "130-CP", "third held-out, extraction: as in baomoi-22908202"),
    ("vntc-train-KH_VNE_(291)", "300/MERMER", "seventh batch, extraction: a brain wave (\"P 300/MERMER\"): a number and a code of capitals, the shape of a symbol"),
    ("vntc-train-PL_NLD_(3908)", "1735-QĐ/TW", "seventh batch, extraction: \"Quyết định số 1735 - QĐ/TW\": a party-form symbol with a spaced dash is not read; it states no year, so it would resolve to nothing anyway"),
    ("vntc-train-SK_TN_(2981)", "0175/PVKN", "seventh batch, extraction: a laboratory report (\"phiếu kiểm nghiệm số 0175/PVKN\"): \"phiếu kiểm nghiệm\" is no known non-document word"),
    ("vntc-train-SK_VNE_(105)", "45/XO", "seventh batch, extraction: a chromosome formula (\"nhiễm sắc thể 45/XO\")"),
    ("vntc-train-VH_TN_(3622)", "22/HĐ-BD", "seventh batch, extraction: a contract abbreviated \"HĐ số 22/HĐ-BD\"; only the words \"hợp đồng\" are known as a contract"),
    ("vntc-train-VH_VNE_(570)", "31/CV", "seventh batch, extraction: a company's statement (\"bản tường trình số 31/CV-2004\"), read as 31/CV: \"tường trình\" is no known non-document word"),
    ("vntc-train-VT_TT_(2472)", "01-06/QĐHNB", "seventh batch, extraction: \"Quyết định số 01-06/QĐHNB\" of the journalists' association: a dashed number is read as the tail of another (\"06/QĐHNB\") and dropped; no registered symbol has its shape"),
];

fn key(number: &str) -> String {
    match Symbol::new(number) {
        Ok(s) => format!("{}#{:?}", s.key(), s.year()),
        Err(_) => number.to_string(),
    }
}

#[derive(Default)]
struct Score {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Score {
    fn precision(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fp).max(1) as f64
    }
    fn recall(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fn_).max(1) as f64
    }
}

fn registry() -> Registry {
    let mut docs = sample_documents().unwrap();
    let extra = std::fs::File::open("tests/data/documents_eval.jsonl").unwrap();
    let report = read_documents(std::io::BufReader::new(extra)).unwrap();
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    docs.extend(report.documents);
    Registry::new(docs).unwrap()
}

/// Scores one text; pushes (id, symbol, description) for every miss.
fn score(
    registry: &Registry,
    id: &str,
    text: &str,
    gold: &[Gold],
    extraction: &mut Score,
    resolution: &mut Score,
    misses: &mut BTreeSet<(String, String)>,
) {
    let found = cited_in(text);
    let mut by_key: HashMap<String, &tintuc::model::CitedDocument> = HashMap::new();
    for d in &found {
        by_key.insert(key(&d.number), d);
    }
    let gold_keys: BTreeSet<String> = gold.iter().map(|(n, _)| key(n)).collect();
    for d in &found {
        if !gold_keys.contains(&key(&d.number)) {
            extraction.fp += 1;
            misses.insert((id.to_string(), d.number.clone()));
            if let Some(doc) = registry.resolve(d).document() {
                resolution.fp += 1;
                panic!(
                    "{id}: {} is no citation but resolved to {}",
                    d.number, doc.id
                );
            }
        }
    }
    for (number, want) in gold {
        let got = by_key.get(&key(number));
        match got {
            Some(_) => extraction.tp += 1,
            None => {
                extraction.fn_ += 1;
                misses.insert((id.to_string(), number.to_string()));
            }
        }
        let resolved = got
            .and_then(|d| registry.resolve(d).document())
            .map(|d| d.id.as_str());
        match (want, resolved) {
            (Some(w), Some(r)) if *w == r => resolution.tp += 1,
            (Some(_), Some(r)) => {
                resolution.fp += 1;
                resolution.fn_ += 1;
                misses.insert((id.to_string(), format!("{number} -> {r}")));
            }
            (Some(_), None) => {
                resolution.fn_ += 1;
                misses.insert((id.to_string(), format!("{number} -> none")));
            }
            (None, Some(r)) => {
                resolution.fp += 1;
                misses.insert((id.to_string(), format!("{number} -> {r}")));
            }
            (None, None) => {}
        }
    }
}

fn own_text(id: &str, text: &str) -> String {
    match text {
        "NFD" => {
            let (_, clean, _) = OWN.iter().find(|(i, _, _)| *i == &id[..id.len() - 4]).unwrap();
            unicode_normalization::UnicodeNormalization::nfd(*clean).collect()
        }
        "T1" => "Th\u{f9}c hi\u{d6}n K\u{d5} ho\u{b9}ch s\u{e8} 08/KH-UBND ng\u{b5}y 22/01/2018 c\u{f1}a UBND t\u{d8}nh S\u{e3}c Tr\u{a8}ng v\u{d2} t\u{e6} ch\u{f8}c ho\u{b9}t \u{ae}\u{e9}ng thi \u{ae}ua".to_string(),
        "T2" => "C\u{a8}n c\u{f8} Ngh\u{de} \u{ae}\u{de}nh s\u{e8} 30/2020/N\u{a7}-CP ng\u{b5}y 05/3/2020 c\u{f1}a Ch\u{dd}nh ph\u{f1} v\u{d2} c\u{ab}ng t\u{b8}c v\u{a8}n th\u{ad}".to_string(),
        "T3" => "Th\u{f9}c hi\u{d6}n Ch\u{d8} th\u{de} s\u{e8} 01/CT-VKSTC ng\u{b5}y 10/01/2018 c\u{f1}a Vi\u{d6}n tr\u{ad}\u{eb}ng VKSND t\u{e8}i cao v\u{d2} c\u{ab}ng t\u{b8}c ki\u{d3}m s\u{b8}t".to_string(),
        t => t.to_string(),
    }
}

#[test]
fn extraction_and_resolution_on_the_labelled_set() {
    let registry = registry();
    let mut extraction = Score::default();
    let mut resolution = Score::default();
    let mut misses = BTreeSet::new();
    for (id, text, gold) in OWN {
        let text = own_text(id, text);
        score(
            &registry,
            id,
            &text,
            gold,
            &mut extraction,
            &mut resolution,
            &mut misses,
        );
    }
    let own = (extraction.tp, resolution.tp);
    let path = std::path::Path::new("../shared/data/vntc/vntc_train.jsonl.gz");
    let vntc_batches: [&[(&str, &[Gold])]; 7] = [
        VNTC,
        VNTC_SECOND,
        VNTC_THIRD,
        VNTC_FOURTH,
        VNTC_FIFTH,
        VNTC_SIXTH,
        VNTC_SEVENTH,
    ];
    let vntc_labelled: usize = vntc_batches.iter().map(|b| b.len()).sum();
    let mut vntc_texts = 0;
    if path.exists() {
        let wanted: HashMap<&str, &[Gold]> = vntc_batches
            .iter()
            .flat_map(|b| b.iter())
            .copied()
            .collect();
        let out = std::process::Command::new("gzip")
            .arg("-dc")
            .arg(path)
            .output()
            .expect("gzip runs");
        for line in out.stdout.lines() {
            let line = line.unwrap();
            let v: serde_json::Value = serde_json::from_str(&line).unwrap();
            let id = v["id"].as_str().unwrap_or_default();
            if let Some(gold) = wanted.get(id) {
                let body = v["body"].as_str().unwrap_or_default();
                score(
                    &registry,
                    id,
                    body,
                    gold,
                    &mut extraction,
                    &mut resolution,
                    &mut misses,
                );
                vntc_texts += 1;
            }
        }
        assert_eq!(
            vntc_texts, vntc_labelled,
            "labelled VNTC articles not all found"
        );
    } else {
        println!(
            "SKIP VNTC part of document_eval: {} not found",
            path.display()
        );
    }
    let mut bm_extraction = Score::default();
    let mut bm_resolution = Score::default();
    let baomoi = std::path::Path::new("../shared/data/baomoi/tc201805_baomoi.jsonl.gz");
    let mut bm_texts = 0;
    if baomoi.exists() {
        let dev: HashMap<&str, &[Gold]> = BAOMOI_FIRST.iter().copied().collect();
        let held: HashMap<&str, &[Gold]> = BAOMOI_HELD_OUT_2.iter().copied().collect();
        let out = std::process::Command::new("gzip")
            .arg("-dc")
            .arg(baomoi)
            .output()
            .expect("gzip runs");
        for line in out.stdout.lines() {
            let line = line.unwrap();
            // Only the labelled records are parsed: `{"id": "baomoi-…", …`.
            let id = line
                .split('"')
                .nth(3)
                .filter(|id| dev.contains_key(id) || held.contains_key(id))
                .map(str::to_string);
            let Some(id) = id else { continue };
            let v: serde_json::Value = serde_json::from_str(&line).unwrap();
            if v["id"].as_str() != Some(id.as_str()) {
                continue;
            }
            let text = format!(
                "{}\n{}",
                v["title"].as_str().unwrap_or_default(),
                v["body"].as_str().unwrap_or_default()
            );
            let (gold, ex, re) = match dev.get(id.as_str()) {
                Some(gold) => (*gold, &mut extraction, &mut resolution),
                None => (held[id.as_str()], &mut bm_extraction, &mut bm_resolution),
            };
            score(&registry, &id, &text, gold, ex, re, &mut misses);
            bm_texts += 1;
        }
        assert_eq!(
            bm_texts,
            BAOMOI_FIRST.len() + BAOMOI_HELD_OUT_2.len(),
            "labelled Báo Mới records not all found"
        );
    } else {
        println!(
            "SKIP Báo Mới part of document_eval: {} not found",
            baomoi.display()
        );
    }
    println!(
        "development set: {} own texts, {} VNTC articles, {} Báo Mới records ({} own extraction / {} resolution true positives)",
        OWN.len(),
        vntc_texts,
        if bm_texts > 0 { BAOMOI_FIRST.len() } else { 0 },
        own.0,
        own.1
    );
    println!(
        "extraction: precision {:.3} recall {:.3} (tp {} fp {} fn {})",
        extraction.precision(),
        extraction.recall(),
        extraction.tp,
        extraction.fp,
        extraction.fn_
    );
    println!(
        "resolution: precision {:.3} recall {:.3} (tp {} fp {} fn {})",
        resolution.precision(),
        resolution.recall(),
        resolution.tp,
        resolution.fp,
        resolution.fn_
    );
    let mut all_extraction = Score::default();
    let mut all_resolution = Score::default();
    for (all, part) in [
        (&mut all_extraction, [&extraction, &bm_extraction]),
        (&mut all_resolution, [&resolution, &bm_resolution]),
    ] {
        for p in part {
            all.tp += p.tp;
            all.fp += p.fp;
            all.fn_ += p.fn_;
        }
    }
    println!(
        "combined (development + held out): extraction precision {:.3} recall {:.3}; resolution precision {:.3} recall {:.3} (tp {} fp {} fn {})",
        all_extraction.precision(),
        all_extraction.recall(),
        all_resolution.precision(),
        all_resolution.recall(),
        all_resolution.tp,
        all_resolution.fp,
        all_resolution.fn_
    );
    println!(
        "held-out Báo Mới, third ({} records): extraction precision {:.3} recall {:.3} (tp {} fp {} fn {}); resolution precision {:.3} recall {:.3} (tp {} fp {} fn {})",
        BAOMOI_HELD_OUT_2.len(),
        bm_extraction.precision(),
        bm_extraction.recall(),
        bm_extraction.tp,
        bm_extraction.fp,
        bm_extraction.fn_,
        bm_resolution.precision(),
        bm_resolution.recall(),
        bm_resolution.tp,
        bm_resolution.fp,
        bm_resolution.fn_
    );
    let expected: BTreeSet<(String, String)> = EXPECTED_MISSES
        .iter()
        .filter(|(id, _, _)| vntc_texts > 0 || !id.starts_with("vntc-"))
        .filter(|(id, _, _)| bm_texts > 0 || !id.starts_with("baomoi-"))
        .map(|(id, n, _)| (id.to_string(), n.to_string()))
        .collect();
    assert_eq!(
        misses, expected,
        "misses changed: explain them in EXPECTED_MISSES"
    );
    assert!(
        resolution.precision() >= 0.98,
        "resolution precision {}",
        resolution.precision()
    );
    assert!(
        resolution.recall() >= 0.95,
        "resolution recall {}",
        resolution.recall()
    );
}
