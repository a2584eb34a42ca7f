//! An in-memory [`Resolver`] for tests and examples.

use std::collections::{HashMap, HashSet};
use std::future::{ready, Future};

use super::{Answer, Failure, Record, RecordType, Resolver, Txt};

/// The most CNAMEs followed for one query.
const CNAME_HOPS: usize = 8;

/// A resolver answering from records added in code.
///
/// Names are compared without regard to case and with any trailing dot
/// removed. A name with records of some type, or below such a name (an
/// empty non-terminal), exists: asking it for another type gives NODATA;
/// any other name gives NXDOMAIN. CNAMEs are followed (at most 8 hops).
///
/// ```
/// use dmarc_lens::dns::{Answer, MemoryResolver, RecordType};
/// let mut dns = MemoryResolver::new();
/// dns.add_txt("Example.COM.", "v=spf1 -all");
/// dns.add_timeout("slow.example", RecordType::Txt);
/// assert_eq!(dns.lookup("example.com", RecordType::Txt).records().len(), 1);
/// assert_eq!(dns.lookup("example.com", RecordType::A), Answer::NoData);
/// assert_eq!(dns.lookup("other.example", RecordType::A), Answer::NxDomain);
/// assert!(matches!(dns.lookup("slow.example", RecordType::Txt), Answer::Failed(_)));
/// ```
#[derive(Clone, Debug, Default)]
pub struct MemoryResolver {
    records: HashMap<(String, RecordType), Vec<Record>>,
    timeouts: HashSet<(String, RecordType)>,
    names: HashSet<String>,
}

/// The name in lower case without a trailing dot.
pub(crate) fn normalize(name: &str) -> String {
    name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase()
}

impl MemoryResolver {
    /// An empty resolver: every name is NXDOMAIN.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one record at `name`.
    pub fn add(&mut self, name: &str, record: Record) -> &mut Self {
        let name = normalize(name);
        self.names.insert(name.clone());
        self.records.entry((name, record.record_type())).or_default().push(record);
        self
    }

    /// Adds a TXT record made of one string.
    pub fn add_txt(&mut self, name: &str, text: &str) -> &mut Self {
        self.add(name, Record::Txt(Txt::new([text])))
    }

    /// Makes `name` exist without records: every type gives NODATA.
    pub fn add_name(&mut self, name: &str) -> &mut Self {
        self.names.insert(normalize(name));
        self
    }

    /// Makes queries of `record_type` at `name` time out (the name exists).
    pub fn add_timeout(&mut self, name: &str, record_type: RecordType) -> &mut Self {
        let name = normalize(name);
        self.names.insert(name.clone());
        self.timeouts.insert((name, record_type));
        self
    }

    /// Whether `name` exists: it has something, or something is below it.
    fn exists(&self, name: &str) -> bool {
        if self.names.contains(name) {
            return true;
        }
        let suffix = format!(".{name}");
        self.names.iter().any(|n| n.ends_with(&suffix))
    }

    /// The answer, synchronously.
    pub fn lookup(&self, name: &str, record_type: RecordType) -> Answer {
        let mut name = normalize(name);
        for _ in 0..=CNAME_HOPS {
            if self.timeouts.contains(&(name.clone(), record_type)) {
                return Answer::Failed(Failure::Timeout);
            }
            if let Some(found) = self.records.get(&(name.clone(), record_type)).filter(|r| !r.is_empty()) {
                return Answer::Records(found.clone());
            }
            let alias = match self.records.get(&(name.clone(), RecordType::Cname)).and_then(|r| r.first()) {
                Some(Record::Cname(target)) if record_type != RecordType::Cname => normalize(target),
                _ => {
                    return if self.exists(&name) { Answer::NoData } else { Answer::NxDomain };
                }
            };
            name = alias;
        }
        Answer::Failed(Failure::ServFail)
    }
}

impl Resolver for MemoryResolver {
    fn query(&self, name: &str, record_type: RecordType) -> impl Future<Output = Answer> {
        ready(self.lookup(name, record_type))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_case_and_dot_insensitive() {
        let mut dns = MemoryResolver::new();
        dns.add_txt("Example.COM.", "v=spf1 -all");
        dns.add("a.b.example.com", Record::A("192.0.2.1".parse().unwrap()));
        dns.add("alias.example.com", Record::Cname("A.B.example.com.".into()));
        dns.add("loop.example.com", Record::Cname("loop.example.com".into()));
        dns.add_timeout("slow.example.com", RecordType::Txt);
        assert_eq!(dns.lookup("example.com", RecordType::Txt).records().len(), 1);
        assert_eq!(dns.lookup("EXAMPLE.com.", RecordType::Txt).records().len(), 1);
        assert_eq!(dns.lookup("example.com", RecordType::A), Answer::NoData);
        assert_eq!(dns.lookup("b.example.com", RecordType::A), Answer::NoData);
        assert_eq!(dns.lookup("nope.example.com", RecordType::A), Answer::NxDomain);
        assert_eq!(dns.lookup("alias.example.com", RecordType::A).records().len(), 1);
        assert_eq!(dns.lookup("loop.example.com", RecordType::A), Answer::Failed(Failure::ServFail));
        assert_eq!(dns.lookup("slow.example.com", RecordType::Txt), Answer::Failed(Failure::Timeout));
        assert_eq!(dns.lookup("slow.example.com", RecordType::A), Answer::NoData);
        assert!(Answer::NoData.is_void() && !Answer::Failed(Failure::Timeout).is_void());
    }
}
