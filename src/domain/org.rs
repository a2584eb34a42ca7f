//! Organizational domains offline, from the Public Suffix List.
//!
//! RFC 9989 finds the organizational domain with a DNS tree walk (§4.10.2);
//! without DNS at hand, a pasted message is judged with the Public Suffix
//! List instead, as RFC 7489 did (and reports then say
//! `discovery_method=psl`). With the `psl` feature (on by default) the
//! list is embedded as text and read once, on first use. Builds without it
//! leave its 37 KB (gzipped) out: the web app fetches the same file from
//! its own origin only when a page needs it (message headers, a plan's
//! report addresses, reports) and gives it to [`install`].
//!
//! The list is stored as a trie written as text
//! (`public_suffix_list.trie`, generated from `public_suffix_list.dat` by
//! `UPDATE_PSL=1 cargo test --test psl`, which also checks the two agree):
//! `label(children),label,…`, labels from the right, `~` before a label that
//! is only a step towards longer rules. Every rule with a Unicode label is
//! also there in A-labels (`公司.cn` and `xn--55qx5d.cn`), so names match in
//! either form without IDNA tables. It is read into a flat table on first
//! use (about 10 000 nodes; children are contiguous and sorted, so lookups
//! are binary searches).
//!
//! Why our own: measured as a tiny wasm32 release cdylib (opt-level z, LTO,
//! panic=abort) exporting one org-domain function, raw / gzip -9 bytes:
//!
//! | candidate                          | wasm      | gzipped  | PSL vectors |
//! |------------------------------------|-----------|----------|-------------|
//! | baseline (last two labels, no PSL) |  39 285   | 16 510   | 39 / 78     |
//! | `psl` 2.1.247 (list compiled in)   | 941 524   | 268 291  | 78 / 78     |
//! | `addr` 0.15.6 (over `psl`)         | 989 348   | 295 321  | 78 / 78     |
//! | `publicsuffix` 2.3 + list text     | 214 475   | 68 461   | 74 / 78     |
//! | the same + A-label rules (before)  | 236 804   | 80 961   | 78 / 78     |
//!
//! The trie text is 90 KB (37 KB gzipped) against the list's 148 KB (44 KB),
//! and the reader is a page of code instead of a crate.

use std::sync::OnceLock;

/// One label of one or more rules.
struct Node<'t> {
    label: &'t str,
    /// A rule ends here (rather than only passing through).
    rule: bool,
    /// Its children: `children.0..children.1` in the table.
    children: (u32, u32),
}

/// The trie as a flat table; the root's children come first.
struct Trie<'t> {
    nodes: Vec<Node<'t>>,
    top: (u32, u32),
}

/// The list given to [`install`], read.
static INSTALLED: OnceLock<Trie<'static>> = OnceLock::new();

/// The list: the installed one, else the embedded one (with the `psl`
/// feature), read on first use.
fn trie() -> Option<&'static Trie<'static>> {
    if let Some(installed) = INSTALLED.get() {
        return Some(installed);
    }
    embedded()
}

#[cfg(feature = "psl")]
fn embedded() -> Option<&'static Trie<'static>> {
    static PARSED: OnceLock<Trie<'static>> = OnceLock::new();
    Some(PARSED.get_or_init(|| read_trie(include_str!("public_suffix_list.trie"))))
}

#[cfg(not(feature = "psl"))]
fn embedded() -> Option<&'static Trie<'static>> {
    None
}

/// Whether the list is at hand: always with the `psl` feature, and after a
/// successful [`install`] without it. Until then names are compared only
/// exactly (see [`same_org`]); the web app waits for the list before it
/// shows anything that depends on it.
pub fn available() -> bool {
    trie().is_some()
}

/// Why [`install`] refused a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InstallError {
    /// The text is not the list's trie (a web server's error page, a
    /// truncated download): names known to the list are not found in it.
    NotTheList,
    /// A list is installed already; the first one stays.
    AlreadyInstalled,
}

impl std::fmt::Display for InstallError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            InstallError::NotTheList => "the file is not the Public Suffix List's trie",
            InstallError::AlreadyInstalled => "a Public Suffix List is installed already",
        })
    }
}

