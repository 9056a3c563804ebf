//! The browser app on the same origin as the API: built files from `static_dir`, with every
//! other path answered by `index.html` so client-side routes survive a reload.

use std::path::{Path, PathBuf};

use actix_files::{Files, NamedFile};
use actix_web::dev::{ServiceRequest, ServiceResponse, fn_service};
use actix_web::{HttpResponse, web};

const PLACEHOLDER: &str = include_str!("placeholder.html");

pub fn config(cfg: &mut web::ServiceConfig, static_dir: &Path) {
    let index = static_dir.join("index.html");
    if index.is_file() {
        let index: PathBuf = index;
        cfg.service(Files::new("/", static_dir).index_file("index.html").default_handler(fn_service(
            move |req: ServiceRequest| {
                let index = index.clone();
                async move {
                    let (req, _) = req.into_parts();
                    let file = NamedFile::open_async(&index).await?;
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
