//! What careplan says, shared by the commands and the terminal app: the caseload's and the
//! 特定事業所集中減算's texts, display widths and wrapping, and the one output layer every
//! command prints through.

pub mod caseload;
pub mod concentration;
pub mod output;
pub mod paper_batch;
pub mod text;
pub mod tokutei;
