//! The generated tables (src/text/repair/tables.rs) agree with their sources: glibc's
//! charmaps and UniKey's TSV in ../shared/data/legacy. Checked through the public API,
//! one byte (or byte sequence) at a time.

use std::path::Path;

use tintuc::text::repair::{decode, Encoding, RepairError};

const DIR: &str = "../shared/data/legacy";

/// (bytes, code point) pairs of a glibc charmap.
fn charmap(name: &str) -> Option<Vec<(Vec<u8>, char)>> {
    let path = Path::new(DIR).join(name);
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("SKIP: {} not found", path.display());
        return None;
    };
    let mut out = Vec::new();
    for line in text.lines() {
        let Some(rest) = line.strip_prefix("<U") else {
            continue;
        };
        let Some((cp, rest)) = rest.split_once('>') else {
            continue;
        };
        let bytes: Vec<u8> = rest
            .split_whitespace()
            .next()
            .unwrap()
            .split("/x")
            .filter(|h| !h.is_empty())
            .map(|h| u8::from_str_radix(h, 16).unwrap())
            .collect();
        let c = char::from_u32(u32::from_str_radix(cp, 16).unwrap()).unwrap();
        out.push((bytes, c));
    }
    Some(out)
}

#[test]
fn tables_match_glibc_charmaps() {
    for (file, enc) in [
        ("glibc_TCVN5712-1.charmap", Encoding::Tcvn3),
        ("glibc_VISCII.charmap", Encoding::Viscii),
        ("glibc_CP1258.charmap", Encoding::Cp1258),
    ] {
        let Some(map) = charmap(file) else { continue };
        let mut defined = [false; 256];
        for (bytes, c) in &map {
            if bytes.len() == 1 {
                defined[usize::from(bytes[0])] = true;
            }
            assert_eq!(
                decode(bytes, enc).unwrap(),
                c.to_string(),
                "{file}: {bytes:02x?}"
            );
        }
        for b in 0..=255u8 {
            if !defined[usize::from(b)] {
                assert!(
                    matches!(decode(&[b], enc), Err(RepairError::UndefinedByte { byte, .. }) if byte == b),
                    "{file}: byte {b:02x} is undefined in glibc"
                );
            }
        }
        println!("{file}: {} entries agree", map.len());
    }
}

#[test]
fn tables_match_unikey() {
    let path = Path::new(DIR).join("legacy_tables_unikey.tsv");
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("SKIP: {} not found", path.display());
        return;
    };
    let hex = |s: &str| -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    };
    let mut n = 0;
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        let letter = f[0];
        // ABC/TCVN3 has no upper-case toned letters: UniKey gives the lower-case code.
        let t = decode(&hex(f[3]), Encoding::Tcvn3).unwrap();
        assert!(
            t == letter || t == letter.to_lowercase(),
            "tcvn3 {letter}: {t}"
        );
        assert_eq!(
            decode(&hex(f[4]), Encoding::Vni).unwrap(),
            letter,
            "vni {letter}"
        );
        assert_eq!(
            decode(f[5].as_bytes(), Encoding::Viqr).unwrap(),
            letter,
            "viqr {letter}"
        );
        n += 1;
    }
    assert_eq!(n, 186);
    println!("UniKey: {n} letters agree in TCVN3, VNI and VIQR");
}
