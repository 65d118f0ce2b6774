//! `Link: <…>; rel="next"` (RFC 8288) on list answers, so that generic HTTP clients can follow
//! pages without knowing the API: a GET route whose request has a `page_token` query field and
//! whose response has a `next_page_token` string gets, when that token is not empty, a link to the
//! same path and query with `pageToken` set to it. The token is read from the encoded response
//! ([`crate::wire`]), not from its JSON, so a long list costs no second parse.

use std::collections::HashMap;
use std::sync::LazyLock;

use http::HeaderValue;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use prost_reflect::Kind;

use crate::routes::{ROUTES, Route, Verb};

/// What a query value may leave unescaped (RFC 3986 unreserved).
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Field number of `next_page_token` in each list RPC's response, by RPC.
static NEXT_TOKEN_FIELD: LazyLock<HashMap<&'static str, u32>> = LazyLock::new(|| {
    let pool = crate::pb::pool();
    ROUTES
        .iter()
        .filter(|route| route.verb == Verb::Get && route.query_params.iter().any(|p| p.proto_name() == "page_token"))
        .filter_map(|route| {
            let field = pool
                .get_message_by_name(route.output_type)?
                .get_field_by_name("next_page_token")?;
            (field.kind() == Kind::String && !field.is_list()).then(|| (route.rpc, field.number()))
        })
        .collect()
});

/// Whether `route`'s answers may carry a `Link` to the next page.
pub fn links(route: &Route) -> bool {
    NEXT_TOKEN_FIELD.contains_key(route.rpc)
}

/// The `Link` header for `route`'s answer `response` (encoded) to a request for `path?query`.
pub fn next_link(route: &Route, path: &str, query: Option<&str>, response: &[u8]) -> Option<HeaderValue> {
    let number = *NEXT_TOKEN_FIELD.get(route.rpc)?;
    let token = crate::wire::string(response, number)?;
    if token.is_empty() {
        return None;
    }
    let mut pairs: Vec<&str> = query
        .unwrap_or_default()
        .split('&')
        .filter(|pair| {
            let name = pair.split('=').next().unwrap_or_default();
            !pair.is_empty() && name != "pageToken" && name != "page_token"
        })
        .collect();
    let token_pair = format!("pageToken={}", utf8_percent_encode(token, QUERY_VALUE));
    pairs.push(&token_pair);
    HeaderValue::from_str(&format!("<{path}?{}>; rel=\"next\"", pairs.join("&"))).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pb::temporal::api::cloud::cloudservice::v1::GetUsersResponse;
    use crate::pb::temporal::api::cloud::identity::v1::User;
    use crate::routes::by_rpc;
    use prost::Message as _;

    fn users(next: &str) -> Vec<u8> {
        GetUsersResponse {
            users: vec![User {
                id: "u1".into(),
                ..Default::default()
            }],
            next_page_token: next.into(),
        }
        .encode_to_vec()
    }

    #[test]
    fn a_list_with_a_next_token_links_to_the_next_page() {
        let route = by_rpc("GetUsers").unwrap();
        let link = next_link(
            route,
            "/cloud/users",
            Some("pageSize=2&pageToken=old&email=a%40b"),
            &users("p1:x/y="),
        );
        assert_eq!(
            link.unwrap(),
            "</cloud/users?pageSize=2&email=a%40b&pageToken=p1%3Ax%2Fy%3D>; rel=\"next\""
        );
        assert_eq!(
            next_link(route, "/cloud/users", None, &users("t")).unwrap(),
            "</cloud/users?pageToken=t>; rel=\"next\""
        );
    }

    #[test]
    fn no_link_on_the_last_page_or_off_lists() {
        let route = by_rpc("GetUsers").unwrap();
        assert!(next_link(route, "/cloud/users", None, &users("")).is_none());
        assert!(next_link(by_rpc("GetUser").unwrap(), "/cloud/users/u1", None, &users("t")).is_none());
        assert!(
            next_link(route, "/cloud/users", None, &[0xff, 0xff]).is_none(),
            "garbage: no link"
        );
        let lists = NEXT_TOKEN_FIELD.len();
        assert!(lists >= 18, "{lists} list routes");
    }
}
