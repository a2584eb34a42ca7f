//! The hostile report files, built at run time: bombs, hostile XML. Read
//! natively by `tests/hostile.rs` (with a counting allocator) and dropped
//! on the Reports page by `tests/e2e/tests/hostile.rs`.

use super::archive::{gz, Zip};

const MB: usize = 1 << 20;

/// One hostile file.
pub struct Hostile {
    /// What it is, for the printed table.
    pub case: &'static str,
    /// Its file name.
    pub name: &'static str,
    pub bytes: Vec<u8>,
}

/// A zip of `(name, data)` members, deflated.
pub fn zip(members: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut zip = Zip::default();
    for (name, data) in members {
        zip.add_deflated(name, data);
    }
    zip.finish()
}

pub const REPORT_HEAD: &str = "<?xml version=\"1.0\"?><feedback><report_metadata><org_name>x</org_name>\
    <email>r@x.example</email><report_id>1</report_id><date_range><begin>1700000000</begin>\
    <end>1700086400</end></date_range></report_metadata><policy_published><domain>example.com</domain>\
    <p>none</p></policy_published>";

pub fn record(ip: &str) -> String {
    format!(
        "<record><row><source_ip>{ip}</source_ip><count>1</count><policy_evaluated><disposition>none\
         </disposition><dkim>fail</dkim><spf>fail</spf></policy_evaluated></row><identifiers>\
         <header_from>example.com</header_from></identifiers><auth_results><spf><domain>example.com</domain>\
         <result>fail</result></spf></auth_results></record>"
    )
}

/// Every hostile file, in the order the suites read them.
pub fn files() -> Vec<Hostile> {
    let h = |case, name, bytes| Hostile { case, name, bytes };
    let zeros = vec![0u8; 256 * MB];
    let bomb = gz(&zeros);
    let zip_bomb = zip(&[("report.xml".to_string(), zeros)]);
    let mut nested = gz(b"<feedback/>");
    for _ in 0..20 {
        nested = gz(&nested);
    }
    let members: Vec<(String, Vec<u8>)> = (0..10_000)
        .map(|i| {
            (
                format!("r{i}.xml"),
                format!("{REPORT_HEAD}{}</feedback>", record("192.0.2.1"))
                    .replace("<report_id>1<", &format!("<report_id>{i}<"))
                    .into_bytes(),
            )
        })
        .collect();
    let too_many: Vec<(String, Vec<u8>)> =
        (0..10_001).map(|i| (format!("r{i}.xml"), b"<feedback/>".to_vec())).collect();
    let laughs = format!(
        "<?xml version=\"1.0\"?><!DOCTYPE feedback [<!ENTITY lol \"lol\">{}]>{}<extra>&lol9;</extra>{}</feedback>",
        (1..10).map(|i| format!("<!ENTITY lol{i} \"{}\">", format!("&lol{};", i - 1).repeat(10).replace("&lol0;", "&lol;"))).collect::<String>(),
        REPORT_HEAD,
        record("192.0.2.1")
    );
    let external = format!(
        "<?xml version=\"1.0\"?><!DOCTYPE feedback [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>{REPORT_HEAD}\
         <extra>&x;</extra>{}</feedback>",
        record("192.0.2.1")
    );
    let deep = format!("{REPORT_HEAD}{}{}</feedback>", "<a>".repeat(100_000), "</a>".repeat(100_000));
    let big_text =
        format!("{REPORT_HEAD}<extra>{}</extra>{}</feedback>", "x".repeat(50 * MB), record("192.0.2.1"));
    let mut invalid = format!("{REPORT_HEAD}{}</feedback>", record("192.0.2.1")).into_bytes();
    for i in (0..invalid.len()).step_by(7) {
        if invalid.get(i).is_some_and(u8::is_ascii_alphanumeric) {
            if let Some(b) = invalid.get_mut(i) {
                *b = 0xff;
            }
        }
    }
    vec![
        h("gzip bomb (256 MB of zeros)", "bomb.xml.gz", bomb.clone()),
        h("zip bomb (256 MB member)", "bomb.zip", zip_bomb),
        h("gzip nested 21 deep", "nested.xml.gz", nested),
        h("gzip of a gzip bomb", "bomb.xml.gz.gz", gz(&bomb)),
        h("zip with 10,000 members", "many.zip", zip(&members)),
        h("zip with 10,001 members", "too-many.zip", zip(&too_many)),
        h("billion laughs", "laughs.xml", laughs.into_bytes()),
        h("external entity", "xxe.xml", external.into_bytes()),
        h("nesting 100,000 deep", "deep.xml", deep.into_bytes()),
        h("a 50 MB text node", "big.xml", big_text.into_bytes()),
        h("invalid UTF-8 everywhere", "invalid.xml", invalid),
    ]
}
