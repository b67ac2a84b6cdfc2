//! Display-width arithmetic: the one place that knows text has bytes, chars and columns.
//! Japanese characters take two columns; everything that pads, cuts or aligns goes through here.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
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
}
