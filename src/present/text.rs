//! Display-width arithmetic: the one place that knows text has bytes, chars and columns.
//! Japanese characters take two columns; everything that pads, cuts or aligns goes through here.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// A text with its `{name}` places filled in: the Japanese and English forms of one sentence
/// put the values in different orders, so they are named, not positional.
pub fn fill(template: &str, values: &[(&str, String)]) -> String {
    values.iter().fold(template.to_string(), |t, (name, v)| {
        t.replace(&format!("{{{name}}}"), v)
    })
}

/// Cuts `s` to at most `max` columns, ending with "…" when something was cut.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// Breaks `s` into lines of at most `max` columns (at spaces and punctuation when one is
/// near, else anywhere, as Japanese allows), at most `lines` of them; the last line ends with
/// "…" when something was left over.
pub fn wrap(s: &str, max: usize, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if max == 0 || lines == 0 {
        return out;
    }
    let chars: Vec<char> = s.chars().collect();
    let mut start = 0;
    while start < chars.len() {
        if out.len() + 1 == lines {
            let rest: String = chars[start..].iter().collect();
            out.push(truncate(&rest, max));
            return out;
        }
        let mut used = 0;
        let mut end = start;
        while end < chars.len() && used + chars[end].width().unwrap_or(0) <= max {
            used += chars[end].width().unwrap_or(0);
            end += 1;
        }
        if end < chars.len() {
            // Prefer to break after a space or Japanese punctuation in the last third.
            let floor = start + (end - start) * 2 / 3;
            if let Some(b) = (floor..end).rev().find(|&i| {
                // A comma or colon between digits is part of a number (1,411 / 10:15).
                let in_number = matches!(chars[i], ',' | ':')
                    && chars.get(i + 1).is_some_and(char::is_ascii_digit);
                !in_number && matches!(chars[i], ' ' | '、' | '。' | '）' | ')' | ',' | '：' | ':')
            }) {
                end = b + 1;
            }
        }
        // A figure is not parted (2.1% stays whole): the break goes before it when it is
        // not the whole line.
        let in_figure = |c: char| c.is_ascii_digit() || matches!(c, '.' | ',' | '%');
        if end < chars.len() && in_figure(chars[end]) && in_figure(chars[end - 1]) {
            let mut b = end;
            while b > start && in_figure(chars[b - 1]) {
                b -= 1;
            }
            if b > start {
                end = b;
            }
        }
        // A closing bracket or a Japanese stop never begins a line (禁則): the character
        // before it goes down with it.
        if end < chars.len()
            && end > start + 1
            && matches!(chars[end], '）' | ')' | '、' | '。' | '」')
        {
            end -= 1;
        }
        if end == start {
            end = start + 1;
        }
        out.push(
            chars[start..end]
                .iter()
                .collect::<String>()
                .trim_end()
                .to_string(),
        );
        start = end;
        while start < chars.len() && chars[start] == ' ' {
            start += 1;
        }
    }
    out
}

/// Truncates then pads with spaces to exactly `cols` columns (left-aligned).
pub fn pad_right(s: &str, cols: usize) -> String {
    let t = truncate(s, cols);
    let fill = cols.saturating_sub(width(&t));
    format!("{t}{}", " ".repeat(fill))
}

/// Truncates then pads on the left to exactly `cols` columns (right-aligned, for numbers).
pub fn pad_left(s: &str, cols: usize) -> String {
    let t = truncate(s, cols);
    let fill = cols.saturating_sub(width(&t));
    format!("{}{t}", " ".repeat(fill))
}

/// Display column of the char index `chars` in `s` (where a cursor after that many chars sits).
pub fn column_of(s: &str, chars: usize) -> usize {
    s.chars().take(chars).map(|c| c.width().unwrap_or(0)).sum()
}

/// 1234567 → "1,234,567".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_is_two_columns() {
        assert_eq!(width("山田"), 4);
        assert_eq!(width("ﾔﾏﾀﾞ"), 4);
        assert_eq!(truncate("山田花子さん", 7), "山田花…");
        assert_eq!(width(&truncate("山田花子さん", 7)), 7);
        assert_eq!(pad_right("山田", 6), "山田  ");
        assert_eq!(pad_left("12", 4), "  12");
        assert_eq!(column_of("日本語abc", 3), 6);
        assert_eq!(thousands(934_822), "934,822");
        assert_eq!(thousands(12), "12");
    }

    #[test]
    fn truncate_never_exceeds() {
        for n in 0..12 {
            assert!(width(&truncate("あいうえおかきくけこ", n)) <= n);
        }
    }

    #[test]
    fn wrap_keeps_every_line_within_width_and_at_most_the_lines_asked() {
        let msg = "生年月日が未来の日付です。今日より前の日付を入れてください（例: S20.5.5）";
        let lines = wrap(msg, 20, 3);
        assert!(lines.len() <= 3);
        assert!(lines.iter().all(|l| width(l) <= 20));
        assert!(lines[0].starts_with("生年月日が未来"));
        // Nothing is lost when it fits.
        assert_eq!(wrap(msg, 80, 3).concat(), msg);
        // A figure stays whole.
        assert_eq!(
            wrap("移行で処遇改善2.1% 月10,453円", 16, 3),
            ["移行で処遇改善", "2.1% 月10,453円"]
        );
        // 禁則: a closing bracket stays with the word it closes.
        let lines = wrap("八雲 千代（事業所への交付）", 26, 2);
        assert_eq!(lines, ["八雲 千代（事業所への交", "付）"]);
        let cut = wrap(&msg.repeat(4), 20, 3);
        assert_eq!(cut.len(), 3);
        assert!(cut[2].ends_with('…'));
    }

    #[test]
    fn wrap_does_not_break_a_number_at_its_comma() {
        let lines = wrap("⚠ 運営基準減算のおそれ 12人 10,694単位 約118,168円", 36, 3);
        assert!(lines.iter().all(|l| !l.ends_with("10,")), "{lines:?}");
        assert!(lines.concat().contains("10,694単位"), "{lines:?}");
    }
}
