//! Records as people publish them: a BIND zone-file line, a Terraform
//! `aws_route53_record`, JSON for provider APIs, or the plain value.
//!
//! A TXT value longer than 255 bytes does not fit one DNS character-string
//! (RFC 1035 §3.3.14): it is published as several strings in one record,
//! which receivers join with nothing in between (RFC 7208 §3.3, RFC 9989
//! §4.5, RFC 6376 §3.6.2.2). Each format writes that split its own way.
//!
//! ```
//! use dmarc_lens::plan::{output, DnsRecord};
//! use dmarc_lens::record::Kind;
//! let r = DnsRecord::txt("_dmarc.example.com", 300, "v=DMARC1; p=none", Kind::Dmarc);
//! assert_eq!(output::bind(&r), "_dmarc.example.com. 300 IN TXT \"v=DMARC1; p=none\"");
//! ```

use serde::Serialize;

use super::DnsRecord;
use crate::dns::RecordType;

/// The most bytes one DNS character-string holds.
pub const MAX_STRING: usize = 255;

/// How records are written out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Format {
    /// `name. TTL IN TYPE data`, TXT values quoted and split.
    #[default]
    Bind,
    /// One `aws_route53_record` resource per record.
    Terraform,
    /// One JSON object per record: name, type, ttl, values.
    Json,
    /// The value alone.
    Plain,
}

impl Format {
    /// `bind`, `terraform`, `json` or `plain`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Format::Bind => "bind",
            Format::Terraform => "terraform",
            Format::Json => "json",
            Format::Plain => "plain",
        }
    }

    /// The format named `name`.
    pub fn from_name(name: &str) -> Option<Format> {
        [Format::Bind, Format::Terraform, Format::Json, Format::Plain]
            .into_iter()
            .find(|f| f.as_str() == name)
    }
}

/// `value` cut into strings of at most 255 bytes, never inside a UTF-8
/// character; one empty string for an empty value.
///
/// ```
/// let parts = dmarc_lens::plan::output::txt_strings(&"a".repeat(600));
/// assert_eq!(parts.iter().map(String::len).collect::<Vec<_>>(), [255, 255, 90]);
/// ```
pub fn txt_strings(value: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = value;
    while rest.len() > MAX_STRING {
        let mut cut = MAX_STRING;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        let (head, tail) = rest.split_at(cut);
        out.push(head.to_string());
        rest = tail;
    }
    out.push(rest.to_string());
    out
}

/// One character-string in zone-file syntax (RFC 1035 §5.1): quoted, with
/// `"` and `\` escaped, and bytes outside printable ASCII as `\DDD`.
fn zone_string(part: &str) -> String {
    let mut out = String::with_capacity(part.len() + 2);
    out.push('"');
    for byte in part.bytes() {
        match byte {
            b'"' | b'\\' => {
                out.push('\\');
                out.push(char::from(byte));
            }
            0x20..=0x7e => out.push(char::from(byte)),
            _ => out.push_str(&format!("\\{byte:03}")),
        }
    }
    out.push('"');
    out
}

/// The record as a BIND zone-file line, the owner name absolute.
pub fn bind(record: &DnsRecord) -> String {
    let data = match record.rtype {
        RecordType::Txt => {
            txt_strings(&record.value).iter().map(|s| zone_string(s)).collect::<Vec<_>>().join(" ")
        }
        _ => record.value.clone(),
    };
    format!("{}. {} IN {} {data}", record.name.trim_end_matches('.'), record.ttl, record.rtype.as_str())
}

/// A string in HCL syntax: quoted, with `"`, `\` and control characters
/// escaped, and `${` and `%{` doubled so Terraform does not read them as
/// templates.
fn hcl_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

/// The Terraform resource name for a record: its type and owner name, in
/// letters, digits and single underscores.
pub fn terraform_label(record: &DnsRecord) -> String {
    let raw = format!("{}_{}", record.rtype.as_str(), record.name).to_ascii_lowercase();
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        let c = if c.is_ascii_alphanumeric() { c } else { '_' };
        if !(c == '_' && out.ends_with('_')) {
            out.push(c);
        }
    }
    if out.ends_with('_') {
        out.pop();
    }
    out.replace("_report_dmarc_", "_report_")
}

/// The record as an `aws_route53_record` resource named `label`. A TXT
/// value longer than 255 bytes is written the way Route 53 needs it: the
/// strings in one element, separated by `""` (escaped, `\"\"`).
pub fn terraform_with_label(record: &DnsRecord, label: &str) -> String {
    let value = match record.rtype {
        RecordType::Txt => {
            txt_strings(&record.value).iter().map(|s| hcl_string(s)).collect::<Vec<_>>().join("\\\"\\\"")
        }
        _ => hcl_string(&record.value),
    };
    format!(
        "resource \"aws_route53_record\" \"{label}\" {{\n  zone_id = var.zone_id\n  name    = \"{}\"\n  type    = \"{}\"\n  \
         ttl     = {}\n  records = [\"{value}\"]\n}}\n",
        hcl_string(record.name.trim_end_matches('.')),
        record.rtype.as_str(),
        record.ttl
    )
}

