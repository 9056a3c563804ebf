//! The browser harness: the real server (SQLite) serving the built web app, and a headless
//! Chromium driven through chromedriver with fantoccini.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use tokio::process::{Child, Command};

use crate::harness::{TestApp, spawn_app_serving};

/// How long to wait for the app to show something (it fetches from the API first).
const WAIT: Duration = Duration::from_secs(15);

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_path_buf()
}

/// Where screenshots of the main screens are kept as test artifacts.
pub fn artifacts_dir() -> PathBuf {
    workspace().join("tests").join("artifacts")
}

fn program(env: &str, default: &str) -> String {
    std::env::var(env).unwrap_or_else(|_| default.to_owned())
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("free port").port()
}

pub struct Browser {
    pub client: Client,
    pub app: TestApp,
    _driver: Child,
    profile: PathBuf,
}

impl Browser {
    /// Starts the server with the web app of `dist/` and a fresh headless Chromium.
    pub async fn start() -> Browser {
        let dist = workspace().join("dist");
        assert!(
            dist.join("index.html").is_file(),
            "{} has no built web app: run `cargo xtask web` (the test command does it)",
            dist.display()
        );
        let app = spawn_app_serving(&dist).await;
        let port = free_port();
        let chromedriver = program("CHROMEDRIVER", "/usr/bin/chromedriver");
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start {chromedriver} ({e}): install chromium-driver (cargo xtask test does)")
            });
        let profile = std::env::temp_dir().join(format!("bitacora-chrome-{}", uuid::Uuid::new_v4().simple()));
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": program("CHROME", "/usr/bin/chromium"),
                "prefs": {
                    "download.default_directory": profile.join("downloads"),
                    "download.prompt_for_download": false,
                },
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1366,900", "--lang=es-EC",
                    format!("--user-data-dir={}", profile.display()),
                ]
            }
        });
        let capabilities = match capabilities {
            serde_json::Value::Object(map) => map,
            _ => unreachable!(),
        };
        let mut client = None;
        for _ in 0..50 {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector)
                .capabilities(capabilities.clone())
                .connect(&format!("http://127.0.0.1:{port}"))
                .await
            {
                Ok(c) => {
                    client = Some(c);
                    break;
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        }
        let client = client.expect("chromedriver did not accept a session within 10 s");
        Browser { client, app, _driver: driver, profile }
    }

    /// Where the browser saves the files it downloads.
    pub fn downloads(&self) -> PathBuf {
        self.profile.join("downloads")
    }

    pub async fn goto(&self, path: &str) {
        self.client.goto(&self.app.url(path)).await.expect("navigate");
    }

    pub async fn wait_for(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css} did not appear: {e}"))
    }

    /// Waits until the element's text contains `needle`, and returns the text.
    pub async fn wait_for_text(&self, css: &str, needle: &str) -> String {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            if let Ok(element) = self.client.find(Locator::Css(css)).await
                && let Ok(text) = element.text().await
                && text.contains(needle)
            {
                return text;
            }
            if tokio::time::Instant::now() > deadline {
                let page = self
                    .client
                    .find(Locator::Css("body"))
                    .await
                    .expect("body")
                    .text()
                    .await
                    .unwrap_or_default();
                panic!("{css} never said {needle:?}; the page says:\n{page}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Replaces what `#id` holds with `text`, as a user does: deletes it (one `input` event, no
    /// change of focus) and types. WebDriver's own "clear" also blurs the field, which a user
    /// never does between deleting and typing; it is kept for date fields, whose parts are typed
    /// one after the other from an empty field.
    pub async fn type_into(&self, id: &str, text: &str) {
        let input = self.wait_for(&format!("#{id}")).await;
        if input.attr("type").await.expect("type").as_deref() == Some("date") {
            input.clear().await.expect("clear");
            input.send_keys(text).await.expect("type");
            return;
        }
        self.client
            .execute(
                "arguments[0].value = ''; arguments[0].dispatchEvent(new Event('input', { bubbles: true }));",
                vec![serde_json::to_value(&input).expect("element")],
            )
            .await
            .expect("delete what the field holds");
        input.send_keys(text).await.expect("type");
    }

    pub async fn choose(&self, id: &str, value: &str) {
        let select = self.wait_for(&format!("#{id}")).await;
        select.select_by_value(value).await.unwrap_or_else(|e| panic!("#{id} has no option {value}: {e}"));
    }

    pub async fn click(&self, css: &str) {
        self.wait_for(css).await.click().await.unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    /// Moves the focus out of the current field (as an agent does with Tab).
    pub async fn tab(&self) {
        self.client
            .active_element()
            .await
            .expect("focus")
            .send_keys(&fantoccini::key::Key::Tab)
            .await
            .expect("tab");
    }

    /// Clicks the button that says `label`.
    pub async fn click_button(&self, label: &str) {
        let xpath = format!("//button[normalize-space()='{label}']");
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::XPath(&xpath))
            .await
            .unwrap_or_else(|e| panic!("no button «{label}»: {e}"))
            .click()
            .await
            .unwrap_or_else(|e| panic!("click «{label}»: {e}"));
    }

    /// What the control `#id` holds now.
    pub async fn value(&self, id: &str) -> String {
        self.wait_for(&format!("#{id}")).await.prop("value").await.expect("value").unwrap_or_default()
    }

    /// Ends the browser's session on the server, as an expiry or a revocation would, without the
    /// app knowing: its next request finds the session gone.
    pub async fn end_session_on_server(&self) {
        let token = self
            .client
            .execute("return JSON.parse(localStorage.getItem('bitacora.session')).access_token", vec![])
            .await
            .expect("the app keeps its session in localStorage");
        let token = token.as_str().expect("an access token").to_owned();
        let res = self.app.post("/api/v1/auth/logout", &token, &json!({})).await;
        assert_eq!(res.status(), 204, "logout through the API");
    }

    /// The keys of the drafts the app keeps in the browser's storage.
    pub async fn stored_drafts(&self) -> Vec<String> {
        let keys = self
            .client
            .execute("return Object.keys(localStorage).filter(k => k.startsWith('bitacora.draft'))", vec![])
            .await
            .expect("localStorage");
        serde_json::from_value(keys).expect("a list of keys")
    }

    pub async fn text(&self, css: &str) -> String {
        self.wait_for(css).await.text().await.expect("text")
    }

    /// Whether anything matches `css` right now.
    pub async fn exists(&self, css: &str) -> bool {
        self.client.find(Locator::Css(css)).await.is_ok()
    }

    /// Signs in through the login screen and waits for the case list.
    pub async fn sign_in(&self, username: &str, password: &str) {
        self.goto("/").await;
        self.type_into("username", username).await;
        self.type_into("password", password).await;
        self.click("form button[type=submit]").await;
        self.wait_for("nav[aria-label='Menú principal']").await;
    }

    /// Signs in on the sign-in page the app shows where it is (e.g. after the session ended),
    /// and waits for the menu.
    pub async fn sign_in_here(&self, username: &str, password: &str) {
        self.type_into("username", username).await;
        self.type_into("password", password).await;
        self.click("form button[type=submit]").await;
        self.wait_for("nav[aria-label='Menú principal']").await;
    }

    pub async fn screenshot(&self, name: &str) {
        let png = self.client.screenshot().await.expect("screenshot");
        let dir = artifacts_dir();
        std::fs::create_dir_all(&dir).expect("artifacts dir");
        std::fs::write(dir.join(format!("{name}.png")), png).expect("write screenshot");
    }

    pub async fn close(self) {
        let _ = self.client.close().await;
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}