/// Installs the list's trie text (the contents of
/// `public_suffix_list.trie`), for builds without the `psl` feature, which
/// leave the list out to be fetched when it is first needed (the web app).
/// The text is checked against rules every version of the list has
/// before it is kept for the life of the program.
pub fn install(text: String) -> Result<(), InstallError> {
    if INSTALLED.get().is_some() {
        return Err(InstallError::AlreadyInstalled);
    }
    if !looks_like_the_list(&read_trie(&text)) {
        return Err(InstallError::NotTheList);
    }
    let text: &'static str = Box::leak(text.into_boxed_str());
    INSTALLED.set(read_trie(text)).map_err(|_| InstallError::AlreadyInstalled)
}

/// Checks a read trie against rules of both the ICANN and the private
/// sections, a wildcard and an exception, all long on the list.
fn looks_like_the_list(trie: &Trie<'_>) -> bool {
    let cases: [(&[&str], usize); 6] = [
        (&["mail", "example", "com"], 1),
        (&["mail", "example", "co", "uk"], 2),
        (&["a", "b", "ck"], 2),
        (&["www", "ck"], 1),
        (&["city", "kawasaki", "jp"], 2),
        (&["someone", "github", "io"], 2),
    ];
    trie.nodes.len() > 1_000 && cases.iter().all(|(labels, suffix)| trie.suffix_len(labels) == *suffix)
}

/// Reads the trie text breadth first, so each node's children sit together.
fn read_trie(text: &str) -> Trie<'_> {
    let mut nodes = Vec::new();
    // Beside each node, the text of its children, read when its turn comes.
    let mut inner = Vec::new();
    let top = push_children(&mut nodes, &mut inner, text);
    let mut next = 0;
    while let Some(&list) = inner.get(next) {
        if !list.is_empty() {
            let children = push_children(&mut nodes, &mut inner, list);
            if let Some(node) = nodes.get_mut(next) {
                node.children = children;
            }
        }
        next += 1;
    }
    Trie { nodes, top }
}

/// Appends the items of `list` (`a(…),b,…`, split at top-level commas) to
/// `nodes`, and the text inside each one's parentheses to `inner`; returns
/// their range.
fn push_children<'t>(nodes: &mut Vec<Node<'t>>, inner: &mut Vec<&'t str>, list: &'t str) -> (u32, u32) {
    let first = u32::try_from(nodes.len()).unwrap_or(u32::MAX);
    let mut depth = 0usize;
    let mut start = 0;
    for (i, b) in list.bytes().enumerate().chain(std::iter::once((list.len(), b','))) {
        match b {
            b'(' => depth += 1,
            b')' => depth = depth.saturating_sub(1),
            b',' if depth == 0 => {
                let item = list.get(start..i).unwrap_or("");
                let (rule, item) = match item.strip_prefix('~') {
                    Some(rest) => (false, rest),
                    None => (true, item),
                };
                let (label, children) = match item.split_once('(') {
                    Some((label, rest)) => (label, rest.strip_suffix(')').unwrap_or(rest)),
                    None => (item, ""),
                };
                if !label.is_empty() {
                    nodes.push(Node { label, rule, children: (0, 0) });
                    inner.push(children);
                }
                start = i + 1;
            }
            _ => {}
        }
    }
    (first, u32::try_from(nodes.len()).unwrap_or(u32::MAX))
}

impl<'t> Trie<'t> {
    fn children(&self, range: (u32, u32)) -> &[Node<'t>] {
        self.nodes.get(range.0 as usize..range.1 as usize).unwrap_or(&[])
    }

    fn find(&self, range: (u32, u32), label: &str) -> Option<&Node<'t>> {
        let children = self.children(range);
        let at = children.binary_search_by(|n| n.label.cmp(label)).ok()?;
        children.get(at)
    }

    /// How many labels from the right of `labels` form the public suffix
    /// (the PSL algorithm: exceptions first, then the longest rule, then
    /// the implicit `*`).
    fn suffix_len(&self, labels: &[&str]) -> usize {
        let mut longest = 1;
        let mut range = self.top;
        let mut exception = String::new();
        for (depth, label) in labels.iter().rev().enumerate() {
            exception.clear();
            exception.push('!');
            exception.push_str(label);
            if self.find(range, &exception).is_some() {
                return depth;
            }
            if self.find(range, "*").is_some_and(|n| n.rule) {
                longest = longest.max(depth + 1);
            }
            let Some(node) = self.find(range, label) else { break };
            if node.rule {
                longest = longest.max(depth + 1);
            }
            range = node.children;
        }
        longest
    }
}

