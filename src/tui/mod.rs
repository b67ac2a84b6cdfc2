pub fn run(
    _: &crate::cli::Cli,
    _: &crate::config::Config,
) -> color_eyre::Result<std::process::ExitCode> {
    todo!()
}
