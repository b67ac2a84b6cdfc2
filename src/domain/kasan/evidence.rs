//! What an entry must hold to be evidence, named as the reasons say it (kasan.md §A.1: date and
//! time, counterpart, method, content; attendees for conferences).

use super::Note;

/// The parts of `note` every 加算 entry needs that it lacks: counterpart and content.
pub fn common_missing(note: &Note) -> Vec<&'static str> {
    let mut m = Vec::new();
    if note.counterpart.trim().is_empty() {
        m.push("相手（機関・担当者）");
    }
    if note.body.trim().is_empty() {
        m.push("内容");
    }
    m
}

/// The method (面談・FAX …), when the entry lacks it.
pub fn method_missing(note: &Note) -> Option<&'static str> {
    note.fields
        .as_ref()
        .and_then(|f| f.method.as_deref())
        .is_none()
        .then_some("方法（面談・FAX・電話など）")
}

/// "A・B" for a reason.
pub fn list(parts: &[&str]) -> String {
    parts.join("・")
}
