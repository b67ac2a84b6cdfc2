use careplan::config::Config;
use careplan::present::output;
use std::process::ExitCode;

fn main() -> ExitCode {
    one_malloc_arena();
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

/// One malloc arena for every thread. glibc gives each thread that allocates its own arena, and
/// what a worker frees there stays resident, unusable by the others: the TUI reads ホーム and a
/// month's compliance on two or three threads, and its peak memory at 10,000 clients was about
/// 5 MiB higher for it (34.4 against 39.3 MiB at start, 79 against 85 MiB after every tab).
/// The threads are few and brief, so sharing one arena costs no measurable time.
fn one_malloc_arena() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a malloc parameter; it runs before any other thread exists.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}
