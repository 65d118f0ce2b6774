//! Proto comments as OpenAPI prose: the leading and trailing comments of a descriptor (from the
//! source info kept in the embedded descriptor set), with the `temporal:` directive lines taken out
//! and surfaced as `x-temporal-*` extensions instead of prose.
//!
//! Directives seen in the Cloud Ops API: `temporal:versioning:min_version=v0.3.0`,
//! `temporal:versioning:max_version=v0.3.0`, `temporal:enums:replaces=state_deprecated`.

use prost_reflect::FileDescriptor;
use utoipa::openapi::extensions::{Extensions, ExtensionsBuilder};

/// The documentation of one descriptor.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Doc {
    /// The comment text, directives removed; `None` when nothing is left.
    pub text: Option<String>,
    /// `temporal:versioning:min_version`: the first API version with this element.
    pub min_version: Option<String>,
    /// `temporal:versioning:max_version`: the last API version that supports this element.
    pub max_version: Option<String>,
    /// `temporal:enums:replaces`: the deprecated field this one replaces.
    pub replaces: Option<String>,
}

impl Doc {
    /// The documentation of the element at `path` (see `SourceCodeInfo.Location.path`) in `file`,
    /// e.g. `Doc::of(&field.parent_file(), field.path())`.
    pub fn of(file: &FileDescriptor, path: &[i32]) -> Doc {
        let Some(location) = file
            .file_descriptor_proto()
            .source_code_info
            .as_ref()
            .and_then(|info| info.location.iter().find(|l| l.path == path))
        else {
            return Doc::default();
        };
        let raw = [location.leading_comments(), location.trailing_comments()]
            .into_iter()
            .filter(|c| !c.trim().is_empty())
            .collect::<Vec<_>>()
            .join("\n");
        Doc::parse(&raw)
    }

    /// Splits raw comment text into prose and directives.
    pub fn parse(raw: &str) -> Doc {
        let mut doc = Doc::default();
        let mut lines = Vec::new();
        for line in raw.lines() {
            // protoc keeps the space after `//`; drop one leading space, keep deeper indentation.
            let line = line.strip_prefix(' ').unwrap_or(line).trim_end();
            let directive = line.trim_start();
            if let Some(rest) = directive.strip_prefix("temporal:") {
                let (key, value) = rest.split_once('=').unwrap_or((rest, ""));
                let value = Some(value.trim().to_string()).filter(|v| !v.is_empty());
                match key.trim() {
                    "versioning:min_version" => doc.min_version = value,
                    "versioning:max_version" => doc.max_version = value,
                    "enums:replaces" => doc.replaces = value,
                    _ => lines.push(line),
                }
                continue;
            }
            lines.push(line);
        }
        let text = lines.join("\n");
        let text = text.trim_matches('\n').trim();
        doc.text = Some(text.to_string()).filter(|t| !t.is_empty());
        doc
    }

    /// The directives as `x-temporal-min-version`, `x-temporal-max-version`, `x-temporal-replaces`.
    pub fn extensions(&self) -> Option<Extensions> {
        let pairs = [
            ("x-temporal-min-version", &self.min_version),
            ("x-temporal-max-version", &self.max_version),
            ("x-temporal-replaces", &self.replaces),
        ];
        let mut builder = ExtensionsBuilder::new();
        let mut any = false;
        for (key, value) in pairs {
            if let Some(value) = value {
                builder = builder.add(key, value.clone());
                any = true;
            }
        }
        any.then(|| builder.build())
    }
}

/// Joins non-empty paragraphs with a blank line; `None` when all are empty.
pub fn paragraphs<I, S>(parts: I) -> Option<String>
where
    I: IntoIterator<Item = Option<S>>,
    S: AsRef<str>,
{
    let parts: Vec<String> = parts
        .into_iter()
        .flatten()
        .map(|s| s.as_ref().trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_become_fields_and_leave_the_prose() {
        let doc = Doc::parse(
            " The role on the account.\n temporal:versioning:min_version=v0.3.0\n temporal:enums:replaces=role_deprecated\n",
        );
        assert_eq!(doc.text.as_deref(), Some("The role on the account."));
        assert_eq!(doc.min_version.as_deref(), Some("v0.3.0"));
        assert_eq!(doc.replaces.as_deref(), Some("role_deprecated"));
        assert_eq!(doc.max_version, None);
        let ext = serde_json::to_value(doc.extensions().unwrap()).unwrap();
        assert_eq!(
            ext,
            serde_json::json!({"x-temporal-min-version": "v0.3.0", "x-temporal-replaces": "role_deprecated"})
        );
    }

    #[test]
    fn keeps_indentation_and_drops_empty_comments() {
        let doc = Doc::parse(" List:\n   - one\n\n");
        assert_eq!(doc.text.as_deref(), Some("List:\n  - one"));
        assert_eq!(Doc::parse(" temporal:versioning:max_version=v0.3.0\n").text, None);
        assert!(Doc::parse("").extensions().is_none());
    }

    #[test]
    fn reads_comments_of_embedded_descriptors() {
        let message = crate::pb::pool()
            .get_message_by_name("temporal.api.cloud.identity.v1.AccountAccess")
            .unwrap();
        let role = message.get_field_by_name("role").unwrap();
        let doc = Doc::of(&role.parent_file(), role.path());
        assert_eq!(doc.text.as_deref(), Some("The role on the account."));
        assert_eq!(doc.min_version.as_deref(), Some("v0.3.0"));
    }

    #[test]
    fn paragraphs_skip_empty_parts() {
        assert_eq!(
            paragraphs([Some("a"), None, Some(" "), Some("b")]).as_deref(),
            Some("a\n\nb")
        );
        assert_eq!(paragraphs::<_, &str>([None]), None);
    }
}
