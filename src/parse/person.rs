//! Who counts as the same person: a `from:` name folded to a key, so that
//! names which look identical (case, compatibility forms, invisible
//! characters) count once, and a check for names that mix scripts.

use unicode_normalization::UnicodeNormalization;
use unicode_security::MixedScript;

/// Default-ignorable code points (Unicode's `Default_Ignorable_Code_Point`):
/// invisible in a name, so never part of who someone is.
const DEFAULT_IGNORABLE: [(char, char); 17] = [
    ('\u{00AD}', '\u{00AD}'),
    ('\u{034F}', '\u{034F}'),
    ('\u{061C}', '\u{061C}'),
    ('\u{115F}', '\u{1160}'),
    ('\u{17B4}', '\u{17B5}'),
    ('\u{180B}', '\u{180F}'),
    ('\u{200B}', '\u{200F}'),
    ('\u{202A}', '\u{202E}'),
    ('\u{2060}', '\u{206F}'),
    ('\u{3164}', '\u{3164}'),
    ('\u{FE00}', '\u{FE0F}'),
    ('\u{FEFF}', '\u{FEFF}'),
    ('\u{FFA0}', '\u{FFA0}'),
    ('\u{FFF0}', '\u{FFF8}'),
    ('\u{1BCA0}', '\u{1BCA3}'),
    ('\u{1D173}', '\u{1D17A}'),
    ('\u{E0000}', '\u{E0FFF}'),
];

fn is_default_ignorable(c: char) -> bool {
    DEFAULT_IGNORABLE
        .iter()
        .any(|&(low, high)| (low..=high).contains(&c))
}

/// The key a `from:` name counts by: NFKC, default-ignorable code points
/// removed, case-folded (lowercase, with `ß` as `ss` and every sigma as `σ`),
/// whitespace runs as one space, trimmed.
pub fn key(name: &str) -> String {
    if name.is_ascii() {
        // NFKC leaves ASCII as it is and it holds nothing ignorable: most
        // names take this way, which costs one pass.
        return name
            .to_ascii_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
    }
    key_of_any(name)
}

/// [`key`] for any text, ASCII or not.
fn key_of_any(name: &str) -> String {
    let visible: String = name.chars().filter(|&c| !is_default_ignorable(c)).collect();
    let folded: String = visible
        .nfkc()
        .collect::<String>()
        .to_lowercase()
        .replace('ß', "ss")
        .replace('ς', "σ")
        .nfkc()
        .filter(|&c| !is_default_ignorable(c))
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a name mixes letters of scripts that are not written together
/// (say Latin and Cyrillic): such a name can pass for another person's.
pub fn mixes_scripts(name: &str) -> bool {
    if name.is_ascii() {
        // ASCII letters are all Latin; the rest (digits, punctuation) belong to every script.
        return false;
    }
    mixes_scripts_of_any(name)
}

/// [`mixes_scripts`] for any text, ASCII or not.
fn mixes_scripts_of_any(name: &str) -> bool {
    let visible: String = name.chars().filter(|&c| !is_default_ignorable(c)).collect();
    !visible.nfkc().collect::<String>().is_single_script()
}

#[cfg(test)]
mod tests {
    use super::{key, key_of_any, mixes_scripts, mixes_scripts_of_any};

    #[test]
    fn ascii_names_take_a_shortcut_to_the_same_answers() {
        for byte in 0..128u8 {
            let c = char::from(byte);
            for name in [
                format!("Pat{c}Lee"),
                format!(" {c}{c}A b\t{c} "),
                c.to_string(),
            ] {
                assert_eq!(key(&name), key_of_any(&name), "{name:?}");
                assert_eq!(
                    mixes_scripts(&name),
                    mixes_scripts_of_any(&name),
                    "{name:?}"
                );
            }
        }
    }

    #[test]
    fn names_that_look_the_same_share_a_key() {
        assert_eq!(key("pat"), "pat");
        assert_eq!(key(" Pat "), "pat");
        assert_eq!(key("pat\u{200B}"), "pat");
        assert_eq!(key("p\u{00AD}at"), "pat");
        assert_eq!(key("ｐａｔ"), "pat", "fullwidth forms");
        assert_eq!(key("Pat  Lee"), "pat lee");
        assert_eq!(key("Straße"), key("STRASSE"));
        assert_eq!(key("ΟΔΟΣ"), key("οδοσ"));
        assert_ne!(
            key("pаt"),
            "pat",
            "Cyrillic а is another letter, and warned about"
        );
    }

    #[test]
    fn mixed_scripts_are_found() {
        assert!(mixes_scripts("pаt"), "Cyrillic а among Latin letters");
        assert!(!mixes_scripts("pat"));
        assert!(!mixes_scripts("Pat O'Neil-2"));
        assert!(!mixes_scripts("Дмитрий"));
        assert!(
            !mixes_scripts("山田 たろう"),
            "Han with Hiragana is Japanese"
        );
        assert!(!mixes_scripts("pat\u{200B}"));
    }
}