/// The record as an `aws_route53_record` resource.
pub fn terraform(record: &DnsRecord) -> String {
    terraform_with_label(record, &terraform_label(record))
}

/// A record for provider APIs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ApiRecord {
    /// The owner name.
    pub name: String,
    /// `TXT` or `MX`.
    #[serde(rename = "type")]
    pub rtype: &'static str,
    /// Seconds.
    pub ttl: u32,
    /// The record's data, one entry per record in the set: the whole TXT
    /// value, or the MX data.
    pub values: Vec<String>,
    /// For TXT: the value cut into strings of at most 255 bytes, for APIs
    /// that take the strings themselves.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub strings: Option<Vec<String>>,
}

/// The record for provider APIs.
pub fn api(record: &DnsRecord) -> ApiRecord {
    ApiRecord {
        name: record.name.trim_end_matches('.').to_string(),
        rtype: record.rtype.as_str(),
        ttl: record.ttl,
        values: vec![record.value.clone()],
        strings: (record.rtype == RecordType::Txt).then(|| txt_strings(&record.value)),
    }
}

/// The record as one line of JSON for provider APIs.
pub fn json(record: &DnsRecord) -> String {
    serde_json::to_string(&api(record)).unwrap_or_else(|_| "{}".to_string())
}

/// The value alone.
pub fn plain(record: &DnsRecord) -> String {
    record.value.clone()
}

/// Several records in `format`, one after another; Terraform resource names
/// made unique with a number when two records would share one.
pub fn render(records: &[DnsRecord], format: Format) -> String {
    let mut out = String::new();
    let mut labels: Vec<String> = Vec::new();
    for record in records {
        match format {
            Format::Bind => out.push_str(&(bind(record) + "\n")),
            Format::Json => out.push_str(&(json(record) + "\n")),
            Format::Plain => out.push_str(&(plain(record) + "\n")),
            Format::Terraform => {
                let base = terraform_label(record);
                let mut label = base.clone();
                let mut n = 2;
                while labels.contains(&label) {
                    label = format!("{base}_{n}");
                    n += 1;
                }
                if !out.is_empty() {
                    out.push('\n');
                }
                out.push_str(&terraform_with_label(record, &label));
                labels.push(label);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Kind;

    #[test]
    fn strings_split_at_255_bytes_and_never_inside_a_character() {
        assert_eq!(txt_strings(""), [""]);
        assert_eq!(txt_strings(&"a".repeat(255)).len(), 1);
        assert_eq!(txt_strings(&"a".repeat(256)).iter().map(String::len).collect::<Vec<_>>(), [255, 1]);
        let odd = format!("{}é{}", "a".repeat(254), "b".repeat(10));
        let parts = txt_strings(&odd);
        assert_eq!(parts.iter().map(String::len).collect::<Vec<_>>(), [254, 12]);
        assert_eq!(parts.concat(), odd);
    }

    #[test]
    fn zone_strings_escape_what_must_be() {
        assert_eq!(zone_string("a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(zone_string("é\n"), "\"\\195\\169\\010\"");
    }

    #[test]
    fn hcl_strings_escape_templates() {
        assert_eq!(hcl_string("a${b}%{c}$d\"\\"), "a$${b}%%{c}$d\\\"\\\\");
    }

    #[test]
    fn labels_are_terraform_identifiers_and_unique() {
        let a = DnsRecord::txt("_dmarc.example.com", 300, "v=DMARC1; p=none", Kind::Dmarc);
        assert_eq!(terraform_label(&a), "txt_dmarc_example_com");
        let mx = DnsRecord::mx("example.com", 300, "0 .");
        assert_eq!(terraform_label(&mx), "mx_example_com");
        let auth = DnsRecord::txt("*._report._dmarc.x.example", 300, "v=DMARC1", Kind::DmarcReportAuth);
        assert_eq!(terraform_label(&auth), "txt_report_x_example");
        let text = render(&[a.clone(), a], Format::Terraform);
        assert!(
            text.contains("\"txt_dmarc_example_com\"") && text.contains("\"txt_dmarc_example_com_2\""),
            "{text}"
        );
    }

    #[test]
    fn json_for_apis() {
        let r = DnsRecord::mx("example.com", 3600, "0 .");
        assert_eq!(json(&r), r#"{"name":"example.com","type":"MX","ttl":3600,"values":["0 ."]}"#);
        let t = DnsRecord::txt("example.com", 300, "v=spf1 -all", Kind::Spf);
        assert_eq!(
            json(&t),
            r#"{"name":"example.com","type":"TXT","ttl":300,"values":["v=spf1 -all"],"strings":["v=spf1 -all"]}"#
        );
    }
}
