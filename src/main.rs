use careplan::cli::Cli;
use careplan::config::Config;
use clap::Parser;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Panic reports (with the terminal restored by the TUI's own hook) come from color-eyre.
    if let Err(e) = color_eyre::install() {
        eprintln!("{e}");
    }
    let cli = Cli::parse();
    let result = match &cli.command {
        Some(cmd) if !cmd.reads_config() => careplan::commands::run(&cli, cmd, &Config::default()),
        _ => Config::load(cli.config.as_deref()).and_then(|config| match &cli.command {
            Some(cmd) => {
                if cmd.opens_office() {
                    careplan::office_account::switch_if_member(&cli, &config)?;
                }
                let code = careplan::commands::run(&cli, cmd, &config)?;
                if cmd.changes_records() {
                    careplan::commands::keep_home_current(&cli, &config);
                }
                Ok(code)
            }
            None => {
                careplan::office_account::switch_if_member(&cli, &config)?;
                careplan::tui::run(&cli, &config)
            }
        }),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            // Output piped into `head` and closed early is not an error worth reporting.
            let broken_pipe = e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .map(std::io::Error::kind)
                    .or_else(|| {
                        c.downcast_ref::<serde_json::Error>()
                            .and_then(serde_json::Error::io_error_kind)
                    })
                    == Some(std::io::ErrorKind::BrokenPipe)
            });
            if broken_pipe {
                return ExitCode::SUCCESS;
            }
            let mut msg = String::new();
            for (i, cause) in e.chain().enumerate() {
                if i > 0 {
                    msg.push_str("\n  原因: ");
                }
                msg.push_str(&cause.to_string());
            }
            // Ignored if stderr is gone (terminal closed): there is nobody to tell.
            let _ = writeln!(std::io::stderr(), "エラー: {msg}");
            ExitCode::from(2)
        }
    }
}
