//! The Build page's form: every field of its three tools, read from and
//! written to the URL (`#/build?tool=plan&d=example.com&…`), so a link
//! restores the whole form.
//!
//! | key | field |
//! |---|---|
//! | `tool` | `plan`, `spf` or `dkim` |
//! | `fmt` | `bind`, `terraform`, `json` or `plain` |
//! | `d` | the domain (all three tools) |
//! | `parked`, `receives`, `lists` | `1` when ticked |
//! | `rua`, `ruf` | report addresses, one per line |
//! | `sub` | sending subdomains, one per line: `name [record today]` |
//! | `style`, `pace`, `start`, `current` | the plan's ramp, pace, first day, record today |
//! | `senders` | the SPF catalogue senders ticked, comma-separated ids |
//! | `terms` | further SPF terms, one per line |
//! | `all`, `split`, `flatten` | `fail` for `-all`; `1` when ticked |
//! | `sel`, `key` | the DKIM selector and the pasted key |
//! | `doh` | the resolver for lookups (a provider's key or a URL); absent: the one remembered |

use dmarc_lens::plan::output::Format;
use dmarc_lens::plan::spf::{AllQualifier, SpfRequest, SpfTerm};
use dmarc_lens::plan::{Date, Pace, PlanInput, RampStyle, SendingSubdomain};

/// Which tool the page shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tool {
    /// The rollout plan, or the parked-domain kit.
    #[default]
    Plan,
    /// The SPF builder.
    Spf,
    /// The DKIM record formatter.
    Dkim,
}

impl Tool {
    /// Every tool, in the order of the page's tabs.
    pub const ALL: [Tool; 3] = [Tool::Plan, Tool::Spf, Tool::Dkim];

    /// `plan`, `spf` or `dkim`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Tool::Plan => "plan",
            Tool::Spf => "spf",
            Tool::Dkim => "dkim",
        }
    }

    /// The tab's words.
    pub const fn label(self) -> &'static str {
        match self {
            Tool::Plan => "Rollout plan",
            Tool::Spf => "SPF record",
            Tool::Dkim => "DKIM record",
        }
    }

    fn from_name(name: &str) -> Tool {
        Tool::ALL.into_iter().find(|t| t.as_str() == name).unwrap_or_default()
    }
}

/// Everything the Build page's forms hold, as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildForm {
    /// The tool shown.
    pub tool: Tool,
    /// How records are written out.
    pub format: Format,
    /// The domain.
    pub domain: String,
    /// The domain sends no mail: the parked-domain kit.
    pub parked: bool,
    /// A parked domain that still receives mail (no null MX).
    pub receives: bool,
    /// Aggregate report addresses, one per line (commas also separate).
    pub rua: String,
    /// Failure report addresses.
    pub ruf: String,
    /// Sending subdomains, one per line, each optionally followed by its
    /// record today.
    pub subdomains: String,
    /// Users post to mailing lists or rely on forwarding.
    pub lists: bool,
    /// The ramp style.
    pub style: RampStyle,
    /// The pace.
    pub pace: Pace,
    /// The first stage's day, `YYYY-MM-DD` as typed.
    pub start: String,
    /// The record at `_dmarc.<domain>` today.
    pub current: String,
    /// The SPF catalogue senders ticked, by id, in catalogue order.
    pub senders: Vec<String>,
    /// Further SPF terms, one per line.
    pub terms: String,
    /// `-all` rather than `~all`.
    pub fail_all: bool,
    /// Spread the SPF terms over sub-records.
    pub split: bool,
    /// Show what flattening would save.
    pub flatten: bool,
    /// The DKIM selector.
    pub selector: String,
    /// The pasted DKIM public key.
    pub key: String,
    /// The resolver for lookups, as in the Domain page's links; empty: the
    /// one remembered in this browser.
    pub doh: String,
}

