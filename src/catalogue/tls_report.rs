//! The rules' words for TLS-RPT reports (RFC 8460). Codes start with `tls-report-`.

catalogue! {
    /// Rules for TLS-RPT reports (RFC 8460).
    pub enum TlsReportCode as TlsReport {
    /// The file is bigger than the caller allows.
    TooLarge = "tls-report-too-large", Error, "RFC 8460 §5",
        "The report is {size} bytes, more than the {limit} bytes allowed here, so it was not read.",
        "Reports are normally a few kilobytes; check that this is a TLS-RPT report and not something else, or raise the limit.";
    /// Arrays and objects nested deeper than the cap.
    TooDeep = "tls-report-too-deep", Error, "RFC 8460 §4.4",
        "The JSON is nested more than {limit} levels deep. A TLS-RPT report needs about five, so this is not one, and it was not read.",
        "Check that this file is a TLS-RPT report.";
    /// Not JSON at all.
    NotJson = "tls-report-not-json", Error, "RFC 8460 §4.4",
        "This is not valid JSON ({why}), so it cannot be a TLS-RPT report.",
        "A TLS-RPT report is a JSON object; if it came gzipped (.json.gz), unpack it first.";
    /// Valid JSON, but not an object at the top.
    NotObject = "tls-report-not-object", Error, "RFC 8460 §4.4",
        "The JSON is {kind}, not an object, so it is not a TLS-RPT report.",
        "A TLS-RPT report is one JSON object with organization-name, date-range, report-id and policies.";
    /// A JSON object with none of the report's fields.
    NotTlsReport = "tls-report-not-tls-report", Error, "RFC 8460 §4.4",
        "This JSON object has none of the TLS-RPT fields (organization-name, date-range, report-id, policies){looks}, so it is not a TLS-RPT report and was not read.",
        "Drop the report as the receiver sent it: a TLS-RPT .json or .json.gz, or a DMARC aggregate .xml, .xml.gz or .zip.";
    /// A field the schema requires is absent.
    FieldMissing = "tls-report-field-missing", Warning, "RFC 8460 §4.4",
        "{field} is missing from {place}. The report format requires it, so this part of the report is incomplete.",
        "Nothing to fix on your side; if it recurs, tell the reporting organization (contact-info) that its reports lack {field}.";
    /// A field given as JSON `null`.
    FieldNull = "tls-report-field-null", Warning, "RFC 8460 §4.4",
        "{field} is null. The format expects a value here; it is shown as not given.",
        "Nothing to fix on your side; the reporting organization should fill in {field} or leave it out.";
    /// A field with the wrong JSON type or an impossible value.
    FieldType = "tls-report-field-type", Warning, "RFC 8460 §4.4",
        "{field} should be {expected}, but it is {found}. The value is ignored.",
        "Nothing to fix on your side; the reporter's software writes {field} wrongly.";
    /// A single string where the schema has a list.
    StringNotList = "tls-report-string-not-list", Info, "RFC 8460 §4.4",
        "{field} is a single string where the format has a list of strings. It is read as a list of one.",
        "Nothing to do; some reporters (and the example in RFC 8460 itself) write it this way.";
    /// A key the schema does not define.
    FieldUnknown = "tls-report-field-unknown", Info, "RFC 8460 §4.4",
        "{field} is not a TLS-RPT field. It is kept but not interpreted.",
        "Nothing to do; it may be a reporter's extension.";
    /// The same key twice in one object.
    KeyDuplicate = "tls-report-key-duplicate", Warning, "RFC 8460 §4.4",
        "{field} appears more than once in the same object. JSON gives a repeat no meaning; the last one is used here, as most JSON readers do.",
        "Nothing to fix on your side; the reporter's output is malformed.";
    /// A date that is not an RFC 3339 date-time.
    DateInvalid = "tls-report-date-invalid", Warning, "RFC 8460 §4.4; RFC 3339 §5.6",
        "{field} is \"{value}\", which is not an RFC 3339 date-time such as 2016-04-01T00:00:00Z. It is kept as text only.",
        "Nothing to fix on your side; the report's period cannot be placed on a timeline.";
    /// The end of the period is before its start.
    DateRangeReversed = "tls-report-date-range-reversed", Warning, "RFC 8460 §4.1",
        "The report period ends ({end}) before it starts ({start}).",
        "Nothing to fix on your side; treat the period with care.";
    /// A `policy-type` outside sts, tlsa, no-policy-found.
    PolicyTypeUnknown = "tls-report-policy-type-unknown", Warning, "RFC 8460 §4.4",
        "policy-type \"{value}\" is not one of sts, tlsa or no-policy-found, so it is unclear which policy these sessions were checked against.",
        "Nothing to fix on your side; the sessions are still counted, under an unknown policy.";
    /// A `result-type` RFC 8460 does not define.
    ResultTypeUnknown = "tls-report-result-type-unknown", Warning, "RFC 8460 §4.3",
        "result-type \"{value}\" is not one of the result types RFC 8460 defines. The failures are counted but cannot be explained.",
        "Ask the reporting organization (contact-info) what it means.";
    /// An IP address field that is not an address.
    IpInvalid = "tls-report-ip-invalid", Warning, "RFC 8460 §4.4",
        "{field} is \"{value}\", which is not an IPv4 or IPv6 address.",
        "Nothing to fix on your side; the address is shown as written.";
    /// A receiving MX that is not a host name or `*.` pattern.
    MxHostInvalid = "tls-report-mx-host-invalid", Warning, "RFC 8460 §4.4; RFC 8461 §3.2",
        "mx-host \"{value}\" is not a host name or a *. wildcard pattern.",
        "If it is your MTA-STS policy, check its mx: lines; a reporter may also have copied the whole policy line.";
    /// A policy with no `policies` entries at all.
    NoPolicies = "tls-report-no-policies", Warning, "RFC 8460 §4.4",
        "The report lists no policies, so it says nothing about any session.",
        "Nothing to fix on your side.";
    /// The failure details add up to more than the failure total.
    CountMismatch = "tls-report-count-mismatch", Warning, "RFC 8460 §4.2",
        "The failure details add up to {details} failed sessions, but total-failure-session-count is {total}. The counts contradict each other.",
        "Treat the numbers of this policy with care; the reporter's counting is inconsistent.";
    /// Failures counted, but none detailed.
    FailuresWithoutDetails = "tls-report-failures-without-details", Info, "RFC 8460 §4.2.2",
        "{total} sessions failed, but the report gives no failure-details, so it is not known why.",
        "Check your MTA-STS policy and certificates, or ask the reporter for details.";
    /// A failure detail that does not say which server was involved.
    DetailIncomplete = "tls-report-detail-incomplete", Info, "RFC 8460 §4.4",
        "This failure detail has no {field}, so it cannot be tied to one {what}.",
        "Nothing to fix on your side; the failures are grouped under an unknown {what}.";
    }
}
