//! Every rule, as a table: a small document it must fire on (with the exact
//! span) while the clean document stays quiet.

use super::*;
use crate::catalogue::AggregateCode;
use crate::diag::Span;

const GOOD: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<feedback>
<version>1.0</version>
<report_metadata><org_name>rcv.example</org_name><email>d@rcv.example</email><report_id>r1</report_id><date_range><begin>1700000000</begin><end>1700086399</end></date_range></report_metadata>
<policy_published><domain>example.com</domain><adkim>r</adkim><aspf>r</aspf><p>none</p><sp>none</sp><np>none</np><testing>n</testing><discovery_method>treewalk</discovery_method></policy_published>
<record><row><source_ip>192.0.2.1</source_ip><count>3</count><policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>fail</spf></policy_evaluated></row>
<identifiers><header_from>example.com</header_from></identifiers>
<auth_results><dkim><domain>example.com</domain><selector>s1</selector><result>pass</result></dkim><spf><domain>example.com</domain><scope>mfrom</scope><result>fail</result></spf></auth_results></record>
</feedback>
"#;

/// Where a diagnostic must point.
#[derive(Clone, Copy, Debug)]
enum At {
    /// The n-th (0-based) occurrence of this text.
    Nth(&'static str, usize),
    /// Part of the first occurrence of this text: offset and length.
    In(&'static str, usize, usize),
    /// An empty span where this text starts.
    Before(&'static str),
    /// An exact range.
    Range(usize, usize),
}

fn find(hay: &[u8], needle: &str, nth: usize) -> usize {
    hay.windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle.as_bytes())
        .nth(nth)
        .map(|(i, _)| i)
        .unwrap_or_else(|| panic!("{needle:?} not in {}", String::from_utf8_lossy(hay)))
}

impl At {
    fn resolve(self, bad: &[u8]) -> Span {
        match self {
            At::Nth(t, n) => {
                let s = find(bad, t, n);
                Span::new(s, s + t.len())
            }
            At::In(t, offset, len) => {
                let s = find(bad, t, 0) + offset;
                Span::new(s, s + len)
            }
            At::Before(t) => Span::at(find(bad, t, 0)),
            At::Range(s, e) => Span::new(s, e),
        }
    }
}

struct Case {
    code: AggregateCode,
    bad: Vec<u8>,
    at: At,
    options: ReadOptions,
}

/// The clean document with the first `from` replaced by `to`.
fn sub(from: &str, to: &str) -> Vec<u8> {
    assert!(GOOD.contains(from), "{from:?}");
    GOOD.replacen(from, to, 1).into_bytes()
}

fn cases() -> Vec<Case> {
    use AggregateCode::*;
    use At::*;
    let d = ReadOptions::default();
    let c = |code, bad: Vec<u8>, at| Case { code, bad, at, options: d };
    let deep = "<a>".repeat(70);
    let mut invalid = sub("rcv.example</org_name>", "rcv\u{1}example</org_name>");
    let bad_byte = find(&invalid, "\u{1}", 0);
    invalid[bad_byte] = 0xff;
    vec![
        c(Empty, Vec::new(), Range(0, 0)),
        c(Empty, b" \n".to_vec(), Range(0, 2)),
        c(NotXml, b"hello".to_vec(), Range(0, 0)),
        c(NotXml, b"\x1f\x8b\x08".to_vec(), Range(0, 0)),
        c(NoFeedback, b"<html><body/></html>".to_vec(), Range(20, 20)),
        c(TooDeep, deep.into_bytes(), Range(192, 195)),
        Case {
            code: TooManyRecords,
            bad: sub("</record>", "</record><record/>"),
            at: Nth("<record/>", 0),
            options: ReadOptions { max_records: 1, ..d },
        },
        c(XmlBroken, sub("\n</feedback>", "<!-- never closed"), Before("<!--")),
        c(UnescapedLt, sub("<header_from>example.com", "<header_from>exa<mple.com"), In("exa<", 3, 1)),
        c(UnescapedLt, sub("<email>d@rcv.example", "<email><d@rcv.example>"), In("<email><d", 7, 1)),
        c(UnescapedAmp, sub("rcv.example</org", "rcv & co</org"), In("rcv & ", 4, 1)),
        c(UnknownEntity, sub("rcv.example</org", "rcv&foo;</org"), Nth("&foo;", 0)),
        c(
            Doctype,
            sub("\n<feedback>", "<!DOCTYPE f [<!ENTITY a \"b\">]>\n<feedback>"),
            Nth("<!DOCTYPE f [<!ENTITY a \"b\">]>", 0),
        ),
        c(EncodingAsciiOnly, sub("UTF-8", "windows-1252"), Nth("windows-1252", 0)),
        c(EncodingMismatch, sub("UTF-8\"?>", "windows-1252\"?><!-- é -->"), Nth("windows-1252", 0)),
        c(EncodingUnsupported, sub("UTF-8", "shift_jis"), Nth("shift_jis", 0)),
        c(InvalidUtf8, invalid, Range(bad_byte, bad_byte + 1)),
        c(StrayElement, sub("\n<feedback>", "<xs:schema a='b'>\n<feedback>"), Nth("xs:schema", 0)),
        c(StrayElement, sub("<p>none</p>", "<p>none<b/></p>"), In("<b/>", 1, 1)),
        c(Unclosed, sub("\n</feedback>", ""), Nth("feedback", 0)),
        c(Unclosed, sub("</email>", ""), Nth("email", 0)),
        c(StrayEndTag, sub("<feedback>", "<feedback></bogus>"), Nth("</bogus>", 0)),
        c(TrailingContent, sub("</feedback>", "</feedback><feedback/>"), Nth("<feedback/>", 0)),
        c(TrailingContent, sub("</feedback>", "</feedback>junk"), Nth("junk", 0)),
        c(StrayText, sub("<sp>none</sp>", "<sp>none</sp>11"), Nth("11", 0)),
        c(StrayText, sub("<sp>none</sp>", "<sp>none</sp> \u{e9} "), Nth("\u{e9}", 0)),
        c(
            TrailingContent,
            sub("<feedback>", "<r><feedback>").replace_last(b"</feedback>", b"</feedback><feedback/></r>"),
            Nth("<feedback/>", 0),
        ),
        c(UnknownElement, sub("<p>none</p>", "<p>none</p><foo>x</foo>"), Nth("foo", 0)),
        c(
            Extension,
            sub("</policy_published>", "</policy_published><extension><x/></extension>"),
            In("<extension>", 1, 9),
        ),
        c(
            Extension,
            sub("</record>", "<ext:added xmlns:ext='urn:x'>1</ext:added></record>"),
            Nth("ext:added", 0),
        ),
        c(
            OutOfOrder,
            sub("<dkim>pass</dkim><spf>fail</spf>", "<spf>fail</spf><dkim>pass</dkim>"),
            In("<dkim>pass</dkim></policy", 1, 4),
        ),
        c(
            OutOfOrder,
            sub(
                "<email>d@rcv.example</email><report_id>r1</report_id>",
                "<report_id>r1</report_id><email>d@rcv.example</email>",
            ),
            In("<email>", 1, 5),
        ),
        c(Missing, sub("<count>3</count>", ""), Before("</row>")),
        c(
            Missing,
            sub("<identifiers><header_from>example.com</header_from></identifiers>", ""),
            Before("</record>"),
        ),
        c(
            Missing,
            sub("<feedback>", "<feedback xmlns='urn:ietf:params:xml:ns:dmarc-2.0'>")
                .replace_last(b"<selector>s1</selector>", b""),
            Before("</dkim><spf><domain>"),
        ),
        c(Duplicate, sub("</org_name>", "</org_name><org_name>x</org_name>"), Nth("org_name", 2)),
        c(EmptyValue, sub("<p>none</p>", "<p></p>"), Nth("<p></p>", 0)),
        c(EmptyValue, sub("<source_ip>192.0.2.1</source_ip>", "<source_ip/>"), Nth("<source_ip/>", 0)),
        c(Whitespace, sub("<count>3</count>", "<count> 3 </count>"), Nth(" 3 ", 0)),
        c(ValueCase, sub("<dkim>pass</dkim><spf>", "<dkim>Pass</dkim><spf>"), Nth("Pass", 0)),
        c(UnknownValue, sub("fail</result></spf>", "hardfail</result></spf>"), Nth("hardfail", 0)),
        c(UnknownValue, sub("<disposition>none", "<disposition>dropped"), Nth("dropped", 0)),
        c(FloatNumber, sub("1700000000<", "1700000000.0<"), Nth("1700000000.0", 0)),
        c(InvalidNumber, sub("<count>3<", "<count>x3<"), Nth("x3", 0)),
        c(InvalidIp, sub("192.0.2.1", "108r.166.27.220"), Nth("108r.166.27.220", 0)),
        c(NullDomain, sub("example.com</domain><scope>", "NULL</domain><scope>"), Nth("NULL", 0)),
        c(LegacyValue, sub("mfrom", "helo"), Nth("helo", 0)),
        c(
            LegacyValue,
            sub("<spf>fail</spf>", "<spf>fail</spf><reason><type>sampled_out</type></reason>"),
            Nth("sampled_out", 0),
        ),
        c(
            LegacyValue,
            sub("<feedback>", "<feedback xmlns='urn:ietf:params:xml:ns:dmarc-2.0'>")
                .replace_last(b"<np>", b"<pct>50</pct><np>"),
            Nth("50", 0),
        ),
        c(
            PrefixedRoot,
            sub("<feedback>", "<ns1:feedback xmlns:ns1='http://dmarc.org/dmarc-xml/0.1'>")
                .replace_last(b"</feedback>", b"</ns1:feedback>"),
            Nth("ns1:feedback", 0),
        ),
        c(NamespaceUnknown, sub("<feedback>", "<feedback xmlns='urn:x'>"), Nth("feedback", 0)),
        c(
            DateRangeInverted,
            sub("<begin>1700000000", "<begin>1800000000"),
            Nth("<date_range><begin>1800000000</begin><end>1700086399</end></date_range>", 0),
        ),
        Case {
            code: Truncated,
            bad: sub("<count>3</count>", "<count> 3 </count>").replace_last(b"<p>none</p>", b"<p> none</p>"),
            at: Nth(" 3 ", 0),
            options: ReadOptions { max_per_code: 1, ..d },
        },
    ]
}

trait ReplaceLast {
    fn replace_last(self, from: &[u8], to: &[u8]) -> Vec<u8>;
}

impl ReplaceLast for Vec<u8> {
    fn replace_last(self, from: &[u8], to: &[u8]) -> Vec<u8> {
        let at = self.windows(from.len()).rposition(|w| w == from).unwrap();
        let mut out = self[..at].to_vec();
        out.extend_from_slice(to);
        out.extend_from_slice(&self[at + from.len()..]);
        out
    }
}

fn diagnostics_of(bad: &[u8], options: &ReadOptions) -> Vec<Diagnostic> {
    match read_with(bad, options) {
        Ok((_, diagnostics)) => diagnostics,
        Err(refusal) => refusal.diagnostics,
    }
}

#[test]
fn the_clean_document_is_quiet() {
    let (report, diagnostics) = read(GOOD.as_bytes()).unwrap();
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    assert_eq!(report.records.len(), 1);
    assert_eq!(report.xml_schema, "1.0");
    assert_eq!(report.policy_published.np, Some(Policy::None));
    assert_eq!(report.policy_published.discovery_method, Some(DiscoveryMethod::Treewalk));
    assert_eq!(report.records[0].auth_spf[0].scope, Some(SpfScope::Mfrom));
}

#[test]
fn every_rule_fires_with_its_span() {
    for case in cases() {
        let diagnostics = diagnostics_of(&case.bad, &case.options);
        let want = case.at.resolve(&case.bad);
        assert!(
            diagnostics.iter().any(|d| d.code == case.code && d.span == want),
            "{} at {want:?} in {:?}: got {diagnostics:#?}",
            case.code.as_str(),
            String::from_utf8_lossy(&case.bad)
        );
        let quiet = diagnostics_of(GOOD.as_bytes(), &case.options);
        assert!(!quiet.iter().any(|d| d.code == case.code), "{}", case.code.as_str());
    }
}

#[test]
fn every_aggregate_rule_in_the_catalogue_has_a_case() {
    let cases = cases();
    for code in AggregateCode::ALL {
        assert!(cases.iter().any(|c| c.code == *code), "no case for {}", code.as_str());
    }
}

#[test]
fn words_keep_unknown_values_visible() {
    let bad = sub("fail</result></spf>", "hardfail</result></spf>");
    let (report, _) = read(&bad).unwrap();
    assert_eq!(report.records[0].auth_spf[0].result, Some(SpfResult::Unknown("hardfail".into())));
    let json = serde_json::to_string(&report.records[0].auth_spf[0].result).unwrap();
    assert_eq!(json, r#"{"unknown":"hardfail"}"#);
    let bad = sub("<disposition>none</disposition>", "<disposition></disposition>");
    let (report, _) = read(&bad).unwrap();
    assert_eq!(report.records[0].disposition, None);
}

#[test]
fn refusals_say_why() {
    assert_eq!(read(b"").unwrap_err().reason, "the file is empty");
    assert!(read(b"{\"json\": 1}").unwrap_err().reason.starts_with("not an XML document"));
    assert_eq!(read(b"<a/>").unwrap_err().reason, "there is no <feedback> element");
}

#[test]
fn windows_1252_is_decoded() {
    let mut bad = sub("UTF-8", "windows-1252");
    let at = find(&bad, "rcv.example</org", 0) + 3;
    bad[at] = 0xe9;
    let (report, diagnostics) = read(&bad).unwrap();
    assert_eq!(report.report_metadata.org_name, "rcvéexample");
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
}

#[test]
fn a_value_in_several_pieces_reads_as_one() {
    // Text, a reference, CDATA, a comment and more text: one value, in
    // order, with the space around it trimmed (and reported) as for a
    // value in one piece.
    let bad = sub(
        "<org_name>rcv.example</org_name>",
        "<org_name> R&amp;D<![CDATA[ <lab> ]]>rcv<!-- x -->.example </org_name>",
    );
    let (report, diagnostics) = read(&bad).unwrap();
    assert_eq!(report.report_metadata.org_name, "R&D <lab> rcv.example");
    let codes: Vec<&str> = diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["aggregate-whitespace"]);
    // In one piece, with space around it and without.
    let (report, _) =
        read(&sub("<email>d@rcv.example</email>", "<email>\n d@rcv.example\t</email>")).unwrap();
    assert_eq!(report.report_metadata.email, "d@rcv.example");
    let (report, diagnostics) = read(GOOD.as_bytes()).unwrap();
    assert_eq!(report.report_metadata.email, "d@rcv.example");
    assert!(diagnostics.is_empty());
}