impl BuildForm {
    /// The form for a link's `key=value` pairs; `today` fills an empty
    /// start date.
    pub fn from_params(params: &[(String, String)], today: &str) -> BuildForm {
        let get =
            |key: &str| params.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()).unwrap_or_default();
        let flag = |key: &str| get(key) == "1";
        let start = get("start");
        BuildForm {
            tool: Tool::from_name(&get("tool")),
            format: Format::from_name(&get("fmt")).unwrap_or_default(),
            domain: get("d"),
            parked: flag("parked"),
            receives: flag("receives"),
            rua: get("rua"),
            ruf: get("ruf"),
            subdomains: get("sub"),
            lists: flag("lists"),
            style: RampStyle::from_name(&get("style")).unwrap_or_default(),
            pace: Pace::from_name(&get("pace")).unwrap_or_default(),
            start: if start.is_empty() { today.to_string() } else { start },
            current: get("current"),
            senders: get("senders")
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            terms: get("terms"),
            fail_all: get("all") == "fail",
            split: flag("split"),
            flatten: flag("flatten"),
            selector: get("sel"),
            key: get("key"),
            doh: get("doh"),
        }
    }

    /// The link's `key=value` pairs: defaults and empty fields left out.
    pub fn to_params(&self) -> Vec<(String, String)> {
        let flag = |on: bool| if on { "1" } else { "" }.to_string();
        let pairs = [
            ("tool", if self.tool == Tool::Plan { String::new() } else { self.tool.as_str().to_string() }),
            (
                "fmt",
                if self.format == Format::default() {
                    String::new()
                } else {
                    self.format.as_str().to_string()
                },
            ),
            ("d", self.domain.clone()),
            ("parked", flag(self.parked)),
            ("receives", flag(self.receives)),
            ("rua", self.rua.clone()),
            ("ruf", self.ruf.clone()),
            ("sub", self.subdomains.clone()),
            ("lists", flag(self.lists)),
            (
                "style",
                if self.style == RampStyle::default() {
                    String::new()
                } else {
                    self.style.as_str().to_string()
                },
            ),
            (
                "pace",
                if self.pace == Pace::default() { String::new() } else { self.pace.as_str().to_string() },
            ),
            ("start", self.start.clone()),
            ("current", self.current.clone()),
            ("senders", self.senders.join(",")),
            ("terms", self.terms.clone()),
            ("all", if self.fail_all { "fail" } else { "" }.to_string()),
            ("split", flag(self.split)),
            ("flatten", flag(self.flatten)),
            ("sel", self.selector.clone()),
            ("key", self.key.clone()),
            ("doh", self.doh.clone()),
        ];
        pairs.into_iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| (k.to_string(), v)).collect()
    }

    /// The plan's input; `None` with the reason when the start date is not
    /// a date.
    pub fn plan_input(&self) -> Result<PlanInput, String> {
        let start = Date::parse(self.start.trim()).map_err(|d| d.message)?;
        let mut input = PlanInput::new(self.domain.trim(), start);
        input.parked = self.parked;
        input.receives_mail = self.receives;
        input.rua = addresses(&self.rua);
        input.ruf = addresses(&self.ruf);
        input.mailing_lists = self.lists;
        input.style = self.style;
        input.pace = self.pace;
        input.current = Some(self.current.trim().to_string()).filter(|c| !c.is_empty());
        input.subdomains = self
            .subdomains
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|line| match line.split_once(char::is_whitespace) {
                Some((name, record)) => SendingSubdomain {
                    name: name.to_string(),
                    current: Some(record.trim().to_string()).filter(|r| !r.is_empty()),
                },
                None => SendingSubdomain { name: line.to_string(), current: None },
            })
            .collect();
        Ok(input)
    }

    /// The SPF builder's request.
    pub fn spf_request(&self) -> SpfRequest {
        let mut request = SpfRequest::new(self.domain.trim());
        request.terms = self
            .senders
            .iter()
            .map(|id| SpfTerm::Sender(id.clone()))
            .chain(self.terms.lines().map(str::trim).filter(|t| !t.is_empty()).map(SpfTerm::parse))
            .collect();
        request.all = if self.fail_all { AllQualifier::Fail } else { AllQualifier::SoftFail };
        request.split = self.split;
        request.flatten = self.flatten;
        request
    }
}

/// Report addresses as typed: one per line, or separated by commas.
pub fn addresses(text: &str) -> Vec<String> {
    text.split(['\n', ',']).map(str::trim).filter(|a| !a.is_empty()).map(str::to_string).collect()
}
