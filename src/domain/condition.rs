//! One office condition checked against the records, as the 特定事業所加算 and the
//! 医療介護連携加算 checks list them (their own module, so that neither check imports the other).

/// One condition checked: what, whether it holds, and the figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub what: String,
    pub ok: bool,
    pub figures: String,
}
