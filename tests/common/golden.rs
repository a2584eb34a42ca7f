//! Golden files: expected output under `tests/golden/`, for the command
//! line's tests and the plan output formats' tests.

use std::path::Path;

/// Compares `actual` with the file under `tests/golden/`; with
/// `UPDATE_GOLDEN=1` rewrites the file instead.
pub fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).expect("write golden file");
        return;
    }
    let expected = std::fs::read_to_string(&path).expect("golden file exists (UPDATE_GOLDEN=1 writes it)");
    assert!(
        expected == actual,
        "\n{name} differs\n---- expected ----\n{expected}\n---- actual ----\n{actual}\n------------------\n(UPDATE_GOLDEN=1 rewrites it)"
    );
}
