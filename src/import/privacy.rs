//! Masking contact details in imported text: notes are committed to git,
//! where they stay, so email addresses and phone numbers in a message's body
//! become `[email]` and `[phone]` unless the import is told to keep them.

/// What an email address becomes.
pub const EMAIL_MASK: &str = "[email]";
/// What a phone number becomes.
pub const PHONE_MASK: &str = "[phone]";

/// `text` with every email address and phone number masked.
pub fn mask_contacts(text: &str) -> String {
    mask_phones(&mask_emails(text))
}

fn is_local(c: char) -> bool {
    c.is_alphanumeric() || "._%+-'".contains(c)
}

fn is_domain(c: char) -> bool {
    c.is_alphanumeric() || c == '.' || c == '-'
}

/// `ana.lima+ci@acme.example` → `[email]`: letters before an `@`, a domain
/// with a dot and a top-level part of two letters or more after it.
fn mask_emails(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    // Start of the text not yet copied to `out`.
    let mut copied = 0;
    while i < chars.len() {
        if chars[i] != '@' {
            i += 1;
            continue;
        }
        let mut start = i;
        while start > copied && is_local(chars[start - 1]) {
            start -= 1;
        }
        let mut end = i + 1;
        while end < chars.len() && is_domain(chars[end]) {
            end += 1;
        }
        // A sentence's full stop is not part of the domain.
        while end > i + 1 && matches!(chars[end - 1], '.' | '-') {
            end -= 1;
        }
        let domain: String = chars[i + 1..end].iter().collect();
        let valid = start < i
            && domain.rsplit_once('.').is_some_and(|(host, top)| {
                !host.is_empty() && top.chars().count() >= 2 && top.chars().all(char::is_alphabetic)
            });
        if valid {
            out.extend(&chars[copied..start]);
            out.push_str(EMAIL_MASK);
            copied = end;
            i = end;
        } else {
            i += 1;
        }
    }
    out.extend(&chars[copied..]);
    out
}

/// Phone numbers: a run of digits, spaces, `-`, `.`, `/` and parentheses,
/// maybe after a `+`, holding 9 to 15 digits and written the way numbers
/// are (a leading `+` or a separator between digit groups). Plain long
/// numbers (order ids) and dates are left alone.
fn mask_phones(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let starts = (c.is_ascii_digit() || c == '+' || c == '(')
            && (i == 0
                || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '-' || chars[i - 1] == '+'));
        if starts && let Some(end) = phone_end(&chars, i) {
            out.push_str(PHONE_MASK);
            i = end;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Where a phone number starting at `start` ends, if one does.
fn phone_end(chars: &[char], start: usize) -> Option<usize> {
    let mut end = start;
    if chars[end] == '+' {
        end += 1;
    }
    let mut last_digit = None;
    while end < chars.len() {
        let c = chars[end];
        if c.is_ascii_digit() {
            last_digit = Some(end);
        } else if !matches!(c, ' ' | '-' | '.' | '/' | '(' | ')')
            || (c == ' ' && chars.get(end + 1) == Some(&' '))
        {
            break;
        }
        end += 1;
    }
    let end = last_digit? + 1;
    if chars.get(end).is_some_and(|c| c.is_alphanumeric()) {
        return None;
    }
    let run: String = chars[start..end].iter().collect();
    let digits = run.chars().filter(char::is_ascii_digit).count();
    let written_as_phone = run.starts_with('+') || run.contains(|c: char| !c.is_ascii_digit());
    let looks_like_date = run
        .split_whitespace()
        .any(|part| super::dates::parse_day(part).is_some() || part.contains(':'));
    ((9..=15).contains(&digits) && written_as_phone && !looks_like_date).then_some(end)
}

#[cfg(test)]
mod tests {
    use super::mask_contacts;

    #[test]
    fn emails_and_phones_are_masked() {
        for (text, expected) in [
            ("write to ana.lima+ci@acme.example.", "write to [email]."),
            ("<bob@mail.acme.co.uk>, cc x@y.io", "<[email]>, cc [email]"),
            ("call +49 151 1234 5678 today", "call [phone] today"),
            ("or (555) 123-4567.", "or [phone]."),
            ("tel: 555.123.4567", "tel: [phone]"),
            ("+4915112345678", "[phone]"),
        ] {
            assert_eq!(mask_contacts(text), expected, "{text}");
        }
    }

    #[test]
    fn ordinary_numbers_and_words_are_kept() {
        for text in [
            "since 2026-10-14 09:12 it fails",
            "on 14.10.2026 and 10/14/2026",
            "order 123456789012 and SUP-1234",
            "version 1.2.3, 3 of 40 builds",
            "the @channel and user@localhost",
            "ratio 1/2 or 3 - 4",
        ] {
            assert_eq!(mask_contacts(text), text);
        }
    }
}
