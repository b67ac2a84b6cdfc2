//! Printing lists for the CLI as an aligned table, JSON or CSV.

use crate::cli::Format;
use crate::text;
use color_eyre::eyre::Result;
use serde::Serialize;
use std::io::Write;

/// A list ready to print: column headers, rows of cells, which columns are numbers, and the
/// JSON form (a script contract, separate from the human table).
pub struct Listing<'a, T: Serialize> {
    pub headers: &'a [&'a str],
    pub rows: Vec<Vec<String>>,
    pub numeric: &'a [usize],
    pub json: &'a T,
}

pub fn print<T: Serialize>(format: Format, listing: &Listing<'_, T>) -> Result<()> {
    // Stdout flushes at every line break; a list of thousands of rows is written in blocks.
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, listing.json)?;
            writeln!(out)?;
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(&mut out);
            w.write_record(listing.headers)?;
            for r in &listing.rows {
                w.write_record(r)?;
            }
            w.flush()?;
        }
        Format::Table => {
            let widths: Vec<usize> = (0..listing.headers.len())
                .map(|i| {
                    listing
                        .rows
                        .iter()
                        .map(|r| text::width(&r[i]))
                        .chain([text::width(listing.headers[i])])
                        .max()
                        .unwrap_or(0)
                        .min(40)
                })
                .collect();
            let line = |cells: Vec<&str>| -> String {
                cells
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        if listing.numeric.contains(&i) {
                            text::pad_left(c, widths[i])
                        } else {
                            text::pad_right(c, widths[i])
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("  ")
                    .trim_end()
                    .to_string()
            };
            writeln!(out, "{}", line(listing.headers.to_vec()))?;
            for r in &listing.rows {
                writeln!(out, "{}", line(r.iter().map(String::as_str).collect()))?;
            }
        }
    }
    out.flush()?;
    Ok(())
}
