//! The browser app on the same origin as the API: built files from `static_dir`, with every
//! other path answered by its bundle's page ([`bundle_page`]) so client-side routes survive a
//! reload.

use std::path::{Path, PathBuf};

use actix_files::{Files, NamedFile};
use actix_web::dev::{ServiceRequest, ServiceResponse, fn_service};
use actix_web::http::header::{self, ContentEncoding};
use actix_web::{HttpRequest, HttpResponse, web};

const PLACEHOLDER: &str = include_str!("placeholder.html");

/// The page of the entry bundle that serves `path` (see frontend/src/bundles/).
pub fn bundle_page(path: &str) -> &'static str {
    let mut parts = path.trim_start_matches('/').split('/');
    match (parts.next(), parts.next()) {
        (Some("administracion"), _) => "admin.html",
        (Some("mis-casos" | "cola" | "tablero"), _) => "gestion.html",
        (Some("casos"), Some(id)) if id.parse::<i64>().is_ok() => "caso.html",
        _ => "index.html",
    }
}

pub fn config(cfg: &mut web::ServiceConfig, static_dir: &Path) {
    let index = static_dir.join("index.html");
    if index.is_file() {
        let dir: PathBuf = static_dir.to_path_buf();
        cfg.app_data(web::Data::new(StaticDir(dir.clone())))
            .route("/{asset:[A-Za-z0-9_.-]+\\.(?:wasm|js|css)}", web::get().to(asset));
        cfg.service(Files::new("/", static_dir).index_file("index.html").default_handler(fn_service(
            move |req: ServiceRequest| {
                let path = dir.join(bundle_page(req.path()));
                async move {
                    let (req, _) = req.into_parts();
                    let file = NamedFile::open_async(&path).await?;
                    let res = file.into_response(&req);
                    Ok(ServiceResponse::new(req, res))
                }
            },
        )));
    } else {
        tracing::warn!(dir = %static_dir.display(), "no built web app found; serving a placeholder page");
        cfg.default_service(web::to(|| async {
            HttpResponse::Ok().content_type("text/html; charset=utf-8").body(PLACEHOLDER)
        }));
    }
}

struct StaticDir(PathBuf);

/// The app's wasm, JS and CSS, from the copy the build compressed at the best gzip level when the
/// browser accepts it (the on-the-fly compression is tuned for speed, not size). The URLs carry
/// a content version, so they may be cached for good.
async fn asset(
    req: HttpRequest,
    dir: web::Data<StaticDir>,
    name: web::Path<String>,
) -> actix_web::Result<HttpResponse> {
    let path = dir.0.join(name.as_str());
    let mime =
        actix_files::file_extension_to_mime(path.extension().and_then(|e| e.to_str()).unwrap_or_default());
    let accepts_gzip = req
        .headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|e| e.trim().starts_with("gzip")));
    let gzipped = path.with_file_name(format!("{}.gz", name.as_str()));
    let file = if accepts_gzip && gzipped.is_file() {
        NamedFile::open_async(&gzipped).await?.set_content_encoding(ContentEncoding::Gzip)
    } else {
        NamedFile::open_async(&path).await?
    };
    let mut res = file.set_content_type(mime).use_etag(true).into_response(&req);
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    res.headers_mut().insert(header::VARY, header::HeaderValue::from_static("Accept-Encoding"));
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::bundle_page;

    #[test]
    fn each_path_is_served_by_its_bundle() {
        assert_eq!(bundle_page("/"), "index.html");
        assert_eq!(bundle_page("/casos/nuevo"), "index.html");
        assert_eq!(bundle_page("/cuentas"), "index.html");
        assert_eq!(bundle_page("/casos/42"), "caso.html");
        assert_eq!(bundle_page("/administracion"), "admin.html");
        assert_eq!(bundle_page("/tablero"), "gestion.html");
        assert_eq!(bundle_page("/mis-casos/"), "gestion.html");
        assert_eq!(bundle_page("/cola"), "gestion.html");
    }
}
