//! What people paste: zone-file lines, several records at once, and which kind of record a text is (in progress).
