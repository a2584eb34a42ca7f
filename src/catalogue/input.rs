//! The rules' words for what was pasted (zone-file lines, several records at once).

catalogue! {
    /// Rules for what was pasted (zone-file lines, several records at once).
    pub enum InputCode as Input {
    }
}
