//! The Public Suffix List's trie (`src/domain/public_suffix_list.trie`) is
//! generated from the list itself (`src/domain/public_suffix_list.dat`)
//! here: this test rebuilds it and fails when the two disagree.
//! `UPDATE_PSL=1 cargo test --test psl` rewrites the trie after the list is
//! refreshed.
//!
//! The format: `label(children),label,…`, children sorted bytewise, labels
//! from the right; `~` marks a label that is only a step towards longer
//! rules. Every rule with a Unicode label is also written in A-labels.

use std::collections::BTreeMap;
use std::path::Path;

#[derive(Default)]
struct Node {
    rule: bool,
    children: BTreeMap<String, Node>,
}

fn insert(root: &mut Node, rule: &str) {
    let mut node = root;
    for label in rule.rsplit('.') {
        node = node.children.entry(label.to_string()).or_default();
    }
    node.rule = true;
}

fn write(node: &Node, out: &mut String) {
    for (i, (label, child)) in node.children.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if !child.rule {
            out.push('~');
        }
        out.push_str(label);
        if !child.children.is_empty() {
            out.push('(');
            write(child, out);
            out.push(')');
        }
    }
}

/// One label in Punycode (RFC 3492 §6.3) with the `xn--` prefix.
fn punycode(label: &str) -> String {
    const BASE: u32 = 36;
    const TMIN: u32 = 1;
    const TMAX: u32 = 26;
    let digit = |d: u32| char::from(if d < 26 { b'a' + d as u8 } else { b'0' + (d - 26) as u8 });
    let adapt = |delta: u32, points: u32, first: bool| {
        let mut delta = if first { delta / 700 } else { delta / 2 };
        delta += delta / points;
        let mut k = 0;
        while delta > ((BASE - TMIN) * TMAX) / 2 {
            delta /= BASE - TMIN;
            k += BASE;
        }
        k + (BASE - TMIN + 1) * delta / (delta + 38)
    };
    let input: Vec<u32> = label.chars().map(u32::from).collect();
    let mut out: String = label.chars().filter(char::is_ascii).collect();
    let basic = out.len() as u32;
    if basic > 0 {
        out.push('-');
    }
    let (mut n, mut delta, mut bias, mut handled) = (128u32, 0u32, 72u32, basic);
    while handled < input.len() as u32 {
        let m = input.iter().copied().filter(|&c| c >= n).min().unwrap();
        delta += (m - n) * (handled + 1);
        n = m;
        for &c in &input {
            if c < n {
                delta += 1;
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = if k <= bias {
                        TMIN
                    } else if k >= bias + TMAX {
                        TMAX
                    } else {
                        k - bias
                    };
                    if q < t {
                        break;
                    }
                    out.push(digit(t + (q - t) % (BASE - t)));
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                out.push(digit(q));
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta += 1;
        n += 1;
    }
    format!("xn--{out}")
}

#[test]
fn punycode_matches_rfc_3492() {
    assert_eq!(punycode("公司"), "xn--55qx5d");
    assert_eq!(punycode("中国"), "xn--fiqs8s");
    assert_eq!(punycode("食狮"), "xn--85x722f");
    assert_eq!(punycode("bücher"), "xn--bcher-kva");
}

#[test]
fn the_trie_is_the_list() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/domain");
    let list = std::fs::read_to_string(dir.join("public_suffix_list.dat")).unwrap();
    let mut root = Node::default();
    let mut rules = 0;
    for line in list.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with("//")) {
        let rule = line.split_whitespace().next().unwrap();
        // The reader handles wildcards only as the leftmost label, which is
        // all the list uses.
        assert!(!rule.split('.').skip(1).any(|l| l.contains('*')), "{rule}");
        assert!(!rule.contains(['(', ')', ',', '~']), "{rule}");
        insert(&mut root, rule);
        rules += 1;
        if !rule.is_ascii() {
            let a_labels: Vec<String> =
                rule.split('.').map(|l| if l.is_ascii() { l.to_string() } else { punycode(l) }).collect();
            insert(&mut root, &a_labels.join("."));
        }
    }
    assert!(rules > 9_000, "{rules} rules");
    let mut trie = String::new();
    write(&root, &mut trie);
    trie.push('\n');
    let path = dir.join("public_suffix_list.trie");
    if std::env::var_os("UPDATE_PSL").is_some() {
        std::fs::write(&path, &trie).unwrap();
        return;
    }
    let stored = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(stored == trie, "public_suffix_list.trie is out of date: UPDATE_PSL=1 cargo test --test psl");
}
