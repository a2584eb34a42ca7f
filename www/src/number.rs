//! Numbers as the page writes them: a fixed number of decimals.
//!
//! `format!("{:.1}", x)` pulls the standard library's float formatting
//! (Grisu with a Dragon fallback, about 15 KB of wasm) into the app; the
//! page only ever needs a few decimals of values far below 2^53, which
//! integer arithmetic gives exactly as well.

/// `x` with `places` decimals (at most 6), halves rounded away from zero;
/// "–" for a value that is not finite.
///
/// ```
/// use dmarc_lens_www::number::fixed;
/// assert_eq!(fixed(12.345, 1), "12.3");
/// assert_eq!(fixed(-0.04, 1), "0.0");
/// assert_eq!(fixed(2.5, 0), "3");
/// assert_eq!(fixed(0.5, 2), "0.50");
/// ```
pub fn fixed(x: f64, places: u32) -> String {
    if !x.is_finite() {
        return "\u{2013}".to_string();
    }
    let places = places.min(6);
    let scale = 10u64.pow(places);
    // Saturates at u64::MAX for huge values, which the page never shows.
    let scaled = (x.abs() * scale as f64).round() as u64;
    let sign = if x < 0.0 && scaled > 0 { "-" } else { "" };
    let (whole, fraction) = (scaled / scale, scaled % scale);
    if places == 0 {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{fraction:0width$}", width = places as usize)
    }
}
