//! DMARC aggregate reports: a lenient reader for RFC 7489 and RFC 9990 XML (in progress).
