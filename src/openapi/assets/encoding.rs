//! Content negotiation for the precompressed documents (RFC 9110 §12.5.3 and §13.1.2): which
//! content coding of `Accept-Encoding` to send, and whether `If-None-Match` names the variant held.
//!
//! The choice follows tower-http's `CompressionLayer`, which wraps the API listener: highest q-value
//! wins, ties go to `br`, then `gzip`, then `identity`; an entry with a malformed q-value or any
//! other parameter is ignored; `*` gives its q-value to every coding not listed; `identity` is
//! acceptable unless `identity;q=0`, or `*;q=0` without an `identity` entry, refuses it. When nothing
//! is acceptable the answer is 406 (as the layer itself does to any response then), not the
//! identity document.

use http::HeaderMap;
use http::header::{ACCEPT_ENCODING, IF_NONE_MATCH};

/// A content coding the gateway holds a variant in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Coding {
    /// No content coding.
    Identity,
    /// `gzip` (also accepted as `x-gzip`).
    Gzip,
    /// `br`.
    Brotli,
}

impl Coding {
    /// The `Content-Encoding` value, `None` for identity (which is never sent there).
    pub fn header_value(self) -> Option<&'static str> {
        match self {
            Coding::Identity => None,
            Coding::Gzip => Some("gzip"),
            Coding::Brotli => Some("br"),
        }
    }

    /// The suffix that makes each variant's strong `ETag` differ from the others'.
    pub fn etag_suffix(self) -> &'static str {
        match self {
            Coding::Identity => "",
            Coding::Gzip => "-gzip",
            Coding::Brotli => "-br",
        }
    }

    fn parse(name: &str) -> Option<Self> {
        if name.eq_ignore_ascii_case("br") {
            Some(Coding::Brotli)
        } else if name.eq_ignore_ascii_case("gzip") || name.eq_ignore_ascii_case("x-gzip") {
            Some(Coding::Gzip)
        } else if name.eq_ignore_ascii_case("identity") {
            Some(Coding::Identity)
        } else {
            None
        }
    }
}

