//! What every CSV careplan reads must be, for the office's imports and the exchange's files
//! alike: quotes closed, no control characters (line breaks only in free text), no value
//! longer than a real record ever is.

/// Strict MS932: the first byte that is not MS932 is reported with its line and offset.
pub fn decode_ms932(bytes: &[u8]) -> Result<String, (u64, String)> {
    let mut decoder = encoding_rs::SHIFT_JIS.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(bytes.len() * 3 / 2 + 16);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    match result {
        encoding_rs::DecoderResult::InputEmpty => Ok(out),
        encoding_rs::DecoderResult::Malformed(..) => {
            let line = out.matches('\n').count() as u64 + 1;
            Err((
                line,
                crate::format_tr!(
                    "MS932（Shift_JIS）として読めないバイトがあります（先頭から {read} バイト目付近）",
                    "a byte that is not MS932 (Shift_JIS) near byte {read} from the start"
                ),
            ))
        }
        // The buffer was sized for the worst case; reaching here means the input ended early.
        encoding_rs::DecoderResult::OutputFull => Err((
            1,
            crate::format_tr!(
                "ファイルを読み切れませんでした",
                "the file could not be read to its end"
            ),
        )),
    }
}

/// UTF-8 (a BOM is dropped) or else MS932, decided by the bytes; what cannot be read is
/// reported with its line and byte offset.
pub fn decode_utf8_or_ms932(bytes: &[u8]) -> Result<String, (u64, String)> {
    let utf8_error = |body: &[u8], skipped: usize, e: std::str::Utf8Error| {
        let at = e.valid_up_to();
        let line = body[..at].iter().filter(|b| **b == b'\n').count() as u64 + 1;
        (
            line,
            crate::format_tr!(
                "UTF-8 として読めないバイトがあります（先頭から {} バイト目）。UTF-8 か Shift_JIS (MS932) で保存し直してください",
                "a byte that is not UTF-8 at byte {} from the start; save the file again as UTF-8 or Shift_JIS (MS932)",
                at + skipped
            ),
        )
    };
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return std::str::from_utf8(rest)
            .map(str::to_string)
            .map_err(|e| utf8_error(rest, 3, e));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => decode_ms932(bytes).map_err(|(line, why)| {
            // Neither reads: the reading that got further is what the file was meant to be.
            let ms932_at = {
                let mut d = encoding_rs::SHIFT_JIS.new_decoder_without_bom_handling();
                let mut out = String::with_capacity(bytes.len() * 2 + 16);
                d.decode_to_string_without_replacement(bytes, &mut out, true)
                    .1
            };
            if e.valid_up_to() >= ms932_at {
                utf8_error(bytes, 0, e)
            } else {
                (
                    line,
                    crate::format_tr!(
                        "{why}。UTF-8 でもありません。UTF-8 か Shift_JIS (MS932) で保存し直してください",
                        "{why}; nor is it UTF-8; save the file again as UTF-8 or Shift_JIS (MS932)"
                    ),
                )
            }
        }),
    }
}

/// A quote left open runs to the end of the file: the line where it opened.
pub fn unclosed_quote(text: &str) -> Option<u64> {
    let (mut inside, mut line, mut opened) = (false, 1u64, 0u64);
    let mut at_field_start = true;
    for c in text.chars() {
        match c {
            '"' => {
                if !inside && at_field_start {
                    opened = line;
                }
                inside = !inside;
                at_field_start = false;
            }
            '\n' => {
                line += 1;
                at_field_start = !inside;
            }
            ',' if !inside => at_field_start = true,
            _ => at_field_start = false,
        }
    }
    inside.then_some(opened)
}

/// The refusal for an unclosed quote, with how to fix it.
pub fn unclosed_quote_reason() -> String {
    crate::format_tr!(
        "引用符（\"）が閉じられていません（この行で開いたまま）。項目を \" で囲み、中の \" は \"\" と二重にします",
        "a quote (\") is not closed (it opens on this line); put a value in \"…\" and double a \" inside it (\"\")"
    )
}

/// A value's problem, if any: a control character (line breaks allowed where `multiline`), or
/// more than `max` characters.
pub fn cell_problem(value: &str, max: usize, multiline: bool) -> Option<String> {
    // Nearly every value is short and plain: no byte of a control character (C0, DEL, or the
    // 0xC2 that starts a C1 one) and no more bytes than the limit allows characters.
    let plain = !value.bytes().any(|b| b < 0x20 || b == 0x7F || b == 0xC2);
    if plain && value.len() <= max {
        return None;
    }
    if let Some(c) = value
        .chars()
        .find(|c| c.is_control() && !(multiline && matches!(c, '\n' | '\r')))
    {
        let what = match c {
            '\0' => crate::format_tr!("NUL 文字", "a NUL character"),
            '\n' | '\r' => crate::format_tr!("改行", "a line break"),
            '\t' => crate::format_tr!("タブ", "a tab"),
            c => crate::format_tr!(
                "制御文字 U+{:04X}",
                "the control character U+{:04X}",
                u32::from(c)
            ),
        };
        return Some(crate::format_tr!(
            "{what}が含まれています。この項目には使えないので、取り除いてください",
            "it holds {what}, which this column does not take; remove it"
        ));
    }
    let n = value.chars().count();
    (n > max).then(|| {
        crate::format_tr!(
            "{n} 文字あります。この項目は {max} 文字までです",
            "{n} characters; this column takes at most {max}"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_control_characters_and_lengths() {
        assert_eq!(unclosed_quote("a,\"b\nc\"\n"), None);
        assert_eq!(unclosed_quote("a,b\nc,\"d\ne\n"), Some(2));
        assert!(
            cell_problem("山田\0太郎", 100, false)
                .unwrap()
                .contains("NUL")
        );
        assert!(
            cell_problem("山田\n太郎", 100, false)
                .unwrap()
                .contains("改行")
        );
        assert_eq!(cell_problem("一行目\r\n二行目", 4000, true), None);
        assert!(
            cell_problem("\u{7}", 4000, true)
                .unwrap()
                .contains("U+0007")
        );
        assert!(
            cell_problem(&"あ".repeat(101), 100, false)
                .unwrap()
                .contains("101 文字")
        );
        assert_eq!(cell_problem(&"あ".repeat(100), 100, false), None);
    }
}
