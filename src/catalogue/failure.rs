//! The rules' words for failure reports (ARF, RFC 9991). Codes start with `failure-`.

catalogue! {
    /// Rules for failure reports (ARF, RFC 9991).
    pub enum FailureCode as Failure {
    /// The report e-mail is not `multipart/report`.
    NotMultipartReport = "failure-not-multipart-report", Warning, "RFC 5965 §2",
        "The report is sent as {found}, not multipart/report, so programs that expect the standard format may not recognise it.",
        "Nothing to fix on your side; its parts were read anyway.";
    /// `multipart/report` without `report-type=feedback-report`.
    ReportTypeMissing = "failure-report-type-missing", Warning, "RFC 5965 §2",
        "The report does not say report-type=feedback-report, so it is not marked as an ARF report.",
        "Nothing to fix on your side; its parts were read anyway.";
    /// No `message/feedback-report` part.
    NoFeedbackPart = "failure-no-feedback-part", Warning, "RFC 5965 §2",
        "The report has no machine-readable message/feedback-report part. What is shown was read from the human-readable text, which has no standard format, so check it against the text.",
        "Nothing to fix on your side; the reporter's software does not follow ARF.";
    /// No copy of the original message or its headers.
    OriginalMissing = "failure-original-missing", Warning, "RFC 5965 §2",
        "The report carries no copy of the failed message or its headers, so its From, Subject and Authentication-Results cannot be shown.",
        "Nothing to fix on your side.";
    /// A line that is neither a field nor a continuation.
    LineMalformed = "failure-line-malformed", Warning, "RFC 5965 §3.1",
        "\"{text}\" is not a field: each line of a feedback report is Name: value, or a continuation starting with white space. It is skipped.",
        "Nothing to fix on your side; the reporter's output is malformed.";
    /// A required ARF field is absent.
    FieldMissing = "failure-field-missing", Warning, "RFC 5965 §3.1",
        "The feedback report has no {field} field, which ARF requires.",
        "Nothing to fix on your side; the report is read without it.";
    /// A field with nothing after the colon.
    FieldEmpty = "failure-field-empty", Info, "RFC 5965 §3.1",
        "{field} is empty. It is shown as not given.",
        "Nothing to fix on your side. (A null sender is written <>.)";
    /// A field that may appear once, repeated.
    FieldDuplicate = "failure-field-duplicate", Warning, "RFC 5965 §3.1",
        "{field} appears more than once, but may appear only once. The first one is used.",
        "Nothing to fix on your side; the reporter's output is malformed.";
    /// A field ARF and its extensions do not define.
    FieldUnknown = "failure-field-unknown", Info, "RFC 5965 §3.1",
        "{field} is not a feedback-report field. It is kept as written but not interpreted.",
        "Nothing to do; it may be the reporter's extension.";
    /// `Version` other than 1.
    VersionInvalid = "failure-version-invalid", Info, "RFC 5965 §3.1",
        "Version is \"{value}\", but ARF defines only version 1.",
        "Nothing to fix on your side; the report is read as version 1.";
    /// Not an authentication failure report.
    FeedbackTypeNotAuthFailure = "failure-feedback-type-not-auth-failure", Warning, "RFC 6591 §3; RFC 9991 §3",
        "Feedback-Type is \"{value}\", not auth-failure, so this is not an authentication failure report (abuse and spam complaints use the same format).",
        "Read it as the kind of report it says it is; it says nothing about DMARC.";
    /// No `Auth-Failure` in an auth-failure report.
    AuthFailureMissing = "failure-auth-failure-missing", Warning, "RFC 6591 §3",
        "There is no Auth-Failure field, so the report does not say which check failed (dmarc, dkim, spf, ...).",
        "Nothing to fix on your side; look at the Authentication-Results instead.";
    /// An `Auth-Failure` value not defined.
    AuthFailureUnknown = "failure-auth-failure-unknown", Warning, "RFC 6591 §3; RFC 9991 §3",
        "Auth-Failure \"{value}\" is not one of dmarc, dkim, spf, bodyhash, revoked, signature or adsp.",
        "Nothing to fix on your side; it is shown as written.";
    /// A `Delivery-Result` value not defined.
    DeliveryResultInvalid = "failure-delivery-result-invalid", Warning, "RFC 6591 §3",
        "Delivery-Result \"{value}\" is not one of delivered, spam, policy, reject or other, so what happened to the message is unclear.",
        "Nothing to fix on your side; it is shown as written.";
    /// No `Identity-Alignment` in a DMARC failure report.
    IdentityAlignmentMissing = "failure-identity-alignment-missing", Warning, "RFC 9991 §3",
        "This DMARC failure report has no Identity-Alignment field, which RFC 9991 requires, so it does not say whether SPF or DKIM was aligned with the From domain.",
        "Nothing to fix on your side; check the Authentication-Results of the original message.";
    /// An `Identity-Alignment` that is not `none` or a list of dkim/spf.
    IdentityAlignmentInvalid = "failure-identity-alignment-invalid", Warning, "RFC 9991 §3",
        "Identity-Alignment \"{value}\" is not none or a comma-separated list of dkim and spf.",
        "Nothing to fix on your side; it is shown as written.";
    /// DKIM failed for the domain, but the DKIM fields are missing.
    DkimFieldsMissing = "failure-dkim-fields-missing", Warning, "RFC 9991 §3; RFC 6591 §3",
        "DKIM failed for {domain}, but the report lacks {fields}, so it does not say which signature failed.",
        "Nothing to fix on your side; look for the DKIM-Signature in the original headers.";
    /// SPF failed for the domain, but `SPF-DNS` is missing.
    SpfDnsMissing = "failure-spf-dns-missing", Warning, "RFC 9991 §3; RFC 6591 §3",
        "SPF failed for {domain}, but the report has no SPF-DNS field, so it does not show the SPF record the receiver used.",
        "Look up your SPF record and check that it lists the sending IP address.";
    /// `Source-IP` that is not an address.
    SourceIpInvalid = "failure-source-ip-invalid", Warning, "RFC 5965 §3.2",
        "Source-IP \"{value}\" is not an IPv4 or IPv6 address, so the sending server is unknown.",
        "Nothing to fix on your side; it is shown as written.";
    /// `Source-Port` or `Incidents` that is not a number.
    NumberInvalid = "failure-number-invalid", Warning, "RFC 5965 §3.2; RFC 6692 §3",
        "{field} \"{value}\" is not a number.",
        "Nothing to fix on your side; it is ignored.";
    }
}
