use careplan::config::Config;
use careplan::present::output;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Errors read as color-eyre formats them; a panic leaves its details in a file and one line
    // on stderr (the TUI's hook restores the terminal first).
    if let Err(e) = color_eyre::config::HookBuilder::default()
        .into_hooks()
        .1
        .install()
    {
        output::complain(&e.to_string());
    }
    careplan::crash_report::install();
    let cli = careplan::cli_help_en::parse();
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
        Err(e) => output::report_error(&e),
    }
}
