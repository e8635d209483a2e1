//! Two jobs:
//! - builds the knowledge into the binary: every file under `data/`, each
//!   deflate-compressed, in one blob with an index (`$OUT_DIR/data.rs`), so that a
//!   copied or `cargo install`ed `demarche` runs anywhere;
//! - tells the tests what this machine has (`cfg(shared_data)`: `../shared` with the
//!   gold data; `cfg(browser)`: Chromium and chromedriver; `cfg(python)`: python3),
//!   so that a test that cannot run here is reported as ignored with its reason.
//!   With `CI=true` each is set regardless, so that a missing one fails its tests.
//!
//! `../shared` appearing later is noticed only when this script runs again
//! (`touch crates/cli/build.rs`): cargo cannot watch a path that does not exist
//! without running the script on every build.

use std::io::Write;
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo"));
    let data = manifest.join("../../data");
    // A directory: cargo looks at every file below it.
    println!("cargo::rerun-if-changed=../../data");
    embed_data(&data, &out);
    machine_features(&manifest);
}

/// Chromium and chromedriver where Debian's packages put them (as the browser test looks).
const CHROMIUM: &[&str] = &["/usr/bin/chromium", "/usr/bin/chromium-browser"];
const CHROMEDRIVER: &[&str] = &["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"];

fn machine_features(manifest: &Path) {
    for name in ["shared_data", "browser", "python"] {
        println!("cargo::rustc-check-cfg=cfg({name})");
    }
    println!("cargo::rerun-if-env-changed=CI");
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let gold = manifest.join("../../../shared/gold");
    if gold.is_dir() {
        println!("cargo::rerun-if-changed=../../../shared/gold");
    }
    let found = |paths: &[&str]| paths.iter().any(|p| Path::new(p).is_file());
    let browser = found(CHROMIUM) && found(CHROMEDRIVER);
    // Installing or removing a package changes /usr/bin.
    if Path::new("/usr/bin").is_dir() {
        println!("cargo::rerun-if-changed=/usr/bin");
    }
    let python = std::process::Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    for (name, present) in [
        ("shared_data", gold.is_dir()),
        ("browser", browser),
        ("python", python),
    ] {
        if present || ci {
            println!("cargo::rustc-cfg={name}");
        }
    }
}

fn embed_data(data: &Path, out: &Path) {
    let mut files = Vec::new();
    walk(data, data, &mut files);
    files.sort();
    let mut blob: Vec<u8> = Vec::new();
    let mut index = String::from(
        "/// (path relative to data/, start, end) of each compressed file in `DATA_BLOB`.\n\
         pub static DATA_FILES: &[(&str, usize, usize)] = &[\n",
    );
    let mut raw = 0usize;
    for rel in &files {
        let bytes = std::fs::read(data.join(rel)).expect("a data file is readable");
        // Every file is text but the model weights (gzip).
        assert!(
            rel.ends_with(".gz") || std::str::from_utf8(&bytes).is_ok(),
            "data/{rel} is not UTF-8 text"
        );
        raw += bytes.len();
        let mut enc = libflate::deflate::Encoder::new(Vec::new());
        enc.write_all(&bytes).expect("compressing in memory");
        let packed = enc.finish().into_result().expect("compressing in memory");
        let start = blob.len();
        blob.extend_from_slice(&packed);
        index.push_str(&format!("    ({rel:?}, {start}, {}),\n", blob.len()));
    }
    index.push_str("];\n");
    index.push_str(&format!(
        "/// Bytes of the data files before compression.\npub const DATA_RAW_BYTES: usize = {raw};\n\
         /// Every data file, deflate-compressed, one after the other.\n\
         pub static DATA_BLOB: &[u8] = include_bytes!(concat!(env!(\"OUT_DIR\"), \"/data.bin\"));\n"
    ));
    std::fs::write(out.join("data.bin"), &blob).expect("OUT_DIR is writable");
    std::fs::write(out.join("data.rs"), index).expect("OUT_DIR is writable");
}

/// Every file below `dir`, as paths relative to `root` with `/` separators.
fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let entries = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read the data directory {}: {e}", dir.display()));
    for e in entries {
        let e = e.expect("a directory entry");
        let path = e.path();
        if e.file_type().expect("a file type").is_dir() {
            walk(root, &path, out);
        } else {
            let rel = path.strip_prefix(root).expect("below the root");
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            out.push(rel.join("/"));
        }
    }
}
