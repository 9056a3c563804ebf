//! The case log at a million cases: the list (first page, a deep page, each filter), the search,
//! the duplicate check, registering a case, the supervisor's queue and the dashboard, through
//! the real server over HTTP.
//!
//! `cargo bench -p bitacora-tests --bench million` (SQLite), with `BITACORA_TEST_DB=postgres` for
//! PostgreSQL; `BITACORA_BENCH_CASES` changes the number of cases (default 1 000 000, at least
//! 100 000 for the checks of the answers to hold). The
//! database is seeded in SQL, once per run: the oldest case a little under two years ago, one
//! every minute since; one case in eleven is open, the rest resolved.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a benchmark stops on the first surprise")]

use std::time::Instant;

use bitacora_tests::harness::{Backend, TestApp, backend, body, case_body, spawn_app, unique_reference};
use criterion::{Criterion, criterion_group, criterion_main};
use diesel::prelude::*;
use diesel::sql_query;
use reqwest::StatusCode;
use shared::Province;
use shared::api::{CaseDto, CasePage};

fn cases_to_seed() -> i64 {
    std::env::var("BITACORA_BENCH_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(1_000_000)
}

/// `CASE key % k WHEN 0 THEN 'a' …`: the same SQL on both databases.
fn cycle(key: &str, values: &[&str]) -> String {
    let arms: String =
        values.iter().enumerate().map(|(i, v)| format!(" WHEN {i} THEN '{v}'")).collect::<Vec<_>>().join("");
    format!("CASE ({key}) % {}{arms} END", values.len())
}

/// Inserts `n` cases created by user `creator`, case `n` registered `total - n` minutes ago.
fn seed(url: &str, total: i64, creator: i64) {
    let provinces: Vec<&str> = Province::ALL.iter().map(|p| p.as_str()).collect();
    let (numbers, created_at) = match backend() {
        Backend::Sqlite => (
            format!("WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < {total})"),
            format!("datetime('now', '-' || ({total} - n) || ' minutes')"),
        ),
        Backend::Postgres => {
            (String::new(), format!("(now() AT TIME ZONE 'UTC') - ({total} - n) * interval '1 minute'"))
        }
    };
    let from = match backend() {
        Backend::Sqlite => "seq",
        Backend::Postgres => &format!("generate_series(1, {total}) AS n"),
    };
    let collection_type = cycle("n", &["TEMPRANA", "EXTRAJUDICIAL", "COACTIVA", "DIFERIDO_ANTICIPADO"]);
    // Periods that share no factor with 24, so that every province has every line and type.
    let business_line = cycle("n / 24", &["TELEFONIA_FIJA", "INTERNET_FIJO", "TV_SATELITAL"]);
    let province = cycle("n", &provinces);
    let surname = cycle("n", &["PEREZ", "LOOR", "QUISHPE", "ANDRADE", "CEVALLOS", "ZAMBRANO", "VERA"]);
    let insert = format!(
        "{numbers}
        INSERT INTO cases (customer_name, document_type, document_number, business_line, service_status,
            collection_type, reference, province, landline, mobile_confirmed, payment_intent, status,
            search_text, created_by, created_at, updated_at, version, closed_at)
        SELECT 'CLIENTE ' || {surname} || ' ' || CAST(n AS TEXT), 'PASAPORTE', 'P' || CAST(n AS TEXT),
            {business_line}, 'SUSPENDIDO', {collection_type}, CAST(100000000 + n AS TEXT), {province},
            '022123456', 0, 'TOTAL', CASE WHEN n % 11 = 0 THEN 'PENDIENTE' ELSE 'RESUELTO' END,
            lower('cliente ' || {surname} || ' ' || CAST(n AS TEXT) || ' p' || CAST(n AS TEXT) || ' '
                || CAST(100000000 + n AS TEXT)),
            {creator}, {created_at}, {created_at}, 1,
            CASE WHEN n % 11 = 0 THEN NULL ELSE {created_at} END
        FROM {from}"
    );
    let mut conn = backend::db::DbConnection::establish(url).unwrap();
    let started = Instant::now();
    sql_query(insert).execute(&mut conn).unwrap();
    if backend() == Backend::Postgres {
        // What autovacuum does after a bulk load; SQLite gets no ANALYZE, as in production.
        sql_query("ANALYZE cases").execute(&mut conn).unwrap();
    }
    eprintln!("seeded {total} cases in {:.1} s", started.elapsed().as_secs_f64());
}

struct Fixture {
    app: TestApp,
    token: String,
    /// A case number deep in the list (about 90 % down).
    deep_cursor: i64,
}

async fn fixture() -> Fixture {
    let app = spawn_app().await;
    let total = cases_to_seed();
    let me: shared::api::UserDto = body(app.get("/api/v1/me", &app.admin_token).await).await;
    seed(&app.db.url, total, me.id);
    // Supervisors read the dashboard and the queue; the administrator registers no cases.
    let supervisor = app.login_as(shared::Role::Supervisor).await;
    Fixture { token: supervisor.token, deep_cursor: total / 10, app }
}

async fn list(fx: &Fixture, query: &str) -> CasePage {
    let res = fx.app.get(&format!("/api/v1/cases?{query}"), &fx.token).await;
    assert_eq!(res.status(), StatusCode::OK, "{query}");
    body(res).await
}

fn benches(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let fx = rt.block_on(fixture());
    let n = cases_to_seed();
    let mut group = c.benchmark_group(format!("{n}-cases-{:?}", backend()).to_lowercase());

    // Each list query, checked once for the page it must give before it is timed.
    let (from, to) = {
        let today = chrono::Utc::now().date_naive();
        (today - chrono::Duration::days(60), today - chrono::Duration::days(31))
    };
    let lists = [
        ("list first page", String::new(), 50),
        ("list deep page (cursor)", format!("cursor={}", fx.deep_cursor), 50),
        ("list status + type", "status=PENDIENTE&collection_type=COACTIVA".to_owned(), 50),
        ("list province + line", "province=LOJA&business_line=INTERNET_FIJO".to_owned(), 50),
        ("list date range", format!("from={from}&to={to}"), 50),
        ("search document number", format!("q=P{}", n / 2), 1),
        ("search reference", format!("q={}", 100_000_000 + n / 3), 1),
        ("search name", "q=quishpe".to_owned(), 50),
        ("search name, no match", "q=zzzz".to_owned(), 0),
    ];
    for (name, query, expected) in &lists {
        let page = rt.block_on(list(&fx, query));
        assert_eq!(page.items.len(), *expected, "{name}");
        group.bench_function(*name, |b| b.to_async(&rt).iter(|| list(&fx, query)));
    }

    let duplicates = format!(
        "/api/v1/cases/duplicates?reference={}&collection_type=COACTIVA&document_number=P{}",
        100_000_000 + n - 10,
        n - 10
    );
    group.bench_function("duplicate check", |b| {
        b.to_async(&rt).iter(|| async {
            let res = fx.app.get(&duplicates, &fx.token).await;
            assert_eq!(res.status(), StatusCode::OK);
        })
    });

    group.bench_function("register a case", |b| {
        b.to_async(&rt).iter(|| async {
            let form = case_body("TEMPRANA", &unique_reference("0225"));
            let _: CaseDto = fx.app.create_case_ok(&fx.token, &form).await;
        })
    });

    for (name, path) in [("supervisor queue", "/api/v1/queue"), ("dashboard (30 days)", "/api/v1/dashboard")]
    {
        group.bench_function(name, |b| {
            b.to_async(&rt).iter(|| async {
                let res = fx.app.get(path, &fx.token).await;
                assert_eq!(res.status(), StatusCode::OK);
            })
        });
    }
    group.finish();
}

criterion_group! {
    name = million;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(5));
    targets = benches
}
criterion_main!(million);
