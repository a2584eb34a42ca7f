//! The rules' words for unpacking report files (gzip, zip, e-mail, mbox). Codes start with `unpack-`.

catalogue! {
    /// Rules for unpacking report files (gzip, zip, e-mail, mbox).
    pub enum UnpackCode as Unpack {
    }
}
