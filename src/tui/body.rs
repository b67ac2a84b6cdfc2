//! A multi-line text field (the 内容 of a case-record entry): the text is one string with
//! newlines kept in the field's `tui_input::Input`, so drafts, merges and "was anything typed"
//! work as for every field. This module adds what one line lacks: `Enter` starts a new line,
//! `↑`/`↓` move between lines (and stay in the field: only `Tab` leaves it, so a key pressed
//! once too often never lands in another field), and the text
//! is laid out in rows of the field's width with the cursor's row and column, for drawing and
//! for the IME's anchor.

use crate::present::text;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_input::{Input, InputRequest};
use unicode_width::UnicodeWidthChar;

/// What a key did in a body field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The key changed the text or moved the cursor.
    Handled,
    /// Not a body key: the form handles it (Tab, Ctrl+S, typing…).
    NotMine,
}

/// The (line, char-in-line) of a char index.
fn line_col(value: &str, cursor: usize) -> (usize, usize) {
    let mut line = 0;
    let mut col = 0;
    for (i, c) in value.chars().enumerate() {
        if i == cursor {
            break;
        }
        if c == '\n' {
            line += 1;
            col = 0;
        } else {
            col += 1;
        }
    }
    (line, col)
}

/// The char index of (line, col), the column clamped to the line's length.
fn index_of(value: &str, line: usize, col: usize) -> usize {
    let mut start = 0;
    for (n, l) in value.split('\n').enumerate() {
        let len = l.chars().count();
        if n == line {
            return start + col.min(len);
        }
        start += len + 1;
    }
    value.chars().count()
}

pub fn key(input: &mut Input, ev: &KeyEvent) -> Outcome {
    if ev.modifiers.contains(KeyModifiers::CONTROL) {
        return Outcome::NotMine;
    }
    let value = input.value().to_string();
    let (line, col) = line_col(&value, input.cursor());
    let lines = value.split('\n').count();
    match ev.code {
        KeyCode::Enter => {
            input.handle(InputRequest::InsertChar('\n'));
            Outcome::Handled
        }
        // Home / End: the line's start and end, not the whole text's.
        KeyCode::Home | KeyCode::End => {
            let to = if ev.code == KeyCode::Home {
                0
            } else {
                value.split('\n').nth(line).map_or(0, |l| l.chars().count())
            };
            let at = index_of(&value, line, to);
            *input = Input::new(value).with_cursor(at);
            Outcome::Handled
        }
        // At the first or last line: the cursor goes to the line's start or end.
        KeyCode::Up if line == 0 => {
            *input = Input::new(value).with_cursor(0);
            Outcome::Handled
        }
        KeyCode::Down if line + 1 >= lines => {
            let end = value.chars().count();
            *input = Input::new(value).with_cursor(end);
            Outcome::Handled
        }
        KeyCode::Up | KeyCode::Down => {
            let to = if ev.code == KeyCode::Up {
                line - 1
            } else {
                line + 1
            };
            let at = index_of(&value, to, col);
            *input = Input::new(value).with_cursor(at);
            Outcome::Handled
        }
        _ => Outcome::NotMine,
    }
}

/// The rows of `value` wrapped at `width` columns (a new row at every newline), and where
/// the cursor (a char index) falls: (column, row).
pub fn layout(value: &str, cursor: usize, width: usize) -> (Vec<String>, (usize, usize)) {
    let width = width.max(2);
    let mut rows = vec![String::new()];
    let mut used = 0;
    let mut at = (0, 0);
    for (i, c) in value.chars().enumerate() {
        if i == cursor {
            at = (used, rows.len() - 1);
        }
        if c == '\n' {
            rows.push(String::new());
            used = 0;
            continue;
        }
        let w = c.width().unwrap_or(0);
        if used + w > width {
            rows.push(String::new());
            used = 0;
        }
        if let Some(last) = rows.last_mut() {
            last.push(c);
        }
        used += w;
    }
    if cursor >= value.chars().count() {
        // The cursor after the last char: at the row's end, or on the next row when full.
        at = if used >= width {
            rows.push(String::new());
            (0, rows.len() - 1)
        } else {
            (used, rows.len() - 1)
        };
    }
    debug_assert!(rows.iter().all(|r| text::width(r) <= width));
    (rows, at)
}

/// The first line of a body, for a list's one-line cell.
pub fn first_line(value: &str) -> &str {
    value.lines().find(|l| !l.trim().is_empty()).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn enter_starts_a_line_and_arrows_move_between_lines() {
        let mut i = Input::new("心身の状況: 安定".into());
        assert_eq!(key(&mut i, &press(KeyCode::Enter)), Outcome::Handled);
        i.handle(InputRequest::InsertChar('次'));
        assert_eq!(i.value(), "心身の状況: 安定\n次");
        assert_eq!(key(&mut i, &press(KeyCode::Up)), Outcome::Handled);
        assert_eq!(line_col(i.value(), i.cursor()), (0, 1));
        // ↑ on the first line and ↓ on the last stay in the field.
        assert_eq!(key(&mut i, &press(KeyCode::Up)), Outcome::Handled);
        assert_eq!(i.cursor(), 0);
        assert_eq!(key(&mut i, &press(KeyCode::Down)), Outcome::Handled);
        assert_eq!(key(&mut i, &press(KeyCode::Down)), Outcome::Handled);
        assert_eq!(i.cursor(), i.value().chars().count());
        assert_eq!(key(&mut i, &press(KeyCode::Tab)), Outcome::NotMine);
        // End goes to the end of the line the cursor is on, not of the text.
        let mut i = Input::new("目標: \n今後: ".into());
        key(&mut i, &press(KeyCode::Up));
        key(&mut i, &press(KeyCode::End));
        i.handle(InputRequest::InsertChar('良'));
        assert_eq!(i.value(), "目標: 良\n今後: ");
    }

    #[test]
    fn layout_wraps_by_display_width_and_places_the_cursor() {
        // Six wide characters in 8 columns: four on the first row, two on the next.
        let (rows, at) = layout("あいうえおか", 6, 8);
        assert_eq!(rows, vec!["あいうえ", "おか"]);
        assert_eq!(at, (4, 1));
        let (rows, at) = layout("ab\ncd", 3, 8);
        assert_eq!(rows, vec!["ab", "cd"]);
        assert_eq!(at, (0, 1));
        // At the very end of a full row the cursor waits on a new one.
        let (rows, at) = layout("あいうえ", 4, 8);
        assert_eq!(rows.len(), 2);
        assert_eq!(at, (0, 1));
    }
}
