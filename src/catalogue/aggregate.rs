//! The rules' words for DMARC aggregate reports (RFC 7489 Appendix C, RFC 9990). Codes start with `aggregate-`.

catalogue! {
    /// Rules for DMARC aggregate reports (RFC 7489 Appendix C, RFC 9990).
    pub enum AggregateCode as Aggregate {
    /// The file holds nothing, or only whitespace.
    Empty = "aggregate-empty", Error, "RFC 9990 §3.1",
        "The file is empty, so there is no report to read.",
        "Check that the attachment was saved completely; an aggregate report is an XML document starting with <feedback> or an XML declaration.";
    /// The bytes do not start like an XML document.
    NotXml = "aggregate-not-xml", Error, "RFC 9990 §3.1",
        "This is not an XML document: {detail}.",
        "Give the report's XML itself; a .gz or .zip attachment must be unpacked first, and a report e-mail must have its attachment taken out.";
    /// Well-formed enough, but no `<feedback>` element anywhere.
    NoFeedback = "aggregate-no-feedback", Error, "RFC 9990 §3.1",
        "The XML has no <feedback> element, so it is not a DMARC aggregate report.",
        "Check that this is the aggregate report (rua) and not another kind of XML, such as a schema or a failure report.";
    /// Elements nested deeper than the reader allows.
    TooDeep = "aggregate-too-deep", Error, "RFC 9990 §3.1",
        "Elements are nested more than {limit} levels deep; a real report nests at most six, so reading stopped here.",
        "This is not a usable report; discard it, as RFC 9990 asks for malformed reports.";
    /// More records than the configured cap.
    TooManyRecords = "aggregate-too-many-records", Error, "RFC 9990 §3.1",
        "The report has more than {limit} records; reading stopped after that many, so the totals cover only part of it.",
        "Raise the record limit if this report is genuine, or split the work.";
    /// The XML breaks in a way the reader cannot repair.
    XmlBroken = "aggregate-xml-broken", Error, "RFC 9990 §3.1",
        "The XML is broken here ({detail}); everything before this point was read, the rest was not.",
        "Ask the sender for a corrected report; RFC 9990 says malformed reports should be discarded, so treat these numbers with care.";
    /// A `<` inside a value, read as text.
    UnescapedLt = "aggregate-unescaped-lt", Warning, "RFC 9990 §3.1",
        "A bare < appears inside text, where XML requires &lt;. It was read as a literal < character.",
        "The sender's report generator does not escape values; the value is shown as found.";
    /// A bare `&` inside a value, read as text.
    UnescapedAmp = "aggregate-unescaped-amp", Warning, "RFC 9990 §3.1",
        "A bare & appears inside text, where XML requires &amp;. It was read as a literal & character.",
        "The sender's report generator does not escape values; the value is shown as found.";
    /// An entity other than the five XML predefines.
    UnknownEntity = "aggregate-unknown-entity", Warning, "RFC 9990 §3.1",
        "The entity reference {entity} is not one of XML's five predefined ones, and entities from a DOCTYPE are never expanded here, so it was kept as literal text.",
        "Aggregate reports need no entities; the value is shown as found.";
    /// A DOCTYPE declaration.
    Doctype = "aggregate-doctype", Warning, "RFC 9990 Appendix A",
        "The file has a DOCTYPE declaration. Aggregate reports have none; it was ignored and the entities it declares are not expanded.",
        "Nothing to do if the rest reads well; a DOCTYPE with entity definitions in a report is a warning sign of a crafted file.";
    /// Declared single-byte encoding, plain ASCII bytes.
    EncodingAsciiOnly = "aggregate-encoding-ascii-only", Info, "RFC 9990 Appendix A",
        "The XML declaration says encoding=\"{encoding}\", but every byte is plain ASCII, which reads the same in UTF-8.",
        "Nothing to do; the sender could declare UTF-8.";
    /// Declared single-byte encoding, but the bytes are UTF-8.
    EncodingMismatch = "aggregate-encoding-mismatch", Warning, "RFC 9990 Appendix A",
        "The XML declaration says encoding=\"{encoding}\", but the bytes are valid UTF-8 with non-ASCII characters, so they were read as UTF-8.",
        "Check the non-ASCII values; the sender's declaration is wrong.";
    /// An encoding this reader does not decode.
    EncodingUnsupported = "aggregate-encoding-unsupported", Warning, "RFC 9990 Appendix A",
        "The XML declaration says encoding=\"{encoding}\", which this reader does not decode; the bytes were read as UTF-8.",
        "Convert the file to UTF-8 if values look garbled.";
    /// Bytes that are not UTF-8.
    InvalidUtf8 = "aggregate-invalid-utf8", Warning, "RFC 9990 Appendix A",
        "These bytes are not valid UTF-8; each bad sequence was replaced by \u{fffd}.",
        "The value is shown with replacement characters; the sender's report generator mixes encodings.";
    /// An element outside the report structure that was read around.
    StrayElement = "aggregate-stray-element", Warning, "RFC 9990 Appendix A",
        "<{name}> does not belong here: {detail}.",
        "Nothing to do if the rest reads well; the sender's report generator writes extra markup.";
    /// An element that is never closed.
    Unclosed = "aggregate-unclosed", Warning, "RFC 9990 Appendix A",
        "<{name}> is never closed; it was read as ending where its parent ends.",
        "The XML is not well-formed; check the values near this element.";
    /// A closing tag without its opening tag.
    StrayEndTag = "aggregate-stray-end-tag", Warning, "RFC 9990 Appendix A",
        "</{name}> closes an element that is not open; it was ignored.",
        "The XML is not well-formed; check the values near this tag.";
    /// Content after the report's end.
    TrailingContent = "aggregate-trailing-content", Warning, "RFC 9990 §3.1",
        "There is more content after </feedback>; it was ignored.",
        "One file holds one report; if a second report follows, save it as its own file.";
    /// Text where only elements belong.
    StrayText = "aggregate-stray-text", Warning, "RFC 9990 Appendix A",
        "The text \"{text}\" sits between elements, where the format has no text; it was ignored.",
        "The sender's report generator writes stray text; nothing was lost.";
    /// An element the format does not define (first occurrence only).
    UnknownElement = "aggregate-unknown-element", Info, "RFC 9990 §5",
        "<{name}> is not part of the aggregate report format; it and its content were skipped (reported once per element name).",
        "Nothing to do; readers skip what they do not know.";
    /// An extension element (first occurrence only).
    Extension = "aggregate-extension", Info, "RFC 9990 §5",
        "<{name}> is an extension; its content was skipped, as RFC 9990 lets processors do with extensions they do not know (reported once per element name).",
        "Nothing to do unless you rely on that extension.";
    /// Elements out of schema order.
    OutOfOrder = "aggregate-out-of-order", Info, "RFC 7489 Appendix C; RFC 9990 Appendix A",
        "<{name}> comes after <{after}>, but the schema puts it before; it was read anyway.",
        "Nothing to do; strict schema validators reject the file, this reader does not.";
    /// A required element is missing.
    Missing = "aggregate-missing", Warning, "RFC 9990 Appendix A",
        "<{parent}> has no <{name}>, which the format requires; {effect}.",
        "The sender's report is incomplete; nothing was made up for the missing value.";
    /// An element repeated where it may appear once.
    Duplicate = "aggregate-duplicate", Warning, "RFC 9990 Appendix A",
        "<{name}> appears again where it may appear only once; the first one was kept and this one ignored.",
        "Check which value the sender meant.";
    /// A required value is empty.
    EmptyValue = "aggregate-empty-value", Warning, "RFC 9990 Appendix A",
        "<{name}> is empty, but needs a value; it was read as having none.",
        "The sender left the value out; nothing was made up for it.";
    /// Leading or trailing whitespace inside a value.
    Whitespace = "aggregate-whitespace", Info, "RFC 9990 Appendix A",
        "The value of <{name}> has whitespace around it; it was read without it as \"{value}\".",
        "Nothing to do; the sender's report generator pads values.";
    /// An enumerated value in the wrong case.
    ValueCase = "aggregate-value-case", Warning, "RFC 8601 §2.7; RFC 9990 Appendix A",
        "<{name}> is \"{value}\", which the format spells \"{lower}\" in lower case; it was read as {lower}.",
        "Nothing to do; strict readers would reject the value.";
    /// An enumerated value the format does not define.
    UnknownValue = "aggregate-unknown-value", Warning, "RFC 8601 §2.7; RFC 9990 Appendix A",
        "<{name}> is \"{value}\", which is not one of {allowed}; it is kept and shown as unknown.",
        "The sender's report generator uses its own word; read it with care.";
    /// A number written with a fraction.
    FloatNumber = "aggregate-float-number", Warning, "RFC 7489 Appendix C; RFC 9990 Appendix A",
        "<{name}> is \"{value}\", a decimal number where the format wants a whole number; it was read as {read}.",
        "Nothing to do; old report generators wrote timestamps this way.";
    /// A number that cannot be read.
    InvalidNumber = "aggregate-invalid-number", Error, "RFC 7489 Appendix C; RFC 9990 Appendix A",
        "<{name}> is \"{value}\", which is not a whole number; {effect}.",
        "The sender's report is broken here; nothing was made up for the value.";
    /// A source IP that is not an address.
    InvalidIp = "aggregate-invalid-ip", Warning, "RFC 9990 Appendix A",
        "The source IP \"{value}\" is not an IPv4 or IPv6 address; the text is kept, but it cannot be looked up or grouped by network.",
        "The sender's report is broken here; the row still counts its messages.";
    /// `NULL` written where there is no domain.
    NullDomain = "aggregate-null-domain", Info, "RFC 9990 Appendix A",
        "The {what} domain is the word NULL, a placeholder some report generators write when there was no domain; it is kept as found.",
        "Read it as: the receiver had no domain to check.";
    /// A value from RFC 7489 that RFC 9990 removed.
    LegacyValue = "aggregate-legacy-value", Info, "RFC 9990 Appendix C",
        "<{name}> is \"{value}\", which RFC 7489 defined and RFC 9990 removed; it was read as given.",
        "Nothing to do; older report generators still write it.";
    /// The root element has a namespace prefix.
    PrefixedRoot = "aggregate-prefixed-root", Info, "RFC 9990 Appendix A",
        "The root element is <{name}>, with a namespace prefix its children do not carry; the children were read as part of the report anyway.",
        "Nothing to do; the sender's namespaces are inconsistent.";
    /// A namespace the reader does not know.
    NamespaceUnknown = "aggregate-namespace-unknown", Info, "RFC 9990 Appendix A",
        "The report uses the namespace {namespace}, which is neither RFC 9990's nor the old dmarc.org one; it was read as an aggregate report anyway.",
        "Nothing to do if the values look right.";
    /// `begin` after `end`.
    DateRangeInverted = "aggregate-date-range-inverted", Warning, "RFC 9990 §3.1.1",
        "The date range begins ({begin}) after it ends ({end}).",
        "The sender's clock or report generator is wrong; treat the period with care.";
    /// Too many findings of one kind.
    Truncated = "aggregate-truncated", Info, "RFC 9990 §3.1",
        "More than {limit} findings of the kind {code}; the rest are not listed.",
        "Fix the first ones; the rest are probably the same.";
    }
}
