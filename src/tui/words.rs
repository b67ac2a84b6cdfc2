//! Word-wise editing in a text field: `Ctrl+←` `Ctrl+→` move by a word, `Ctrl+W` and
//! `Alt+Backspace` delete the word before the cursor. Japanese has no spaces, so a word is a
//! run of one kind of character (kanji, hiragana, katakana, latin letters and digits, other
//! signs): 「体調を確認した」 reads as 体調|を|確認|した.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_input::Input;

/// What kind of character, for word boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Space,
    Kanji,
    Hiragana,
    Katakana,
    Latin,
    Other,
}

fn class(c: char) -> Class {
    match c {
        _ if c.is_whitespace() => Class::Space,
        // 々 repeats a kanji; ー lengthens katakana (and is read with it).
        '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '々' => Class::Kanji,
        '\u{3041}'..='\u{309F}' => Class::Hiragana,
        '\u{30A0}'..='\u{30FF}' | '\u{FF66}'..='\u{FF9F}' => Class::Katakana,
        _ if c.is_alphanumeric() => Class::Latin,
        _ => Class::Other,
    }
}

/// The char index where the word before `cursor` starts (spaces before it skipped).
pub fn prev_start(value: &str, cursor: usize) -> usize {
    let chars: Vec<char> = value.chars().collect();
    let mut i = cursor.min(chars.len());
    while i > 0 && class(chars[i - 1]) == Class::Space {
        i -= 1;
    }
    if i == 0 {
        return 0;
    }
    let k = class(chars[i - 1]);
    while i > 0 && class(chars[i - 1]) == k {
        i -= 1;
    }
    i
}

/// The char index just after the word at or after `cursor` (spaces before it skipped).
pub fn next_end(value: &str, cursor: usize) -> usize {
    let chars: Vec<char> = value.chars().collect();
    let mut i = cursor.min(chars.len());
    while i < chars.len() && class(chars[i]) == Class::Space {
        i += 1;
    }
    if i == chars.len() {
        return i;
    }
    let k = class(chars[i]);
    while i < chars.len() && class(chars[i]) == k {
        i += 1;
    }
    i
}

/// Applies a word key to the input; false when the key is not one.
pub fn key(input: &mut Input, ev: &KeyEvent) -> bool {
    let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
    let alt = ev.modifiers.contains(KeyModifiers::ALT);
    let value = input.value().to_string();
    let cursor = input.cursor();
    match ev.code {
        KeyCode::Left if ctrl => {
            *input = Input::new(value.clone()).with_cursor(prev_start(&value, cursor));
        }
        KeyCode::Right if ctrl => {
            *input = Input::new(value.clone()).with_cursor(next_end(&value, cursor));
        }
        KeyCode::Char('w') if ctrl => delete_prev(input),
        KeyCode::Backspace if alt || ctrl => delete_prev(input),
        _ => return false,
    }
    true
}

/// Deletes the word before the cursor.
fn delete_prev(input: &mut Input) {
    let value = input.value();
    let cursor = input.cursor();
    let from = prev_start(value, cursor);
    let kept: String = value
        .chars()
        .take(from)
        .chain(value.chars().skip(cursor))
        .collect();
    *input = Input::new(kept).with_cursor(from);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn japanese_words_are_runs_of_one_script() {
        let s = "体調を確認した。 OK 2回";
        assert_eq!(prev_start(s, 7), 5); // した
        assert_eq!(prev_start(s, 5), 3); // 確認
        assert_eq!(next_end(s, 0), 2); // 体調
        assert_eq!(next_end(s, 8), 11); // " OK"
        assert_eq!(prev_start(s, 11), 9);
        assert_eq!(next_end(s, 11), 13); // " 2" (digits with latin), then 回
    }

    #[test]
    fn ctrl_w_and_alt_backspace_delete_the_word_before_the_cursor() {
        let mut i = Input::new("体調を確認した".into()).with_cursor(5);
        assert!(key(
            &mut i,
            &press(KeyCode::Char('w'), KeyModifiers::CONTROL)
        ));
        assert_eq!(i.value(), "体調をした");
        assert_eq!(i.cursor(), 3);
        assert!(key(&mut i, &press(KeyCode::Backspace, KeyModifiers::ALT)));
        assert_eq!(i.value(), "体調した");
        assert!(key(&mut i, &press(KeyCode::Right, KeyModifiers::CONTROL)));
        assert_eq!(i.cursor(), 4);
        assert!(key(&mut i, &press(KeyCode::Left, KeyModifiers::CONTROL)));
        assert_eq!(i.cursor(), 2);
        assert!(!key(&mut i, &press(KeyCode::Left, KeyModifiers::NONE)));
    }
}
