//! Every rule of the case form, through the API: the 422 lists every invalid field at once, in
//! Spanish, and nothing is stored.

use std::collections::BTreeMap;

use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::api::CasePage;
use shared::{ErrorBody, ErrorKind, Role};

use crate::helpers::{TestApp, body, case_body, cedula, spawn_app, with};

async fn field_errors(app: &TestApp, token: &str, form: &Value) -> BTreeMap<String, Vec<String>> {
    let res = app.create_case(token, form).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{form}");
    let error: ErrorBody = body(res).await;
    assert_eq!(error.error, ErrorKind::Validation);
    error.fields.expect("fields")
}

async fn refused_fields(app: &TestApp, token: &str, form: Value) -> Vec<String> {
    field_errors(app, token, &form).await.into_keys().collect()
}

#[tokio::test]
async fn every_invalid_field_is_reported_at_once_and_nothing_is_stored() {
    let app = spawn_app().await;
    let agent = app.login_as(Role::AgenteN1).await;
    let form = json!({
        "customer_name": "X",
        "document_type": "CEDULA",
        "document_number": "1710034066",
        "business_line": "FAX",
        "service_status": "CONECTADO",
        "collection_type": "COACTIVA",
        "reference": "",
        "province": "NARNIA",
        "landline": "2123456",
        "mobile": "0891234567",
        "mobile_confirmed": false,
        "email": "juan@cnt.gob.ec",
        "payment_intent": "ALGO",
        "observation": "x".repeat(1001)
    });
    let fields = field_errors(&app, &agent.token, &form).await;
    let names: Vec<&str> = fields.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "business_line",
            "customer_name",
            "document_number",
            "email",
            "landline",
            "mobile",
            "observation",
            "payment_intent",
            "province",
            "reference",
            "service_status"
        ]
    );
    // COACTIVA with a connected service is wrong whatever the (invalid) line is.
    assert!(fields["service_status"][0].contains("servicio retirado"), "{fields:?}");
    assert!(fields["document_number"][0].contains("dígito verificador"), "{fields:?}");
    assert!(fields["landline"][0].contains("código de provincia"), "{fields:?}");
    assert!(fields["email"][0].contains("correo de CNT"), "{fields:?}");
    assert!(fields["reference"][0].contains("DUMMY"), "{fields:?}");
    assert!(fields["business_line"][0].contains("TELEFONIA_FIJA"), "{fields:?}");
    let page: CasePage = body(app.get("/api/v1/cases", &agent.token).await).await;
    assert!(page.items.is_empty());
}

#[tokio::test]
async fn identity_documents_follow_the_registry_rules() {
    let app = spawn_app().await;
    let agent = app.login_as(Role::AgenteN1).await;
    let doc = |t: &str, n: &str| {
        with(case_body("TEMPRANA", "022123456"), json!({"document_type": t, "document_number": n}))
    };
    for bad in ["171003406", "1710034064", "2510034065", "1770034068", "17100340AB"] {
        assert_eq!(
            refused_fields(&app, &agent.token, doc("CEDULA", bad)).await,
            ["document_number"],
            "cédula {bad}"
        );
    }
    for bad in ["1710034065000", "1770034065001", "1780000000001", "17100340650", "1790012345000"] {
        assert_eq!(
            refused_fields(&app, &agent.token, doc("RUC", bad)).await,
            ["document_number"],
            "RUC {bad}"
        );
    }
    assert_eq!(refused_fields(&app, &agent.token, doc("PASAPORTE", "AB#12")).await, ["document_number"]);
    assert_eq!(refused_fields(&app, &agent.token, doc("LIBRETA", "123")).await, ["document_type"]);

    // Cédulas of province 30 and third digit 6; a person's RUC; a passport.
    for (i, (t, n)) in [
        ("CEDULA", cedula("300000001")),
        ("CEDULA", cedula("176000001")),
        ("RUC", "1710034065001".to_owned()),
        ("PASAPORTE", "ab 123-456".to_owned()),
    ]
    .into_iter()
    .enumerate()
    {
        let form = with(doc(t, &n), json!({"reference": format!("REFDOC{i}")}));
        let case = app.create_case_ok(&agent.token, &form).await;
        assert!(case.warnings.iter().all(|w| !w.contains("RUC")), "{t} {n}");
    }
}

