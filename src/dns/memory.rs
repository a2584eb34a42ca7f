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
/// Failures can be set per name and type ([`add_failure`](Self::add_failure))
/// or for every type of a name ([`add_failure_any_type`](Self::add_failure_any_type));
/// they are checked at every name of a CNAME chain.
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
    /// Failures by name and type; `None` is every type.
    failures: HashMap<(String, Option<RecordType>), Failure>,
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
        self.add_failure(name, record_type, Failure::Timeout)
    }

    /// Makes queries of `record_type` at `name` fail with `failure` (the
    /// name exists). A later failure for the same name and type replaces
    /// an earlier one.
    pub fn add_failure(&mut self, name: &str, record_type: RecordType, failure: Failure) -> &mut Self {
        let name = normalize(name);
        self.names.insert(name.clone());
        self.failures.insert((name, Some(record_type)), failure);
        self
    }

    /// Makes queries of every type at `name` fail with `failure` (the name
    /// exists). A failure set for one type with
    /// [`add_failure`](Self::add_failure) takes precedence.
    pub fn add_failure_any_type(&mut self, name: &str, failure: Failure) -> &mut Self {
        let name = normalize(name);
        self.names.insert(name.clone());
        self.failures.insert((name, None), failure);
        self
    }

    /// Adds everything `other` holds: its records, names and failures (its
    /// failures replace this resolver's for the same name and type).
    pub fn merge(&mut self, other: MemoryResolver) -> &mut Self {
        for (key, records) in other.records {
            self.records.entry(key).or_default().extend(records);
        }
        self.failures.extend(other.failures);
        self.names.extend(other.names);
        self
    }

    /// The failure set for `name` (normalised) and `record_type`, if any.
    fn failure(&self, name: &str, record_type: RecordType) -> Option<&Failure> {
        let name = name.to_string();
        self.failures.get(&(name.clone(), Some(record_type))).or_else(|| self.failures.get(&(name, None)))
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
            if let Some(failure) = self.failure(&name, record_type) {
                return Answer::Failed(failure.clone());
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

    #[test]
    fn failures_by_type_and_for_every_type() {
        let mut dns = MemoryResolver::new();
        dns.add_txt("flaky.example", "v=spf1 -all");
        dns.add_failure("flaky.example", RecordType::Txt, Failure::ServFail);
        dns.add_failure_any_type("down.example", Failure::Refused);
        dns.add_failure("down.example", RecordType::Mx, Failure::Timeout);
        dns.add("alias.example", Record::Cname("down.example".into()));
        assert_eq!(dns.lookup("Flaky.Example.", RecordType::Txt), Answer::Failed(Failure::ServFail));
        assert_eq!(dns.lookup("flaky.example", RecordType::A), Answer::NoData);
        assert_eq!(dns.lookup("down.example", RecordType::A), Answer::Failed(Failure::Refused));
        assert_eq!(dns.lookup("down.example", RecordType::Txt), Answer::Failed(Failure::Refused));
        assert_eq!(dns.lookup("down.example", RecordType::Mx), Answer::Failed(Failure::Timeout));
        assert_eq!(dns.lookup("alias.example", RecordType::Aaaa), Answer::Failed(Failure::Refused));
        assert_eq!(dns.lookup("up.down.example", RecordType::A), Answer::NxDomain);
    }

    #[test]
    fn merge_keeps_both_sides() {
        let mut left = MemoryResolver::new();
        left.add_txt("example.com", "one");
        left.add_name("empty.example.com");
        let mut right = MemoryResolver::new();
        right.add_txt("EXAMPLE.com", "two");
        right.add_timeout("slow.example.org", RecordType::A);
        left.merge(right);
        assert_eq!(left.lookup("example.com", RecordType::Txt).records().len(), 2);
        assert_eq!(left.lookup("empty.example.com", RecordType::Txt), Answer::NoData);
        assert_eq!(left.lookup("slow.example.org", RecordType::A), Answer::Failed(Failure::Timeout));
        assert_eq!(left.lookup("example.org", RecordType::A), Answer::NoData);
    }
}
