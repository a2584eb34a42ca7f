//! The DMARC alignment a block of headers implies: each identity, its
//! result, and whether it aligns with the From domain (relaxed and strict).

use dmarc_lens::headers::{Alignment, Verdict};
use yew::prelude::*;

/// Props for [`AlignmentTable`].
#[derive(Properties, PartialEq)]
pub struct AlignmentProps {
    /// The alignment to show.
    pub alignment: Alignment,
}

fn yes_no(aligned: bool) -> Html {
    // Words and a symbol: colour is never the only signal.
    if aligned {
        html! { <span class="aligned yes"><span aria-hidden="true">{ "\u{2714} " }</span>{ "aligned" }</span> }
    } else {
        html! { <span class="aligned no"><span aria-hidden="true">{ "\u{2716} " }</span>{ "not aligned" }</span> }
    }
}

fn verdict(v: Verdict) -> Html {
    html! { <strong class={classes!("verdict", v.as_str())}>{ v.as_str() }</strong> }
}

/// A table of the identities DMARC compares with the From domain.
#[component]
pub fn AlignmentTable(props: &AlignmentProps) -> Html {
    let a = &props.alignment;
    html! {
        <div class="alignment">
            <p class="alignment-verdict">
                { "DMARC for " }<code>{ a.header_from.clone() }</code>
                { format!(" (organizational domain {}): ", a.header_from_org) }
                { verdict(a.dmarc) }{ " with relaxed alignment, " }{ verdict(a.dmarc_strict) }{ " with strict." }
                { a.reported_dmarc.as_ref().map(|r| html! { <>{ " The receiving server recorded dmarc=" }<code>{ r.clone() }</code>{ "." }</> }).unwrap_or_default() }
            </p>
            <div class="table-wrap">
                <table class="tags alignment-table">
                    <caption>{ "Each identity DMARC compares with the From domain; DMARC passes when one that passed aligns" }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ "Identity" }</th>
                            <th scope="col">{ "Domain" }</th>
                            <th scope="col">{ "Result" }</th>
                            <th scope="col">{ "Relaxed" }</th>
                            <th scope="col">{ "Strict" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        <tr data-identity="spf">
                            <th scope="row">{ if a.spf.scope == "helo" { "SPF (HELO)" } else { "SPF (MAIL FROM)" } }</th>
                            <td data-label="Domain"><code>{ if a.spf.domain.is_empty() { "unknown".to_string() } else { a.spf.domain.clone() } }</code></td>
                            <td data-label="Result">{ a.spf.result.clone() }</td>
                            <td data-label="Relaxed">{ yes_no(a.spf.relaxed_aligned) }</td>
                            <td data-label="Strict">{ yes_no(a.spf.strict_aligned) }</td>
                        </tr>
                        { for a.dkim.iter().map(|d| html! {
                            <tr data-identity="dkim">
                                <th scope="row">{ format!("DKIM{}", d.selector.as_ref().map(|s| format!(" (s={s})")).unwrap_or_default()) }</th>
                                <td data-label="Domain"><code>{ d.domain.clone() }</code></td>
                                <td data-label="Result">{ d.result.clone() }</td>
                                <td data-label="Relaxed">{ yes_no(d.relaxed_aligned) }</td>
                                <td data-label="Strict">{ yes_no(d.strict_aligned) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </div>
    }
}