#[tokio::test]
async fn a_company_ruc_that_fails_the_published_checksum_is_a_warning_not_a_refusal() {
    let app = spawn_app().await;
    let agent = app.login_as(Role::AgenteN1).await;
    // 1790012345001: a company (third digit 9) whose modulo-11 check digit does not match.
    let form = with(
        case_body("TEMPRANA", "022123456"),
        json!({"document_type": "RUC", "document_number": "1790012345001"}),
    );
    let case = app.create_case_ok(&agent.token, &form).await;
    assert_eq!(case.document_number, "1790012345001");
    assert!(case.warnings.iter().any(|w| w.contains("dígito verificador del RUC")), "{:?}", case.warnings);
    // The warning is derived again whenever the case is read.
    let read: shared::api::CaseDto =
        body(app.get(&format!("/api/v1/cases/{}", case.id), &agent.token).await).await;
    assert!(read.warnings.iter().any(|w| w.contains("RUC")));
    // A public entity (third digit 6) likewise.
    let public = with(
        case_body("TEMPRANA", "022654321"),
        json!({"document_type": "RUC", "document_number": "1760001230001"}),
    );
    let case = app.create_case_ok(&agent.token, &public).await;
    assert_eq!(case.document_number, "1760001230001");
    assert!(case.warnings.iter().any(|w| w.contains("dígito verificador del RUC")), "{:?}", case.warnings);
}

#[tokio::test]
async fn landlines_and_mobiles_are_accepted_as_typed_and_stored_canonically() {
    let app = spawn_app().await;
    let agent = app.login_as(Role::AgenteN1).await;
    for (i, (landline, stored, mobile)) in [
        ("02 212 3456", "022123456", "099 123 4567"),
        ("(04) 234-5678", "042345678", "+593 99 123 4567"),
        ("+593 7 283 1234", "072831234", "593991234567"),
        ("07-283-1234", "072831234", "0991234567"),
    ]
    .into_iter()
    .enumerate()
    {
        let form = with(
            case_body("TEMPRANA", &format!("0221234{i:02}")),
            json!({"landline": landline, "mobile": mobile}),
        );
        let case = app.create_case_ok(&agent.token, &form).await;
        assert_eq!(case.landline.as_deref(), Some(stored), "{landline}");
        assert_eq!(case.mobile.as_deref(), Some("0991234567"), "{mobile}");
    }
    for bad in ["2123456", "012123456", "021123456", "0991234567", "02 212 3456 ext 4"] {
        assert_eq!(
            refused_fields(
                &app,
                &agent.token,
                with(case_body("TEMPRANA", "022123456"), json!({"landline": bad}))
            )
            .await,
            ["landline"],
            "{bad}"
        );
    }
    for bad in ["0891234567", "099123456", "022123456", "+1 212 555 0101"] {
        assert_eq!(
            refused_fields(
                &app,
                &agent.token,
                with(case_body("TEMPRANA", "022123456"), json!({"mobile": bad}))
            )
            .await,
            ["mobile"],
            "{bad}"
        );
    }
}

