//! After a version conflict: a three-way merge of the form against the colleague's save.
//! The values the form opened with are the base; what the other session saved is theirs;
//! what is in the form now is ours. A field only they changed takes their value at once, a
//! field only we changed keeps ours, and a field both changed differently waits until the
//! user picks one side. So a save never writes a value the user neither typed nor chose.

pub use super::form::Merge;
use super::form::{Form, FormKind};

/// Which side the user picks for a field both sessions changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Theirs,
    Mine,
}

impl Form {
    /// Merges the other session's saved values (`latest`, in field order) into the form and
    /// makes them the new base. Returns how many fields wait for the user's choice.
    pub fn merge_latest(&mut self, latest: &[String]) -> usize {
        let mut waiting = 0;
        for (i, field) in self.fields.iter_mut().enumerate() {
            let base = self.original.get(i).map(String::as_str).unwrap_or("");
            let theirs = latest.get(i).map(String::as_str).unwrap_or("");
            let mine = field.input.value().to_string();
            if theirs == base || theirs == mine {
                // They did not touch it, or both wrote the same: ours stands (and any
                // earlier pick stays marked).
                if theirs == mine && theirs != base {
                    field.merge = None;
                }
                continue;
            }
            if mine == base {
                field.input = tui_input::Input::new(theirs.to_string());
                field.merge = Some(Merge::Theirs);
            } else {
                field.merge = Some(Merge::Both {
                    theirs: theirs.to_string(),
                    mine,
                });
                waiting += 1;
            }
        }
        self.original = latest.to_vec();
        self.confirmed = false;
        waiting
    }

    /// Settles the focused field's conflict with the side the user picked. False when the
    /// focused field has no open conflict.
    pub fn pick(&mut self, side: Side) -> bool {
        let Some(field) = self.fields.get_mut(self.focus) else {
            return false;
        };
        let Some(Merge::Both { theirs, mine }) = &field.merge else {
            return false;
        };
        let value = match side {
            Side::Theirs => theirs.clone(),
            Side::Mine => mine.clone(),
        };
        field.input = tui_input::Input::new(value);
        field.merge = Some(Merge::Picked {
            theirs: side == Side::Theirs,
        });
        true
    }

    /// What a draft keeps: the form as it is, or — while a field still waits for a pick — the
    /// kind and base from before the merge with our own values, so that saving the restored
    /// draft meets the conflict again and asks again.
    pub fn draft_view(&self) -> (FormKind, Vec<String>, Vec<String>) {
        match &self.before_merge {
            Some(before) if self.open_conflicts() > 0 => {
                let values = self
                    .fields
                    .iter()
                    .map(|f| match &f.merge {
                        Some(Merge::Both { mine, .. }) => mine.clone(),
                        _ => f.input.value().to_string(),
                    })
                    .collect();
                (before.0.clone(), values, before.1.clone())
            }
            _ => (self.kind.clone(), self.values(), self.original.clone()),
        }
    }

    /// Fields both sessions changed that still wait for a choice.
    pub fn open_conflicts(&self) -> usize {
        self.fields
            .iter()
            .filter(|f| matches!(f.merge, Some(Merge::Both { .. })))
            .count()
    }

    /// Whether the focused field waits for a choice (typing into it is refused until then).
    pub fn focused_waits(&self) -> bool {
        self.fields
            .get(self.focus)
            .is_some_and(|f| matches!(f.merge, Some(Merge::Both { .. })))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::form::spec;

    fn form(values: &[&str]) -> Form {
        let kind = FormKind::EditStaff { id: 1, version: 1 };
        Form::new(
            kind.clone(),
            &spec(&kind),
            values.iter().map(|s| s.to_string()).collect(),
        )
    }

    fn set(f: &mut Form, i: usize, v: &str) {
        f.fields[i].input = tui_input::Input::new(v.to_string());
    }

    #[test]
    fn only_theirs_is_taken_only_mine_is_kept_both_wait() {
        let mut f = form(&["山田", "ヤマダ", "介護支援専門員", "12345678", "1.0", ""]);
        set(&mut f, 0, "山田太郎"); // ours only
        set(&mut f, 3, "87654321"); // both, differently
        let latest: Vec<String> = [
            "山田",
            "ヤマダタロウ",
            "介護支援専門員",
            "11112222",
            "1.0",
            "",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(f.merge_latest(&latest), 1);
        assert_eq!(f.fields[0].input.value(), "山田太郎");
        assert_eq!(f.fields[0].merge, None);
        assert_eq!(f.fields[1].input.value(), "ヤマダタロウ");
        assert_eq!(f.fields[1].merge, Some(Merge::Theirs));
        assert!(matches!(f.fields[3].merge, Some(Merge::Both { .. })));
        f.focus = 3;
        assert!(f.focused_waits());
        assert!(f.pick(Side::Theirs));
        assert_eq!(f.fields[3].input.value(), "11112222");
        assert_eq!(f.open_conflicts(), 0);
        // The base is now their save: only what we typed counts as modified.
        assert_eq!(f.original, latest);
    }
}
