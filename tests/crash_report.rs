//! A panic leaves its details in an owner-only file under the state folder (a test binary of
//! its own: the panic hook is the whole process's).

use std::os::unix::fs::PermissionsExt;

#[test]
fn a_panic_writes_its_details_to_a_private_file() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("state/careplan/crash");
    careplan::crash_report::install_in(Some(folder.clone()));
    let caught = std::panic::catch_unwind(|| panic!("the details of the failure"));
    let _ = std::panic::take_hook();
    assert!(caught.is_err());
    let files: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let report = std::fs::read_to_string(&files[0]).unwrap();
    assert!(report.contains("the details of the failure"), "{report}");
    assert!(report.contains("tests/crash_report.rs"), "{report}");
    assert!(report.contains("backtrace:"), "{report}");
    let mode = std::fs::metadata(&files[0]).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}