#[tokio::test]
async fn contact_rules_one_phone_at_least_and_the_mobile_confirmed() {
    let app = spawn_app().await;
    let agent = app.login_as(Role::AgenteN1).await;
    let base = case_body("TEMPRANA", "022123456");
    let none = with(base.clone(), json!({"landline": null, "mobile": "  "}));
    let fields = field_errors(&app, &agent.token, &none).await;
    assert!(fields["landline"][0].contains("al menos un teléfono"));
    assert_eq!(fields.keys().collect::<Vec<_>>(), ["landline", "mobile"]);
    assert_eq!(
        refused_fields(&app, &agent.token, with(base.clone(), json!({"mobile_confirmed": false}))).await,
        ["mobile_confirmed"]
    );
    // A landline alone is enough, and then nothing needs confirming.
    app.create_case_ok(&agent.token, &with(base.clone(), json!({"mobile": null, "mobile_confirmed": false})))
        .await;
    // Only the customer's personal e-mail.
    for bad in ["maria@cnt.com.ec", "x@ventas.cnt.gob.ec", "maria.gmail.com", "maria@gmail"] {
        assert_eq!(
            refused_fields(
                &app,
                &agent.token,
                with(base.clone(), json!({"email": bad, "reference": "022000111"}))
            )
            .await,
            ["email"],
            "{bad}"
        );
    }
}

#[tokio::test]
async fn collection_types_demand_the_service_they_apply_to() {
    let app = spawn_app().await;
    let agent = app.login_as(Role::AgenteN1).await;
    let coactiva_active = with(case_body("COACTIVA", "DMY1"), json!({"service_status": "CONECTADO"}));
    let fields = field_errors(&app, &agent.token, &coactiva_active).await;
    assert_eq!(fields.keys().collect::<Vec<_>>(), ["service_status"]);
    assert!(fields["service_status"][0].contains("servicio retirado"));
    let extrajudicial_suspended =
        with(case_body("EXTRAJUDICIAL", "DMY2"), json!({"service_status": "SUSPENDIDO"}));
    assert_eq!(refused_fields(&app, &agent.token, extrajudicial_suspended).await, ["service_status"]);
    let temprana_retired = with(case_body("TEMPRANA", "022123456"), json!({"service_status": "RETIRADO"}));
    assert_eq!(refused_fields(&app, &agent.token, temprana_retired).await, ["service_status"]);
    let diferido_prepaid =
        with(case_body("DIFERIDO_ANTICIPADO", "0991112222"), json!({"mobile_plan": "PREPAGO"}));
    let fields = field_errors(&app, &agent.token, &diferido_prepaid).await;
    assert!(fields["mobile_plan"][0].contains("pospago"));
    let diferido_fixed = with(
        case_body("DIFERIDO_ANTICIPADO", "0991112222"),
        json!({"business_line": "INTERNET_FIJO", "mobile_plan": null}),
    );
    assert_eq!(refused_fields(&app, &agent.token, diferido_fixed).await, ["business_line"]);
    let mobile_without_plan = with(case_body("TEMPRANA", "0991112222"), json!({"business_line": "MOVIL"}));
    assert_eq!(refused_fields(&app, &agent.token, mobile_without_plan).await, ["mobile_plan"]);
    let fixed_with_plan = with(case_body("TEMPRANA", "022123456"), json!({"mobile_plan": "POSPAGO"}));
    assert_eq!(refused_fields(&app, &agent.token, fixed_with_plan).await, ["mobile_plan"]);
}

#[tokio::test]
async fn malformed_bodies_are_refused_clearly() {
    let app = spawn_app().await;
    let agent = app.login_as(Role::AgenteN1).await;
    let unknown = with(case_body("TEMPRANA", "022123456"), json!({"amount": 10}));
    let res = app.create_case(&agent.token, &unknown).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let error: ErrorBody = body(res).await;
    assert!(error.message.contains("amount"), "{}", error.message);

    let res = app
        .client
        .post(app.url("/api/v1/cases"))
        .bearer_auth(&agent.token)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    let huge = with(case_body("TEMPRANA", "022123456"), json!({"observation": "x".repeat(100_000)}));
    assert_eq!(app.create_case(&agent.token, &huge).await.status(), StatusCode::PAYLOAD_TOO_LARGE);
}
