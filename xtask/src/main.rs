//! `cargo xtask <command>`: the project's set-up, run and test orchestration, so that a fresh
//! machine with Rust installed needs two commands (see README.md).
//!
//! - `run`      builds the web app and the server, and serves both on SQLite (`data/bitacora.db`).
//! - `web`      builds the web app into `dist/` and checks its size budget.
//! - `test`     runs the whole test suite: unit tests, the API suite on SQLite and on
//!   PostgreSQL, and the browser suite in headless Chromium.
//! - `openapi`  rewrites `openapi/openapi.json` from the code.
//! - `lint`     `cargo fmt --check`, `cargo clippy -D warnings`, and the browser-safety check of `shared`.

use std::net::{TcpStream, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, bail};

const DEFAULT_PG_ADMIN_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";
const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// Where the built web app goes; `bitacora-server` serves it.
const DIST: &str = "dist";
/// First-load budget of the web app: wasm + JS + CSS + HTML, gzipped.
const BUNDLE_BUDGET_BYTES: u64 = 250 * 1024;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    std::env::set_current_dir(&root).with_context(|| format!("cannot enter {}", root.display()))?;
    match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("web") => build_web(),
        Some("test") => test(),
        Some("openapi") => openapi(),
        Some("lint") => lint(),
        _ => {
            eprintln!("usage: cargo xtask <run|test|openapi|lint>\n\n{}", include_str!("usage.txt"));
            bail!("unknown command")
        }
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
}

/// Runs a command, failing with its description when it fails.
fn step(what: &str, cmd: &mut Command) -> anyhow::Result<()> {
    eprintln!("==> {what}");
    let status = cmd.status().with_context(|| format!("cannot start: {what}"))?;
    if !status.success() {
        bail!("failed ({status}): {what}");
    }
    Ok(())
}

/// Builds the server in release mode and serves it on SQLite. Extra arguments are ignored;
/// settings come from the `BITACORA_*` environment variables (README).
fn run(_args: &[String]) -> anyhow::Result<()> {
    ensure_build_dependencies()?;
    build_web()?;
    step(
        "building bitacora-server (release)",
        cargo().args(["build", "--release", "--package", "backend", "--bin", "bitacora-server"]),
    )?;
    let mut server = Command::new(Path::new("target").join("release").join("bitacora-server"));
    server.env("BITACORA_STATIC_DIR", DIST);
    step("starting bitacora-server (Ctrl-C stops it)", &mut server)
}

/// The web app's entry bundles: (wasm binary of the `frontend` crate, HTML page that loads it).
/// The server maps each path to its page (`backend/src/routes/spa.rs`, `bundle_page`).
const BUNDLES: &[(&str, &str)] =
    &[("app", "index.html"), ("caso", "caso.html"), ("gestion", "gestion.html"), ("admin", "admin.html")];

/// Builds the web app: each entry bundle's wasm (size-optimised profile), its JS glue and page,
/// and the stylesheet; then checks each bundle's gzipped first load against the budget.
fn build_web() -> anyhow::Result<()> {
    step("adding the wasm32 target", Command::new("rustup").args(["target", "add", WASM_TARGET]))?;
    step(
        "building the web app (wasm, size-optimised)",
        cargo().args([
            "build",
            "--package",
            "frontend",
            "--bins",
            "--target",
            WASM_TARGET,
            "--profile",
            "wasm-release",
        ]),
    )?;
    let dist = Path::new(DIST);
    if dist.exists() {
        std::fs::remove_dir_all(dist).context("cannot clear dist/")?;
    }
    std::fs::create_dir_all(dist)?;
    std::fs::copy("frontend/static/app.css", dist.join("app.css"))?;
    let template = std::fs::read_to_string("frontend/static/index.html")?;
    let mut over = Vec::new();
    for (bundle, page) in BUNDLES {
        eprintln!("==> generating the JS bindings of `{bundle}` (wasm-bindgen)");
        let wasm = Path::new("target").join(WASM_TARGET).join("wasm-release").join(format!("{bundle}.wasm"));
        wasm_bindgen_cli_support::Bindgen::new()
            .input_path(&wasm)
            .web(true)?
            .typescript(false)
            .remove_name_section(true)
            .remove_producers_section(true)
            .out_name(bundle)
            .generate(dist)
            .map_err(|e| anyhow::anyhow!("wasm-bindgen: {e}"))?;
        let version = content_version(&std::fs::read(dist.join(format!("{bundle}_bg.wasm")))?);
        let html = template.replace("{{version}}", &version).replace("{{bundle}}", bundle);
        std::fs::write(dist.join(page), html)?;

        let mut total = 0;
        for file in
            [page.to_string(), format!("{bundle}.js"), format!("{bundle}_bg.wasm"), "app.css".to_owned()]
        {
            let bytes = std::fs::read(dist.join(&file))?;
            // The server sends these pre-compressed copies to browsers that accept gzip.
            let gz = gzip(&bytes)?;
            std::fs::write(dist.join(format!("{file}.gz")), &gz)?;
            eprintln!("    {file:<16} {:>8} bytes, {:>7} gzipped", bytes.len(), gz.len());
            total += gz.len() as u64;
        }
        eprintln!(
            "==> `{bundle}` first load: {:.1} KB gzipped (budget {} KB)",
            total as f64 / 1024.0,
            BUNDLE_BUDGET_BYTES / 1024
        );
        if total > BUNDLE_BUDGET_BYTES {
            over.push(format!("{bundle}: {total} bytes"));
        }
    }
    if !over.is_empty() {
        bail!("over the {BUNDLE_BUDGET_BYTES}-byte gzipped first-load budget: {}", over.join(", "));
    }
    Ok(())
}

