//! Records as the Build page shows them: each one written out in the
//! chosen format ([`dmarc_lens::plan::output`]) with its own copy button,
//! and the picker for that format.

use dmarc_lens::plan::output::{self, Format};
use dmarc_lens::plan::DnsRecord;
use yew::prelude::*;

/// Props for [`RecordBlock`].
#[derive(Properties, PartialEq)]
pub struct RecordProps {
    /// The record.
    pub record: DnsRecord,
    /// How to write it.
    pub format: Format,
    /// Copies `(what, text)`.
    pub on_copy: Callback<(&'static str, String)>,
}

/// One record: its name, type and TTL, why it is there, the text to paste
/// and a copy button.
#[component]
pub fn RecordBlock(props: &RecordProps) -> Html {
    let r = &props.record;
    let text = output::render(std::slice::from_ref(r), props.format);
    let text = text.trim_end().to_string();
    let copy = props.on_copy.reform({
        let text = text.clone();
        move |_: MouseEvent| ("record", text.clone())
    });
    html! {
        <div class="dns-record" data-name={r.name.clone()} data-type={r.rtype.as_str()}>
            <p class="record-head">
                <code class="record-name">{ r.name.clone() }</code>
                { " " }<span class="record-type">{ r.rtype.as_str() }</span>
                { format!(" \u{b7} TTL {} s", r.ttl) }
            </p>
            if let Some(note) = &r.note {
                <p class="record-note">{ note.clone() }</p>
            }
            <pre class="record-text"><code>{ text }</code></pre>
            <button type="button" class="copy-record" onclick={copy}
                aria-label={format!("Copy the {} record at {}", r.rtype.as_str(), r.name)}>{ "Copy" }</button>
        </div>
    }
}

/// Props for [`FormatPicker`].
#[derive(Properties, PartialEq)]
pub struct FormatProps {
    /// The format chosen.
    pub format: Format,
    /// A new choice.
    pub on_change: Callback<Format>,
}

const FORMATS: &[(Format, &str, &str)] = &[
    (Format::Bind, "Zone file", "a BIND line, the value quoted and split into strings of at most 255 bytes"),
    (
        Format::Terraform,
        "Terraform",
        "an aws_route53_record; the \"\" between chunks joins them into one value",
    ),
    (Format::Json, "JSON", "name, type, ttl and values, for a provider's API"),
    (Format::Plain, "Value only", "for a DNS provider's web form (it splits long values itself)"),
];

/// The choice of output format, as radio buttons, with what the chosen
/// one is for.
#[component]
pub fn FormatPicker(props: &FormatProps) -> Html {
    let what = FORMATS.iter().find(|(f, _, _)| *f == props.format).map_or("", |(_, _, what)| *what);
    html! {
        <fieldset class="formats">
            <legend>{ "Write records as" }</legend>
            { for FORMATS.iter().map(|(format, label, _)| {
                let id = format!("format-{}", format.as_str());
                let onchange = props.on_change.reform({
                    let format = *format;
                    move |_: Event| format
                });
                html! {
                    <label for={id.clone()}>
                        <input type="radio" name="format" id={id} value={format.as_str()}
                            checked={props.format == *format} {onchange} />
                        { " " }{ *label }
                    </label>
                }
            }) }
            <p class="format-what">{ format!("{}: {what}.", FORMATS.iter().find(|(f, _, _)| *f == props.format).map_or("", |(_, l, _)| *l)) }</p>
        </fieldset>
    }
}
