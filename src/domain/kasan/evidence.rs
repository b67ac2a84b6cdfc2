//! What an entry must hold to be evidence (kasan.md §A.1: date and time, counterpart, method,
//! content; attendees for conferences), named as parts the reasons render.

use super::Note;
use super::reason::Part;

/// The parts of `note` every 加算 entry needs that it lacks: counterpart and content.
pub fn common_missing(note: &Note) -> Vec<Part> {
    let mut m = Vec::new();
    if note.counterpart.trim().is_empty() {
        m.push(Part::Counterpart);
    }
    if note.body.trim().is_empty() {
        m.push(Part::Content);
    }
    m
}

/// The method (面談・FAX …), when the entry lacks it.
pub fn method_missing(note: &Note) -> Option<Part> {
    note.fields
        .as_ref()
        .and_then(|f| f.method.as_deref())
        .is_none()
        .then_some(Part::Method)
}