/// A short content hash for cache busting (FNV-1a: stable across Rust versions).
fn content_version(bytes: &[u8]) -> String {
    let hash = bytes
        .iter()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3));
    format!("{:x}", hash & 0xffff_ffff)
}

fn gzip(bytes: &[u8]) -> anyhow::Result<Vec<u8>> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?)
}

/// The whole suite: unit tests, the API suite on SQLite and on PostgreSQL, and the browser suite
/// (headless Chromium on SQLite). PostgreSQL and Chromium must be there: the suite never skips.
fn test() -> anyhow::Result<()> {
    let pg_url = std::env::var("BITACORA_TEST_PG_URL").unwrap_or_else(|_| DEFAULT_PG_ADMIN_URL.to_owned());
    ensure_build_dependencies()?;
    ensure_browser()?;
    ensure_postgres(&pg_url)?;
    build_web()?;
    // `--no-fail-fast`: one failing suite must not hide what the others would report.
    step(
        "unit tests, the API suite on SQLite, the browser suite",
        cargo().args(["test", "--workspace", "--no-fail-fast"]).env("BITACORA_TEST_DB", "sqlite"),
    )?;
    step(
        "the API suite on PostgreSQL",
        cargo()
            .args(["test", "--no-fail-fast", "--package", "bitacora-tests", "--test", "api"])
            .env("BITACORA_TEST_DB", "postgres")
            .env("BITACORA_TEST_PG_URL", &pg_url),
    )?;
    eprintln!("==> all suites passed (SQLite, PostgreSQL, Chromium); screenshots in tests/artifacts/");
    Ok(())
}

/// Headless Chromium and its driver, for the browser suite.
fn ensure_browser() -> anyhow::Result<()> {
    let chrome = std::env::var("CHROME").unwrap_or_else(|_| "/usr/bin/chromium".to_owned());
    let driver = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".to_owned());
    if Path::new(&chrome).is_file() && Path::new(&driver).is_file() {
        return Ok(());
    }
    apt_install(&["chromium", "chromium-driver"], "the browser suite drives a headless Chromium")
}

fn has(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program} >/dev/null 2>&1")])
        .status()
        .is_ok_and(|s| s.success())
}

/// Installs missing Debian packages when we may (root with apt-get); otherwise says what to install.
fn apt_install(packages: &[&str], why: &str) -> anyhow::Result<()> {
    let is_root = Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0"));
    if is_root && has("apt-get") {
        step("apt-get update", Command::new("apt-get").args(["update", "-q"]))?;
        return step(
            &format!("installing {} ({why})", packages.join(" ")),
            Command::new("apt-get")
                .args(["install", "-y", "-q"])
                .args(packages)
                .env("DEBIAN_FRONTEND", "noninteractive"),
        );
    }
    bail!(
        "{why}: install {} (Debian/Ubuntu: sudo apt-get install {})",
        packages.join(", "),
        packages.join(" ")
    )
}