/// The coding to send, among `available` (identity is always available), or `None` when the
/// caller refuses every one (406).
pub fn negotiate(headers: &HeaderMap, available: &[Coding]) -> Option<Coding> {
    let mut listed: Vec<(Coding, u16)> = Vec::new();
    let mut wildcard: Option<u16> = None;
    for entry in headers
        .get_all(ACCEPT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
    {
        let mut parts = entry.split(';');
        let name = parts.next().unwrap_or_default().trim();
        let q = match (parts.next(), parts.next()) {
            (None, _) => Some(1000),
            (Some(param), None) => qvalue(param.trim()),
            (Some(_), Some(_)) => None,
        };
        let Some(q) = q else { continue };
        if name == "*" {
            wildcard.get_or_insert(q);
        } else if let Some(coding) = Coding::parse(name)
            && !listed.iter().any(|(seen, _)| *seen == coding)
        {
            listed.push((coding, q));
        }
    }
    let weight = |coding: Coding| listed.iter().find(|(c, _)| *c == coding).map(|(_, q)| *q);
    let best = [Coding::Brotli, Coding::Gzip, Coding::Identity]
        .into_iter()
        .filter(|coding| *coding == Coding::Identity || available.contains(coding))
        .filter_map(|coding| Some((weight(coding).or(wildcard)?, coding)))
        .filter(|(q, _)| *q > 0)
        .max();
    match best {
        Some((_, coding)) => Some(coding),
        // Nothing listed with a weight: identity, unless it was refused outright.
        None if weight(Coding::Identity).or(wildcard) == Some(0) => None,
        None => Some(Coding::Identity),
    }
}

/// A q-value `q=0`…`q=1` with at most three decimals, in thousandths.
fn qvalue(param: &str) -> Option<u16> {
    let value = param.strip_prefix("q=").or_else(|| param.strip_prefix("Q="))?;
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths = format!("{fraction:0<3}").parse::<u16>().ok()?;
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

/// Whether `If-None-Match` matches `etag` (weak comparison, as RFC 9110 §13.1.2 asks; `*` matches
/// any current representation).
pub fn none_match(headers: &HeaderMap, etag: &str) -> bool {
    let opaque = |tag: &str| tag.trim().trim_start_matches("W/").to_string();
    let ours = opaque(etag);
    headers
        .get_all(IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|tag| tag.trim() == "*" || opaque(tag) == ours)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Coding::{Brotli, Gzip, Identity};

    const ALL: &[Coding] = &[Brotli, Gzip];

    fn pick(accept: &[&str], available: &[Coding]) -> Option<Coding> {
        let mut headers = HeaderMap::new();
        for value in accept {
            headers.append(ACCEPT_ENCODING, value.parse().unwrap());
        }
        negotiate(&headers, available)
    }

    #[test]
    fn prefers_br_then_gzip_then_identity_by_q_value() {
        assert_eq!(pick(&[], ALL), Some(Identity), "no header: identity");
        assert_eq!(pick(&[""], ALL), Some(Identity), "empty header: identity");
        assert_eq!(pick(&["gzip, deflate, br"], ALL), Some(Brotli));
        assert_eq!(pick(&["gzip", "br"], ALL), Some(Brotli), "across header lines");
        assert_eq!(pick(&["br;q=0.5, gzip"], ALL), Some(Gzip));
        assert_eq!(pick(&["br;q=0.5, gzip;q=0.4"], ALL), Some(Brotli));
        assert_eq!(pick(&["X-GZIP"], ALL), Some(Gzip));
        assert_eq!(
            pick(&["gzip;q=0.1"], ALL),
            Some(Gzip),
            "unlisted identity is only a fallback"
        );
        assert_eq!(pick(&["gzip;q=0.5, identity"], ALL), Some(Identity));
        assert_eq!(pick(&["br"], &[]), Some(Identity), "an image is held as identity only");
        assert_eq!(
            pick(&["zstd, deflate"], ALL),
            Some(Identity),
            "unknown codings are ignored"
        );
    }

    #[test]
    fn honours_refusals_and_the_wildcard() {
        assert_eq!(pick(&["br;q=0, gzip;q=0"], ALL), Some(Identity));
        assert_eq!(pick(&["*"], ALL), Some(Brotli));
        assert_eq!(pick(&["br;q=0, *"], ALL), Some(Gzip));
        assert_eq!(pick(&["*;q=0, gzip"], ALL), Some(Gzip));
        assert_eq!(pick(&["*;q=0, identity"], ALL), Some(Identity));
        assert_eq!(
            pick(&["identity;q=0"], ALL),
            None,
            "identity refused, nothing else offered"
        );
        assert_eq!(pick(&["*;q=0"], ALL), None);
        assert_eq!(pick(&["identity;q=0, br"], &[]), None, "no br variant of an image");
        assert_eq!(pick(&["identity;q=0, br"], ALL), Some(Brotli));
    }

    #[test]
    fn malformed_entries_are_ignored() {
        assert_eq!(pick(&["br;q=2, gzip"], ALL), Some(Gzip));
        assert_eq!(pick(&["br;q=0.0001, gzip;q=0.5"], ALL), Some(Gzip));
        assert_eq!(pick(&["br;level=1, gzip;q=0.5"], ALL), Some(Gzip));
        assert_eq!(pick(&["br;q=0.5;x=1"], ALL), Some(Identity));
        assert_eq!(pick(&["br ; q=1.000, gzip"], ALL), Some(Brotli));
        assert_eq!(pick(&["br;q=.5, gzip;q=0.2"], ALL), Some(Gzip));
    }

    #[test]
    fn if_none_match_compares_weakly_and_accepts_lists_and_star() {
        let headers = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(IF_NONE_MATCH, value.parse().unwrap());
            headers
        };
        assert!(none_match(&headers("\"abc-br\""), "\"abc-br\""));
        assert!(none_match(&headers("W/\"abc-br\""), "\"abc-br\""));
        assert!(none_match(&headers("\"x\", \"abc-br\""), "\"abc-br\""));
        assert!(none_match(&headers("*"), "\"abc-br\""));
        assert!(!none_match(&headers("\"abc-gzip\""), "\"abc-br\""));
        assert!(!none_match(&HeaderMap::new(), "\"abc-br\""));
    }
}
