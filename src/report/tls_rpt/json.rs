//! A JSON tree that remembers where every value was written.
//!
//! `serde_json` checks the document and decodes strings; this small walker
//! over the already checked text adds the byte spans that diagnostics point
//! at, keeps object members in written order and keeps repeated keys, so
//! the reader can report them instead of losing one silently.

use crate::diag::Span;

/// A value and where it was written.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Node {
    /// From the first to one past the last byte of the value.
    pub span: Span,
    /// The value.
    pub value: Value,
}

/// A JSON value, with numbers kept as written.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value {
    Object(Vec<Member>),
    Array(Vec<Node>),
    String(String),
    Number(String),
    Bool(bool),
    Null,
}

/// One `"key": value` of an object.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Member {
    /// The key, decoded.
    pub key: String,
    /// Where the key is written, quotes included.
    pub key_span: Span,
    /// The value.
    pub value: Node,
}

impl Value {
    /// What kind of value this is, in words, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Object(_) => "an object",
            Value::Array(_) => "a list",
            Value::String(_) => "a string",
            Value::Number(_) => "a number",
            Value::Bool(_) => "true or false",
            Value::Null => "null",
        }
    }
}

/// How deeply arrays and objects nest, counted outside strings. Works on
/// any bytes, valid JSON or not, and stops counting once past `cap`.
pub(crate) fn depth(bytes: &[u8], cap: usize) -> usize {
    let (mut depth, mut deepest, mut in_string, mut escaped) = (0usize, 0usize, false, false);
    for &b in bytes {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
                if deepest > cap {
                    return deepest;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// Parses `text`, which `serde_json` has already accepted, nesting at most
/// `max_depth` levels. `None` if it is not JSON after all or nests deeper.
pub(crate) fn parse(text: &str, max_depth: usize) -> Option<Node> {
    let mut walker = Walker { text, pos: 0 };
    let node = walker.value(max_depth)?;
    walker.space();
    (walker.pos == text.len()).then_some(node)
}

struct Walker<'a> {
    text: &'a str,
    pos: usize,
}

impl Walker<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        self.space();
        let hit = self.peek() == Some(b);
        if hit {
            self.pos += 1;
        }
        hit
    }

    fn value(&mut self, depth_left: usize) -> Option<Node> {
        self.space();
        let start = self.pos;
        let value = match self.peek()? {
            b'{' => {
                self.pos += 1;
                Value::Object(self.members(depth_left.checked_sub(1)?)?)
            }
            b'[' => {
                self.pos += 1;
                Value::Array(self.elements(depth_left.checked_sub(1)?)?)
            }
            b'"' => Value::String(self.string()?.1),
            b't' => self.literal("true", Value::Bool(true))?,
            b'f' => self.literal("false", Value::Bool(false))?,
            b'n' => self.literal("null", Value::Null)?,
            _ => {
                let rest = self.text.get(self.pos..)?;
                let len = rest.bytes().take_while(|b| b"+-0123456789.eE".contains(b)).count();
                if len == 0 {
                    return None;
                }
                self.pos += len;
                Value::Number(rest.get(..len)?.to_string())
            }
        };
        Some(Node { span: Span::new(start, self.pos), value })
    }

    fn literal(&mut self, word: &str, value: Value) -> Option<Value> {
        if self.text.get(self.pos..)?.starts_with(word) {
            self.pos += word.len();
            Some(value)
        } else {
            None
        }
    }

    /// A string at the current position: its span and decoded text.
    fn string(&mut self) -> Option<(Span, String)> {
        let start = self.pos;
        let bytes = self.text.as_bytes();
        let mut at = start + 1;
        loop {
            match bytes.get(at)? {
                b'\\' => at += 2,
                b'"' => break,
                _ => at += 1,
            }
        }
        self.pos = at + 1;
        let raw = self.text.get(start..self.pos)?;
        let decoded = serde_json::from_str::<String>(raw).ok()?;
        Some((Span::new(start, self.pos), decoded))
    }

    fn members(&mut self, depth_left: usize) -> Option<Vec<Member>> {
        let mut out = Vec::new();
        if self.eat(b'}') {
            return Some(out);
        }
        loop {
            self.space();
            let (key_span, key) = self.string()?;
            if !self.eat(b':') {
                return None;
            }
            let value = self.value(depth_left)?;
            out.push(Member { key, key_span, value });
            if self.eat(b'}') {
                return Some(out);
            }
            if !self.eat(b',') {
                return None;
            }
        }
    }

    fn elements(&mut self, depth_left: usize) -> Option<Vec<Node>> {
        let mut out = Vec::new();
        if self.eat(b']') {
            return Some(out);
        }
        loop {
            out.push(self.value(depth_left)?);
            if self.eat(b']') {
                return Some(out);
            }
            if !self.eat(b',') {
                return None;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_and_order_are_kept() {
        let text = r#" {"b": [1, "x\"y"], "a": null, "b": true} "#;
        let node = parse(text, 4).unwrap();
        assert_eq!(node.span, Span::new(1, text.len() - 1));
        let Value::Object(members) = node.value else { panic!() };
        let keys: Vec<&str> = members.iter().map(|m| m.key.as_str()).collect();
        assert_eq!(keys, ["b", "a", "b"]);
        assert_eq!(members[0].key_span.slice(text), "\"b\"");
        let Value::Array(items) = &members[0].value.value else { panic!() };
        assert_eq!(items[1].value, Value::String("x\"y".into()));
        assert_eq!(items[1].span.slice(text), r#""x\"y""#);
    }

    #[test]
    fn depth_counts_outside_strings_only() {
        assert_eq!(depth(br#"{"a": "[[[[", "b": [[1]]}"#, 10), 3);
        assert_eq!(depth(b"[[[[[[", 3), 4);
        assert!(parse("[[[1]]]", 2).is_none());
        assert!(parse("[[[1]]]", 3).is_some());
    }
}