/// The server links PostgreSQL's client library and compiles SQLite with the C compiler.
fn ensure_build_dependencies() -> anyhow::Result<()> {
    let has_libpq =
        Command::new("pkg-config").args(["--exists", "libpq"]).status().is_ok_and(|s| s.success())
            || has("pg_config");
    if !has_libpq || !has("cc") {
        apt_install(
            &["libpq-dev", "pkg-config", "build-essential"],
            "the server links libpq and builds SQLite",
        )?;
    }
    Ok(())
}

/// Host and port of a `postgres://user@host:port/db` URL.
fn host_port(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split('/').next()?;
    let host = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
    Some(if host.contains(':') { host.to_owned() } else { format!("{host}:5432") })
}

fn reachable(addr: &str) -> bool {
    addr.to_socket_addrs()
        .ok()
        .and_then(|mut addrs| addrs.next())
        .is_some_and(|a| TcpStream::connect_timeout(&a, Duration::from_secs(2)).is_ok())
}

/// PostgreSQL must answer; on a Debian machine with a stopped local cluster, start it.
fn ensure_postgres(url: &str) -> anyhow::Result<()> {
    let addr = host_port(url).with_context(|| format!("cannot read host and port from {url}"))?;
    if reachable(&addr) {
        return Ok(());
    }
    if let Some(version) =
        std::fs::read_dir("/etc/postgresql").ok().and_then(|mut d| d.next()).and_then(Result::ok)
    {
        let version = version.file_name().to_string_lossy().into_owned();
        eprintln!("==> PostgreSQL is not answering at {addr}; starting the local cluster {version}/main");
        let _ = Command::new("pg_ctlcluster")
            .args(["--skip-systemctl-redirect", &version, "main", "start"])
            .status();
        for _ in 0..20 {
            if reachable(&addr) {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(500));
        }
    }
    bail!(
        "\n\n*** PostgreSQL is NOT reachable at {addr}. ***\n\
         The test suite runs on SQLite AND PostgreSQL and does not skip either.\n\
         Start a server (Debian: pg_ctlcluster --skip-systemctl-redirect <version> main start)\n\
         or point BITACORA_TEST_PG_URL at one (a role that may CREATE DATABASE).\n"
    )
}

fn openapi() -> anyhow::Result<()> {
    step(
        "regenerating openapi/openapi.json",
        cargo()
            .args(["test", "--package", "bitacora-tests", "--test", "api", "openapi::"])
            .env("BITACORA_UPDATE_OPENAPI", "1"),
    )
}

fn lint() -> anyhow::Result<()> {
    step("cargo fmt --check", cargo().args(["fmt", "--all", "--check"]))?;
    step(
        "cargo clippy -D warnings",
        cargo().args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]),
    )?;
    step("adding the wasm32 target", Command::new("rustup").args(["target", "add", WASM_TARGET]))?;
    step(
        "cargo clippy -D warnings (web app, wasm32)",
        cargo().args(["clippy", "--package", "frontend", "--target", WASM_TARGET, "--", "-D", "warnings"]),
    )?;
    check_shared_is_browser_safe()
}

/// `shared` is compiled into the browser: it must build for wasm32 and pull in no server crate.
fn check_shared_is_browser_safe() -> anyhow::Result<()> {
    step("adding the wasm32 target", Command::new("rustup").args(["target", "add", WASM_TARGET]))?;
    step(
        "building shared for wasm32",
        cargo().args(["build", "--package", "shared", "--target", WASM_TARGET]),
    )?;
    eprintln!("==> checking shared's dependency tree for server crates");
    let output = cargo()
        .args([
            "tree",
            "--package",
            "shared",
            "--target",
            WASM_TARGET,
            "--edges",
            "normal",
            "--prefix",
            "none",
        ])
        .output()
        .context("cargo tree")?;
    if !output.status.success() {
        bail!("cargo tree failed: {}", String::from_utf8_lossy(&output.stderr));
    }
    let tree = String::from_utf8_lossy(&output.stdout);
    let forbidden: Vec<&str> = tree
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| {
            ["diesel", "actix", "tokio", "libsqlite3", "pq-sys"].iter().any(|f| name.starts_with(f))
        })
        .collect();
    if !forbidden.is_empty() {
        bail!("shared depends on server crates: {forbidden:?}");
    }
    Ok(())
}