/// The organizational domain of `name`: its public suffix plus one label,
/// lower case, without a trailing dot. `None` when `name` is itself a public
/// suffix, has an empty label, or is not a name at all.
///
/// Names may be written in U-labels or A-labels (`xn--`); they are not
/// converted, so the result keeps the form of the input. Case is folded for
/// ASCII letters only, as DNS compares names (RFC 4343 §3); a U-label has
/// no upper case to fold (IDNA2008 disallows it). `None` too while
/// the list is not [`available`].
///
/// ```
/// use dmarc_lens::domain::org::organizational_domain;
/// assert_eq!(organizational_domain("Mail.Example.CO.UK").as_deref(), Some("example.co.uk"));
/// assert_eq!(organizational_domain("bounces.example.com.").as_deref(), Some("example.com"));
/// assert_eq!(organizational_domain("co.uk"), None);
/// ```
pub fn organizational_domain(name: &str) -> Option<String> {
    let name = name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase();
    if name.is_empty() || name.len() > 253 || name.split('.').any(str::is_empty) {
        return None;
    }
    let labels: Vec<&str> = name.split('.').collect();
    let suffix = trie()?.suffix_len(&labels);
    let keep = labels.len().checked_sub(suffix + 1)?;
    labels.get(keep..).map(|org| org.join("."))
}

/// The organizational domain of `name`, or the name itself (lower case)
/// when it has none, which is what RFC 9989 §4.10.2 falls back to.
pub fn org_or_self(name: &str) -> String {
    organizational_domain(name).unwrap_or_else(|| name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase())
}

/// Whether `a` and `b` are the same name, ignoring case and a trailing dot
/// (strict alignment).
pub fn same_name(a: &str, b: &str) -> bool {
    let a = a.strip_suffix('.').unwrap_or(a);
    let b = b.strip_suffix('.').unwrap_or(b);
    !a.is_empty() && a.eq_ignore_ascii_case(b)
}

/// Whether `a` and `b` share an organizational domain (relaxed alignment).
/// While the list is not [`available`], only the same name counts: the
/// strict reading, never a guess at where the public suffix ends.
pub fn same_org(a: &str, b: &str) -> bool {
    !a.is_empty() && !b.is_empty() && org_or_self(a) == org_or_self(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_a_labels_match_unicode_rules() {
        assert_eq!(
            organizational_domain("www.xn--85x722f.xn--55qx5d.cn").as_deref(),
            Some("xn--85x722f.xn--55qx5d.cn")
        );
        assert_eq!(organizational_domain("www.食狮.公司.cn").as_deref(), Some("食狮.公司.cn"));
    }

    #[test]
    fn wildcards_exceptions_and_unlisted_suffixes() {
        // `*.ck` with `!www.ck`.
        assert_eq!(organizational_domain("a.b.ck").as_deref(), Some("a.b.ck"));
        assert_eq!(organizational_domain("www.ck").as_deref(), Some("www.ck"));
        assert_eq!(organizational_domain("b.ck"), None);
        // A top-level domain the list does not know: the implicit `*` rule.
        assert_eq!(organizational_domain("mail.example.notlisted").as_deref(), Some("example.notlisted"));
    }

    #[test]
    fn the_embedded_list_passes_the_install_check_and_other_text_does_not() {
        let text = include_str!("public_suffix_list.trie");
        assert!(looks_like_the_list(&read_trie(text)));
        // What a static host sends for a missing file, and a cut download.
        assert!(!looks_like_the_list(&read_trie("<!doctype html><title>404 Not Found</title>")));
        assert!(!looks_like_the_list(&read_trie(&text[..text.len() / 2])));
        assert!(!looks_like_the_list(&read_trie("")));
        assert_eq!(install("com,uk(co)".to_string()), Err(InstallError::NotTheList));
        // The real list installs once; the answers stay the same.
        assert!(available());
        assert_eq!(install(text.to_string()), Ok(()));
        assert_eq!(install(text.to_string()), Err(InstallError::AlreadyInstalled));
        assert_eq!(organizational_domain("a.b.example.co.uk").as_deref(), Some("example.co.uk"));
    }

    #[test]
    fn the_table_is_read_whole() {
        let t = trie().unwrap();
        assert!(t.nodes.len() > 10_000, "{}", t.nodes.len());
        assert!(t.nodes.iter().all(|n| !n.label.contains(['(', ')', ','])));
    }
}
