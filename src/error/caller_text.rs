//! Caller-supplied text, capped wherever the gateway quotes it back: in an error message or a log
//! line. A caller controls the length of a JSON key, a query parameter, a path, a header; echoed
//! whole, one request of 1 MiB would make a 2 MiB answer and a 2 MiB log line. So every such text
//! goes through here, and at most [`MAX_CHARS`] characters of it are shown (counted as `char`s;
//! a UTF-8 character is never split), then `…` and the length of the whole text in bytes:
//!
//! - [`quoted`]: `"abc"` when short (Rust's string escapes, as `{:?}` writes it), and
//!   `"aaaa…" (1048576 bytes)` when cut — the ellipsis inside the quotes, the length outside;
//! - [`bare`]: the same without quotes or escapes (`aaaa… (1048576 bytes)`), for a text that is
//!   not delimited: a field path in a message, a value in a structured log field (the log format
//!   escapes it);
//! - [`message`]: a whole message that may hold caller text the gateway cannot single out (one
//!   serde or the upstream wrote), bounded the same way at [`MAX_MESSAGE_CHARS`].

use std::borrow::Cow;
use std::fmt;

/// How many characters of a caller's text are shown.
pub const MAX_CHARS: usize = 256;
/// How many characters of a whole error message are shown.
pub const MAX_MESSAGE_CHARS: usize = 2048;

/// A text ready to be written, capped (see the module doc).
#[derive(Clone, Copy, Debug)]
pub struct Capped<'a> {
    text: &'a str,
    max_chars: usize,
    quoted: bool,
}

/// `text` quoted: `"text"`, or `"first 256 chars…" (N bytes)` when longer.
pub fn quoted(text: &str) -> Capped<'_> {
    Capped {
        text,
        max_chars: MAX_CHARS,
        quoted: true,
    }
}

/// `text` as it is, or `first 256 chars… (N bytes)` when longer.
pub fn bare(text: &str) -> Capped<'_> {
    Capped {
        text,
        max_chars: MAX_CHARS,
        quoted: false,
    }
}

/// A whole message: as it is, or `first 2048 chars… (N bytes)` when longer.
pub fn message(text: &str) -> Capped<'_> {
    Capped {
        text,
        max_chars: MAX_MESSAGE_CHARS,
        quoted: false,
    }
}

impl<'a> Capped<'a> {
    /// The text as written, borrowed when it is short and bare.
    pub fn into_cow(self) -> Cow<'a, str> {
        match (cut(self.text, self.max_chars), self.quoted) {
            (None, false) => Cow::Borrowed(self.text),
            _ => Cow::Owned(self.to_string()),
        }
    }
}

/// `text` as [`message`] writes it, without a copy when it is within the cap.
pub fn bounded(text: String) -> String {
    match cut(&text, MAX_MESSAGE_CHARS) {
        None => text,
        Some(_) => message(&text).to_string(),
    }
}

/// The first `max_chars` characters of `text`, when it has more.
fn cut(text: &str, max_chars: usize) -> Option<&str> {
    text.char_indices().nth(max_chars).map(|(at, _)| &text[..at])
}

impl fmt::Display for Capped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (cut(self.text, self.max_chars), self.quoted) {
            (None, true) => write!(f, "{:?}", self.text),
            (None, false) => f.write_str(self.text),
            (Some(shown), true) => write!(f, "{:?} ({} bytes)", format!("{shown}…"), self.text.len()),
            (Some(shown), false) => write!(f, "{shown}… ({} bytes)", self.text.len()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_written_as_it_is() {
        assert_eq!(quoted("").to_string(), "\"\"");
        assert_eq!(bare("").to_string(), "");
        assert_eq!(quoted("pageSize").to_string(), "\"pageSize\"");
        assert_eq!(quoted("a\"b\n").to_string(), format!("{:?}", "a\"b\n"));
        assert_eq!(bare("a\"b").to_string(), "a\"b");
        assert!(matches!(bare("id-1").into_cow(), Cow::Borrowed("id-1")));
        assert_eq!(bare(&"x".repeat(300)).into_cow(), bare(&"x".repeat(300)).to_string());
    }

    #[test]
    fn the_cap_falls_after_256_characters() {
        let at = |n: usize| "x".repeat(n);
        assert_eq!(bare(&at(255)).to_string(), at(255));
        assert_eq!(bare(&at(256)).to_string(), at(256));
        assert_eq!(bare(&at(257)).to_string(), format!("{}… (257 bytes)", at(256)));
        assert_eq!(quoted(&at(256)).to_string(), format!("\"{}\"", at(256)));
        assert_eq!(quoted(&at(257)).to_string(), format!("\"{}…\" (257 bytes)", at(256)));
        let huge = quoted(&at(1 << 20)).to_string();
        assert!(huge.ends_with("…\" (1048576 bytes)"), "{huge}");
        assert_eq!(huge.chars().count(), 256 + "\"…\" (1048576 bytes)".chars().count());
    }

    #[test]
    fn characters_are_counted_and_never_split() {
        // 'é' is 2 bytes, '😀' 4: the cap counts characters, the length counts bytes.
        let accents = "é".repeat(300);
        assert_eq!(bare(&accents).to_string(), format!("{}… (600 bytes)", "é".repeat(256)));
        let mixed = format!("{}😀😀", "a".repeat(255));
        assert_eq!(bare(&mixed).to_string(), format!("{}😀… (263 bytes)", "a".repeat(255)));
        assert_eq!(bare(&"😀".repeat(256)).to_string(), "😀".repeat(256));
    }

    #[test]
    fn quoted_text_keeps_its_escapes_when_cut() {
        let text = format!("{}\u{0}tail", "\n".repeat(300));
        let shown = quoted(&text).to_string();
        assert_eq!(shown, format!("\"{}…\" (305 bytes)", "\\n".repeat(256)));
    }

    #[test]
    fn a_whole_message_has_its_own_larger_cap() {
        let long = "m".repeat(MAX_MESSAGE_CHARS);
        assert_eq!(message(&long).to_string(), long);
        assert_eq!(bounded(long.clone()), long);
        let longer = "m".repeat(MAX_MESSAGE_CHARS + 1);
        let expected = format!("{long}… ({} bytes)", MAX_MESSAGE_CHARS + 1);
        assert_eq!(message(&longer).to_string(), expected);
        assert_eq!(bounded(longer), expected);
    }
}
