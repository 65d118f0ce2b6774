//! Pagination shared by every list RPC: `page_size` 0 → 100, above 1000 → INVALID_ARGUMENT; opaque
//! page tokens that carry the last key returned, so items are never skipped or repeated while
//! paging in the (stable, key-sorted) order even if the collection changes between pages.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use tonic::Status;

/// Default page size.
pub const DEFAULT_PAGE_SIZE: i32 = 100;
/// Largest page size accepted.
pub const MAX_PAGE_SIZE: i32 = 1000;
const TOKEN_PREFIX: &str = "p1:";

/// One page of `items` (sorted by key, ascending) and the token of the next page ("" at the end).
pub fn page<'a, T: Clone + 'a>(
    items: impl IntoIterator<Item = (&'a String, &'a T)>,
    page_size: i32,
    page_token: &str,
) -> Result<(Vec<T>, String), Status> {
    let size = match page_size {
        0 => DEFAULT_PAGE_SIZE,
        n if !(1..=MAX_PAGE_SIZE).contains(&n) => {
            return Err(Status::invalid_argument(format!(
                "page_size must be between 0 and {MAX_PAGE_SIZE}, got {n}"
            )));
        }
        n => n,
    } as usize;
    let after = decode_token(page_token)?;
    let mut rest = items
        .into_iter()
        .filter(|(key, _)| after.as_ref().is_none_or(|a| key.as_str() > a.as_str()));
    let out: Vec<(&String, &T)> = rest.by_ref().take(size).collect();
    let next = match (out.last(), rest.next()) {
        (Some((last, _)), Some(_)) => encode_token(last),
        _ => String::new(),
    };
    Ok((out.into_iter().map(|(_, v)| v.clone()).collect(), next))
}

fn encode_token(last_key: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!("{TOKEN_PREFIX}{last_key}"))
}

fn decode_token(token: &str) -> Result<Option<String>, Status> {
    if token.is_empty() {
        return Ok(None);
    }
    let invalid = || Status::invalid_argument("invalid page_token: pass the next_page_token of a previous page");
    let bytes = URL_SAFE_NO_PAD.decode(token).map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    text.strip_prefix(TOKEN_PREFIX)
        .map(|k| Some(k.to_string()))
        .ok_or_else(invalid)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn pages_cover_every_item_once_even_when_items_are_added_between_pages() {
        let mut items: BTreeMap<String, u32> = (0..25).map(|i| (format!("k{i:03}"), i)).collect();
        let mut seen = Vec::new();
        let mut token = String::new();
        loop {
            let (page, next) = page(&items, 10, &token).unwrap();
            seen.extend(page);
            items.insert("k000a".into(), 999); // lands before the cursor: not returned, nothing shifts
            if next.is_empty() {
                break;
            }
            token = next;
        }
        assert_eq!(seen, (0..25).collect::<Vec<_>>());
    }

    #[test]
    fn size_limits_and_bad_tokens() {
        let items: BTreeMap<String, u32> = (0..150).map(|i| (format!("k{i:03}"), i)).collect();
        assert_eq!(page(&items, 0, "").unwrap().0.len(), 100);
        assert_eq!(page(&items, 1000, "").unwrap().0.len(), 150);
        assert!(page(&items, 1000, "").unwrap().1.is_empty());
        assert!(page(&items, 1001, "").is_err());
        assert!(page(&items, -1, "").is_err());
        assert!(page(&items, 10, "garbage!").is_err());
        assert!(page(&items, 10, &URL_SAFE_NO_PAD.encode("other")).is_err());
    }
}
