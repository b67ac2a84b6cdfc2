//! The services of a plan form as a list, one line per service: added and changed by picking
//! the provider (filtered by name, kana or number), its service type (cycled from the types the
//! provider has registered; another type asks first and stays marked) and typing a frequency.
//! The field's value keeps the `事業所番号:種類[:頻度]` tokens, so drafts keep working; nobody
//! types them.

use super::choices::{Candidate, candidates};
use super::form::{FieldKind, Form};
use super::i18n::T;
use super::keymap::Command;
use super::model::{Model, Overlay};
use super::room::text_request;
use crate::domain::Lang;
use crate::domain::service_types;
use crate::store::providers::Provider;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_input::Input;

pub use super::room_state::{Editor, Line, Step};

/// The field's tokens as lines; a token without a type keeps what it has, so nothing typed
/// before (an older draft) is lost.
pub fn lines(value: &str) -> Vec<Line> {
    crate::domain::validation::fold_ascii(value)
        .split_whitespace()
        .map(|t| {
            let mut p = t.splitn(3, ':');
            Line {
                office: p.next().unwrap_or_default().to_string(),
                code: p.next().unwrap_or_default().to_string(),
                frequency: p.next().unwrap_or_default().to_string(),
            }
        })
        .collect()
}

fn join(lines: &[Line]) -> String {
    lines
        .iter()
        .map(|l| {
            if l.frequency.is_empty() {
                format!("{}:{}", l.office, l.code)
            } else {
                format!("{}:{}:{}", l.office, l.code, l.frequency)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn provider<'a>(providers: &'a [Provider], office: &str) -> Option<&'a Provider> {
    providers
        .iter()
        .find(|p| p.fields.office_number.as_str() == office)
}

/// Whether the provider has registered the type; None for an unknown provider.
pub fn offers(providers: &[Provider], office: &str, code: &str) -> Option<bool> {
    provider(providers, office).map(|p| p.fields.service_types.iter().any(|c| c == code))
}

/// The types to cycle through for a provider: its own first (how many), then every other.
pub fn type_choices(providers: &[Provider], office: &str) -> (Vec<String>, usize) {
    let own: Vec<String> = provider(providers, office)
        .map(|p| {
            p.fields
                .service_types
                .iter()
                .filter(|c| service_types::find(c).is_some())
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    let n = own.len();
    let others: Vec<String> = service_types::all()
        .map(|t| t.code.to_string())
        .filter(|c| !own.contains(c))
        .collect();
    let mut all = own;
    all.extend(others);
    (all, n)
}

/// 「訪問介護」 (home help) for a code; the code itself when unknown.
pub fn type_name(code: &str, lang: Lang) -> String {
    service_types::find(code)
        .map(|t| t.name(lang).to_string())
        .unwrap_or_else(|| code.to_string())
}

/// 「さくら訪問介護」 for an office number; the number itself when not registered.
pub fn provider_name(providers: &[Provider], office: &str) -> String {
    provider(providers, office)
        .map(|p| p.fields.name.clone())
        .unwrap_or_else(|| office.to_string())
}

/// The provider picker's rows for what is typed.
pub fn picker(providers: &[Provider], typed: &str) -> Vec<Candidate> {
    candidates(FieldKind::ProviderRef, typed, &[], providers)
}

/// A line as a person reads it: 「さくら訪問介護 訪問介護 週2回」.
pub fn describe(providers: &[Provider], l: &Line, lang: Lang) -> String {
    let mut s = format!(
        "{} {}",
        provider_name(providers, &l.office),
        type_name(&l.code, lang)
    );
    if !l.frequency.is_empty() {
        s.push(' ');
        s.push_str(&l.frequency);
    }
    s
}

/// Keys for a focused services field; None when the key is the form's (Tab, Ctrl+S, Esc in the
/// list, ↑ on the first line, ↓ on the last).
pub fn key(m: &mut Model, ev: &KeyEvent, cmd: Option<Command>) -> Option<()> {
    let lang = m.lang;
    let today = m.today;
    let providers = &m.data.providers;
    let staff = &m.data.staff;
    let Some(Overlay::Form(f)) = m.overlays.last_mut() else {
        return None;
    };
    let i = f.focus;
    if f.fields.get(i)?.kind != FieldKind::PlanLines {
        return None;
    }
    let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
    let mut current = lines(f.fields[i].input.value());
    let Some(step) = f.lines.step.take() else {
        let n = current.len();
        match ev.code {
            KeyCode::Char('a' | '+') if !ctrl => {
                f.lines.step = Some(Step::Provider {
                    editing: None,
                    typed: String::new(),
                    pick: 0,
                })
            }
            KeyCode::Enter | KeyCode::Char('e') if !ctrl && n == 0 => {
                f.lines.step = Some(Step::Provider {
                    editing: None,
                    typed: String::new(),
                    pick: 0,
                })
            }
            KeyCode::Enter | KeyCode::Char('e') if !ctrl => {
                let sel = f.lines.selected.min(n - 1);
                let office = &current[sel].office;
                let pick = picker(providers, "")
                    .iter()
                    .position(|c| &c.value == office)
                    .unwrap_or(0);
                f.lines.step = Some(Step::Provider {
                    editing: Some(sel),
                    typed: String::new(),
                    pick,
                });
            }
            KeyCode::Char('d') | KeyCode::Delete if !ctrl && n > 0 => {
                f.lines.step = Some(Step::Remove(f.lines.selected.min(n - 1)));
            }
            KeyCode::Up if f.lines.selected > 0 && n > 0 => {
                f.lines.selected = f.lines.selected.min(n - 1) - 1
            }
            KeyCode::Down if f.lines.selected + 1 < n => f.lines.selected += 1,
            KeyCode::Up | KeyCode::Down => return None,
            _ if cmd.is_some() => return None,
            // Nothing is typed into the list itself.
            _ => {}
        }
        return Some(());
    };
    if cmd == Some(Command::Quit) {
        f.lines.step = Some(step);
        return None;
    }
    let mut done: Option<(Option<usize>, Line)> = None;
    let next = match step {
        Step::Duplicate { editing, line } => match ev.code {
            KeyCode::Char('y') => {
                done = Some((editing, line));
                None
            }
            KeyCode::Char('n') | KeyCode::Esc => None,
            _ => Some(Step::Duplicate { editing, line }),
        },
        Step::Remove(at) => match ev.code {
            KeyCode::Char('y') => {
                if at < current.len() {
                    current.remove(at);
                }
                set(f, i, &current);
                f.lines.selected = at.min(current.len().saturating_sub(1));
                None
            }
            KeyCode::Char('n') | KeyCode::Esc => None,
            _ => Some(Step::Remove(at)),
        },
        Step::Provider {
            editing,
            mut typed,
            mut pick,
        } => {
            let found = picker(providers, &typed);
            match ev.code {
                KeyCode::Esc => None,
                KeyCode::Enter => match found.get(pick) {
                    // A provider registered for one type only: that type, no question.
                    Some(c) if editing.is_none() && type_choices(providers, &c.value).1 == 1 => {
                        let (types, _) = type_choices(providers, &c.value);
                        Some(Step::Frequency {
                            editing,
                            office: c.value.clone(),
                            code: types[0].clone(),
                            input: Input::default(),
                        })
                    }
                    Some(c) => {
                        let (types, _) = type_choices(providers, &c.value);
                        let before = editing.and_then(|e| current.get(e));
                        let at = before
                            .filter(|b| b.office == c.value)
                            .and_then(|b| types.iter().position(|t| *t == b.code))
                            .unwrap_or(0);
                        Some(Step::Type {
                            editing,
                            office: c.value.clone(),
                            at,
                            asking: false,
                        })
                    }
                    None => Some(Step::Provider {
                        editing,
                        typed,
                        pick,
                    }),
                },
                KeyCode::Down => {
                    pick = (pick + 1).min(found.len().saturating_sub(1));
                    Some(Step::Provider {
                        editing,
                        typed,
                        pick,
                    })
                }
                KeyCode::Up => {
                    pick = pick.saturating_sub(1);
                    Some(Step::Provider {
                        editing,
                        typed,
                        pick,
                    })
                }
                KeyCode::Backspace => {
                    typed.pop();
                    Some(Step::Provider {
                        editing,
                        typed,
                        pick: 0,
                    })
                }
                KeyCode::Char('u') if ctrl => Some(Step::Provider {
                    editing,
                    typed: String::new(),
                    pick: 0,
                }),
                KeyCode::Char(c) if !ctrl => {
                    typed.push(c);
                    Some(Step::Provider {
                        editing,
                        typed,
                        pick: 0,
                    })
                }
                _ => Some(Step::Provider {
                    editing,
                    typed,
                    pick,
                }),
            }
        }
        Step::Type {
            editing,
            office,
            at,
            asking,
        } => {
            let (types, own) = type_choices(providers, &office);
            let n = types.len().max(1);
            let code = types.get(at).cloned().unwrap_or_default();
            let frequency = |current: &[Line]| {
                editing
                    .and_then(|e| current.get(e))
                    .map(|l| l.frequency.clone())
                    .unwrap_or_default()
            };
            match (asking, ev.code) {
                (true, KeyCode::Char('y')) => Some(Step::Frequency {
                    editing,
                    office,
                    code,
                    input: Input::new(frequency(&current)),
                }),
                (true, KeyCode::Char('n') | KeyCode::Esc) => Some(Step::Type {
                    editing,
                    office,
                    at,
                    asking: false,
                }),
                (true, _) => Some(Step::Type {
                    editing,
                    office,
                    at,
                    asking,
                }),
                (false, KeyCode::Esc) => None,
                (false, KeyCode::Right | KeyCode::Char(' ')) => Some(Step::Type {
                    editing,
                    office,
                    at: (at + 1) % n,
                    asking,
                }),
                (false, KeyCode::Left) => Some(Step::Type {
                    editing,
                    office,
                    at: (at + n - 1) % n,
                    asking,
                }),
                (false, KeyCode::Enter) if at >= own => Some(Step::Type {
                    editing,
                    office,
                    at,
                    asking: true,
                }),
                (false, KeyCode::Enter) => Some(Step::Frequency {
                    editing,
                    office,
                    code,
                    input: Input::new(frequency(&current)),
                }),
                _ => Some(Step::Type {
                    editing,
                    office,
                    at,
                    asking,
                }),
            }
        }
        Step::Frequency {
            editing,
            office,
            code,
            mut input,
        } => match ev.code {
            KeyCode::Esc => None,
            // Back to the type (skipped for a provider of one type): another may be chosen.
            KeyCode::BackTab => {
                let (types, _) = type_choices(providers, &office);
                Some(Step::Type {
                    editing,
                    at: types.iter().position(|t| *t == code).unwrap_or(0),
                    office,
                    asking: false,
                })
            }
            KeyCode::Enter => {
                // Tokens are separated by spaces: a frequency keeps its words together.
                let frequency: String = input
                    .value()
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect();
                let line = Line {
                    office,
                    code,
                    frequency,
                };
                let repeats = current.iter().enumerate().any(|(j, l)| {
                    Some(j) != editing && l.office == line.office && l.code == line.code
                });
                if repeats {
                    Some(Step::Duplicate { editing, line })
                } else {
                    done = Some((editing, line));
                    None
                }
            }
            _ => {
                if let Some(req) = text_request(ev) {
                    input.handle(req);
                }
                Some(Step::Frequency {
                    editing,
                    office,
                    code,
                    input,
                })
            }
        },
    };
    f.lines.step = next;
    if let Some((editing, line)) = done {
        let at = match editing {
            Some(e) if e < current.len() => {
                current[e] = line;
                e
            }
            _ => {
                current.push(line);
                current.len() - 1
            }
        };
        set(f, i, &current);
        f.lines.selected = at;
    }
    f.validate_field(i, lang, staff, today);
    Some(())
}

fn set(f: &mut Form, i: usize, lines: &[Line]) {
    f.confirmed = false;
    f.fields[i].input = Input::new(join(lines));
}

/// The keys of the focused services field, for the footer.
pub fn footer(f: &Form, lang: Lang) -> &'static str {
    match &f.lines.step {
        None => T::PlanLinesKeys.s(lang),
        Some(Step::Provider { .. }) => T::PlanLinesProviderKeys.s(lang),
        Some(Step::Type { asking: true, .. })
        | Some(Step::Remove(_))
        | Some(Step::Duplicate { .. }) => T::PlanLinesConfirmKeys.s(lang),
        Some(Step::Type { .. }) => T::PlanLinesTypeKeys.s(lang),
        Some(Step::Frequency { .. }) => T::PlanLinesFrequencyKeys.s(lang),
    }
}

/// Pasted text goes into the provider filter or the frequency being typed; the list itself
/// takes none.
pub fn paste(m: &mut Model, text: &str) {
    let typing = matches!(
        m.form_mut().and_then(|f| f.lines.step.as_ref()),
        Some(Step::Provider { .. } | Step::Frequency { .. })
    );
    if typing {
        // Pasted text is text, never a command.
        for c in text.chars().filter(|c| !c.is_control()) {
            key(
                m,
                &KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE),
                None,
            );
        }
    }
}
