//! Identity documents the customer gives (cédula, RUC, passport): parsing, normalisation and checks.

use std::fmt::Write as _;

use crate::text::is_separator;

/// Which identity document the customer gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DocumentType {
    Cedula,
    Ruc,
    Pasaporte,
}

impl DocumentType {
    /// Every document type, in the order the form offers them.
    pub const ALL: [DocumentType; 3] = [DocumentType::Cedula, DocumentType::Ruc, DocumentType::Pasaporte];

    /// Name shown to the agent.
    pub fn label(self) -> &'static str {
        match self {
            DocumentType::Cedula => "Cédula",
            DocumentType::Ruc => "RUC",
            DocumentType::Pasaporte => "Pasaporte",
        }
    }

    /// Wire and storage code; the same text serde uses.
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentType::Cedula => "CEDULA",
            DocumentType::Ruc => "RUC",
            DocumentType::Pasaporte => "PASAPORTE",
        }
    }

    /// Inverse of [`DocumentType::as_str`], ignoring surrounding spaces and case, like every other
    /// code of the form.
    pub fn parse_code(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::ALL.into_iter().find(|t| t.as_str().eq_ignore_ascii_case(s))
    }
}

/// Problems found in a document number, each with the Spanish text the agent sees.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocumentError {
    #[error("Ingrese el número de documento.")]
    Empty,
    #[error("La cédula solo puede tener dígitos; quite «{found}».")]
    CedulaNotDigits { found: char },
    #[error("La cédula debe tener 10 dígitos (tiene {len}).")]
    CedulaLength { len: usize },
    #[error(
        "Los dos primeros dígitos de la cédula ({code}) no son un código de provincia válido (01 a 24, o 30)."
    )]
    CedulaProvince { code: String },
    #[error("El tercer dígito de la cédula debe estar entre 0 y 6 (tiene {digit}).")]
    CedulaThirdDigit { digit: u8 },
    #[error("El dígito verificador de la cédula no es correcto; revise el número con el cliente.")]
    CedulaCheckDigit,
    #[error("El RUC solo puede tener dígitos; quite «{found}».")]
    RucNotDigits { found: char },
    #[error("El RUC debe tener 13 dígitos (tiene {len}).")]
    RucLength { len: usize },
    #[error(
        "Los dos primeros dígitos del RUC ({code}) no son un código de provincia válido (01 a 24, o 30)."
    )]
    RucProvince { code: String },
    #[error(
        "El tercer dígito del RUC no puede ser {digit}: es 0 a 5 para personas, 6 para entidades públicas y 9 para sociedades."
    )]
    RucThirdDigit { digit: u8 },
    /// A person's RUC whose first ten digits fail as a cédula; carries why.
    #[error("Los 10 primeros dígitos del RUC no son una cédula válida. {0}")]
    RucPersonCedula(Box<DocumentError>),
    #[error("Los 3 últimos dígitos del RUC (establecimiento) no pueden ser 000.")]
    RucEstablishment,
    #[error("Los 4 últimos dígitos del RUC de una entidad pública (establecimiento) no pueden ser 0000.")]
    RucPublicEstablishment,
    #[error("El pasaporte solo puede tener letras (A a Z, sin tildes ni ñ) y dígitos; quite «{found}».")]
    PassportCharacters { found: char },
    #[error("El pasaporte debe tener entre 5 y 20 caracteres (tiene {len}).")]
    PassportLength { len: usize },
}

const RUC_CHECKSUM_WARNING: &str = "El dígito verificador del RUC no cumple el algoritmo publicado. \
El SRI no lo garantiza para sociedades ni entidades públicas: confirme el número con el cliente.";

const PASSPORT_MIN_LEN: usize = 5;
const PASSPORT_MAX_LEN: usize = 20;
/// The shortest number any document type accepts (a passport's): a shorter one cannot match a
/// stored document, so the form does not search for it.
pub const DOCUMENT_NUMBER_MIN_CHARS: usize = PASSPORT_MIN_LEN;

/// Normalise what people type for a document number before lookups (trim, drop spaces, dashes and
/// dots, upper case). Used for duplicate searches.
pub fn normalize_document_number(raw: &str) -> String {
    // ASCII-only upper-casing: Unicode rules would turn "ß" into "SS" and let it pass as a passport.
    raw.trim().chars().filter(|c| !is_separator(*c)).map(|c| c.to_ascii_uppercase()).collect()
}

/// The first typed character that is neither a separator nor allowed, so the message can name it.
fn first_offending(raw: &str, allowed: impl Fn(char) -> bool) -> Option<char> {
    raw.chars().find(|c| !is_separator(*c) && !allowed(*c))
}

fn digit_values(digits: &str) -> Vec<u8> {
    digits.bytes().map(|b| b.wrapping_sub(b'0')).collect()
}

fn valid_province(tens: u8, units: u8) -> bool {
    let code = tens * 10 + units;
    (1..=24).contains(&code) || code == 30
}

fn two_digit_code(d: &[u8]) -> String {
    let mut s = String::with_capacity(2);
    for v in d.iter().take(2) {
        let _ = write!(s, "{v}");
    }
    s
}

/// Published modulo-11 check digit; `None` when the rule yields 10, which no digit can match.
fn modulo11_check(digits: &[u8], coefficients: &[u8]) -> Option<u8> {
    let sum: u32 = digits.iter().zip(coefficients).map(|(d, c)| u32::from(*d) * u32::from(*c)).sum();
    match 11 - sum % 11 {
        11 => Some(0),
        10 => None,
        // Only 1..=9 reach here, so the conversion cannot fail.
        n => u8::try_from(n).ok(),
    }
}

/// Modulo-10 check digit of a cédula from its first nine digits.
fn cedula_check_digit(first_nine: &[u8]) -> u8 {
    let sum: u32 = first_nine
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let product = u32::from(*d) * if i % 2 == 0 { 2 } else { 1 };
            if product > 9 { product - 9 } else { product }
        })
        .sum();
    // The value is below 10 by construction.
    ((10 - sum % 10) % 10) as u8
}

/// An Ecuadorian cédula: 10 digits, normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cedula(String);

impl Cedula {
    pub fn parse(raw: &str) -> Result<Cedula, DocumentError> {
        let number = normalize_document_number(raw);
        if number.is_empty() {
            return Err(DocumentError::Empty);
        }
        if let Some(found) = first_offending(raw.trim(), |c| c.is_ascii_digit()) {
            return Err(DocumentError::CedulaNotDigits { found });
        }
        if number.len() != 10 {
            return Err(DocumentError::CedulaLength { len: number.len() });
        }
        let d = digit_values(&number);
        if !valid_province(d[0], d[1]) {
            return Err(DocumentError::CedulaProvince { code: two_digit_code(&d) });
        }
        if d[2] > 6 {
            return Err(DocumentError::CedulaThirdDigit { digit: d[2] });
        }
        if cedula_check_digit(&d[..9]) != d[9] {
            return Err(DocumentError::CedulaCheckDigit);
        }
        Ok(Cedula(number))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Who holds a RUC, from its third digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RucKind {
    /// Third digit 0–5: a natural person; the first ten digits are their cédula.
    Persona,
    /// Third digit 6.
    EntidadPublica,
    /// Third digit 9.
    Sociedad,
}

/// A RUC (tax id), 13 digits, normalised. Its checksum result is kept because for public
/// entities and companies a failure is only a warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ruc {
    number: String,
    kind: RucKind,
    checksum_ok: bool,
}

impl Ruc {
    pub fn parse(raw: &str) -> Result<Ruc, DocumentError> {
        let number = normalize_document_number(raw);
        if number.is_empty() {
            return Err(DocumentError::Empty);
        }
        if let Some(found) = first_offending(raw.trim(), |c| c.is_ascii_digit()) {
            return Err(DocumentError::RucNotDigits { found });
        }
        if number.len() != 13 {
            return Err(DocumentError::RucLength { len: number.len() });
        }
        let d = digit_values(&number);
        if !valid_province(d[0], d[1]) {
            return Err(DocumentError::RucProvince { code: two_digit_code(&d) });
        }
        let (kind, checksum_ok) = match d[2] {
            0..=5 => {
                Cedula::parse(&number[..10]).map_err(|e| DocumentError::RucPersonCedula(Box::new(e)))?;
                if d[10..] == [0, 0, 0] {
                    return Err(DocumentError::RucEstablishment);
                }
                (RucKind::Persona, true)
            }
            6 => {
                if d[9..] == [0, 0, 0, 0] {
                    return Err(DocumentError::RucPublicEstablishment);
                }
                let ok = modulo11_check(&d[..8], &[3, 2, 7, 6, 5, 4, 3, 2]) == Some(d[8]);
                (RucKind::EntidadPublica, ok)
            }
            9 => {
                if d[10..] == [0, 0, 0] {
                    return Err(DocumentError::RucEstablishment);
                }
                let ok = modulo11_check(&d[..9], &[4, 3, 2, 7, 6, 5, 4, 3, 2]) == Some(d[9]);
                (RucKind::Sociedad, ok)
            }
            digit => return Err(DocumentError::RucThirdDigit { digit }),
        };
        Ok(Ruc { number, kind, checksum_ok })
    }

    pub fn as_str(&self) -> &str {
        &self.number
    }

    pub fn kind(&self) -> RucKind {
        self.kind
    }

    /// Spanish warning text when the published checksum fails for kinds 6 / 9 (never for persons,
    /// whose cédula part must be valid).
    pub fn warning(&self) -> Option<&'static str> {
        // The SRI issues real, active RUCs that fail the published checksum, so it cannot refuse.
        (!self.checksum_ok).then_some(RUC_CHECKSUM_WARNING)
    }
}

/// A passport number: ASCII letters and digits, upper case, 5 to 20 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passport(String);

impl Passport {
    pub fn parse(raw: &str) -> Result<Passport, DocumentError> {
        let number = normalize_document_number(raw);
        if number.is_empty() {
            return Err(DocumentError::Empty);
        }
        if let Some(found) = first_offending(raw.trim(), |c| c.is_ascii_alphanumeric()) {
            return Err(DocumentError::PassportCharacters { found });
        }
        if !(PASSPORT_MIN_LEN..=PASSPORT_MAX_LEN).contains(&number.len()) {
            return Err(DocumentError::PassportLength { len: number.len() });
        }
        Ok(Passport(number))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A parsed identity document of any type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdentityDocument {
    Cedula(Cedula),
    Ruc(Ruc),
    Passport(Passport),
}

impl IdentityDocument {
    pub fn parse(doc_type: DocumentType, raw: &str) -> Result<IdentityDocument, DocumentError> {
        Ok(match doc_type {
            DocumentType::Cedula => IdentityDocument::Cedula(Cedula::parse(raw)?),
            DocumentType::Ruc => IdentityDocument::Ruc(Ruc::parse(raw)?),
            DocumentType::Pasaporte => IdentityDocument::Passport(Passport::parse(raw)?),
        })
    }

    /// The normalised number, as stored.
    pub fn number(&self) -> &str {
        match self {
            IdentityDocument::Cedula(c) => c.as_str(),
            IdentityDocument::Ruc(r) => r.as_str(),
            IdentityDocument::Passport(p) => p.as_str(),
        }
    }

    pub fn doc_type(&self) -> DocumentType {
        match self {
            IdentityDocument::Cedula(_) => DocumentType::Cedula,
            IdentityDocument::Ruc(_) => DocumentType::Ruc,
            IdentityDocument::Passport(_) => DocumentType::Pasaporte,
        }
    }

    /// Things the agent should see but that do not block saving.
    pub fn warnings(&self) -> Vec<String> {
        match self {
            IdentityDocument::Ruc(r) => r.warning().map(str::to_owned).into_iter().collect(),
            IdentityDocument::Cedula(_) | IdentityDocument::Passport(_) => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use proptest::prelude::*;

    fn digits_to_string(d: &[u8]) -> String {
        d.iter().map(|v| char::from(b'0' + v)).collect()
    }

    /// Completes a company RUC (third digit 9) from its first nine digits with the right check digit.
    fn company_ruc_with_valid_checksum(first_nine: [u8; 9]) -> Option<String> {
        let check = modulo11_check(&first_nine, &[4, 3, 2, 7, 6, 5, 4, 3, 2])?;
        let mut d = first_nine.to_vec();
        d.push(check);
        d.extend([0, 0, 1]);
        Some(digits_to_string(&d))
    }

    #[test]
    fn document_type_codes_round_trip() {
        for t in DocumentType::ALL {
            assert_eq!(DocumentType::parse_code(t.as_str()), Some(t));
            let json = serde_json::to_string(&t).unwrap();
            assert_eq!(json, format!("\"{}\"", t.as_str()));
            assert_eq!(serde_json::from_str::<DocumentType>(&json).unwrap(), t);
        }
        assert_eq!(DocumentType::parse_code(" cedula "), Some(DocumentType::Cedula));
        assert_eq!(DocumentType::parse_code("DNI"), None);
        assert_eq!(DocumentType::Cedula.label(), "Cédula");
        assert_eq!(DocumentType::Ruc.label(), "RUC");
        assert_eq!(DocumentType::Pasaporte.label(), "Pasaporte");
    }

    #[test]
    fn normalize_drops_separators_and_upper_cases() {
        assert_eq!(normalize_document_number("  171003406-5 "), "1710034065");
        assert_eq!(normalize_document_number("17.100.340 65"), "1710034065");
        assert_eq!(normalize_document_number("ab-123 456"), "AB123456");
        assert_eq!(normalize_document_number("12\u{2013}34"), "1234");
        assert_eq!(normalize_document_number("ß1"), "ß1");
    }

    #[test]
    fn valid_cedulas() {
        assert_eq!(Cedula::parse("1710034065").unwrap().as_str(), "1710034065");
        assert_eq!(Cedula::parse("0926687856").unwrap().as_str(), "0926687856");
        assert_eq!(Cedula::parse(" 171003406-5 ").unwrap().as_str(), "1710034065");
        assert_eq!(Cedula::parse("17.1003.4065").unwrap().as_str(), "1710034065");
    }

    #[test]
    fn cedula_province_30_and_third_digit_6_are_accepted() {
        for first_nine in [[3, 0, 1, 2, 3, 4, 5, 6, 7], [1, 7, 6, 0, 0, 0, 0, 0, 1]] {
            let mut d = first_nine.to_vec();
            d.push(cedula_check_digit(&first_nine));
            let s = digits_to_string(&d);
            assert_eq!(Cedula::parse(&s).unwrap().as_str(), s);
        }
    }

    #[test]
    fn cedula_errors() {
        assert_eq!(Cedula::parse("   "), Err(DocumentError::Empty));
        assert_eq!(Cedula::parse("-."), Err(DocumentError::Empty));
        assert_eq!(Cedula::parse("17100340a5"), Err(DocumentError::CedulaNotDigits { found: 'a' }));
        assert_eq!(Cedula::parse("171003406"), Err(DocumentError::CedulaLength { len: 9 }));
        assert_eq!(Cedula::parse("1710034065001"), Err(DocumentError::CedulaLength { len: 13 }));
        assert_eq!(Cedula::parse("2510034065"), Err(DocumentError::CedulaProvince { code: "25".into() }));
        assert_eq!(Cedula::parse("0010034065"), Err(DocumentError::CedulaProvince { code: "00".into() }));
        assert_eq!(Cedula::parse("1770034065"), Err(DocumentError::CedulaThirdDigit { digit: 7 }));
        assert_eq!(Cedula::parse("1710034066"), Err(DocumentError::CedulaCheckDigit));
    }

    #[test]
    fn cedula_messages() {
        assert_eq!(
            DocumentError::CedulaLength { len: 9 }.to_string(),
            "La cédula debe tener 10 dígitos (tiene 9)."
        );
        assert_eq!(DocumentError::Empty.to_string(), "Ingrese el número de documento.");
        assert_eq!(
            DocumentError::CedulaNotDigits { found: 'a' }.to_string(),
            "La cédula solo puede tener dígitos; quite «a»."
        );
    }

    #[test]
    fn person_ruc() {
        let ruc = Ruc::parse("1710034065001").unwrap();
        assert_eq!(ruc.as_str(), "1710034065001");
        assert_eq!(ruc.kind(), RucKind::Persona);
        assert_eq!(ruc.warning(), None);
        assert_eq!(Ruc::parse("1710034065000"), Err(DocumentError::RucEstablishment));
        assert_eq!(Ruc::parse("171003406-5-001").unwrap().as_str(), "1710034065001");
    }

    #[test]
    fn person_ruc_with_bad_cedula_says_why() {
        let err = Ruc::parse("1710034066001").unwrap_err();
        assert_eq!(err, DocumentError::RucPersonCedula(Box::new(DocumentError::CedulaCheckDigit)));
        assert_eq!(
            err.to_string(),
            "Los 10 primeros dígitos del RUC no son una cédula válida. \
             El dígito verificador de la cédula no es correcto; revise el número con el cliente."
        );
    }

    #[test]
    fn company_ruc_checksum_pass_and_fail() {
        let good = company_ruc_with_valid_checksum([1, 7, 9, 0, 0, 1, 1, 6, 7]).unwrap();
        let ruc = Ruc::parse(&good).unwrap();
        assert_eq!(ruc.kind(), RucKind::Sociedad);
        assert_eq!(ruc.warning(), None);
        let doc = IdentityDocument::parse(DocumentType::Ruc, &good).unwrap();
        assert!(doc.warnings().is_empty());

        // Same number with another check digit: still accepted, but the agent is warned.
        let mut bad: Vec<u8> = digit_values(&good);
        bad[9] = (bad[9] + 1) % 10;
        let bad = digits_to_string(&bad);
        let ruc = Ruc::parse(&bad).unwrap();
        assert_eq!(ruc.kind(), RucKind::Sociedad);
        assert_eq!(ruc.warning(), Some(RUC_CHECKSUM_WARNING));
        let doc = IdentityDocument::parse(DocumentType::Ruc, &bad).unwrap();
        assert_eq!(doc.warnings(), vec![RUC_CHECKSUM_WARNING.to_owned()]);
        assert!(RUC_CHECKSUM_WARNING.contains("confirme el número con el cliente"));
    }

    #[test]
    fn company_ruc_establishment() {
        assert_eq!(Ruc::parse("1790011674000"), Err(DocumentError::RucEstablishment));
    }

    #[test]
    fn public_entity_ruc() {
        let first_eight = [1, 7, 6, 0, 0, 0, 1, 5];
        let check = modulo11_check(&first_eight, &[3, 2, 7, 6, 5, 4, 3, 2]).unwrap();
        let mut d = first_eight.to_vec();
        d.push(check);
        d.extend([0, 0, 0, 1]);
        let good = digits_to_string(&d);
        let ruc = Ruc::parse(&good).unwrap();
        assert_eq!(ruc.kind(), RucKind::EntidadPublica);
        assert_eq!(ruc.warning(), None);

        d[8] = (d[8] + 1) % 10;
        let bad = Ruc::parse(&digits_to_string(&d)).unwrap();
        assert_eq!(bad.warning(), Some(RUC_CHECKSUM_WARNING));

        d[9..].copy_from_slice(&[0, 0, 0, 0]);
        assert_eq!(Ruc::parse(&digits_to_string(&d)), Err(DocumentError::RucPublicEstablishment));
        // "…0000" is refused, yet a public entity may end in "1000": its establishment is 4 digits.
        d[9] = 1;
        assert!(Ruc::parse(&digits_to_string(&d)).is_ok());
    }

    #[test]
    fn ruc_errors() {
        assert_eq!(Ruc::parse(""), Err(DocumentError::Empty));
        assert_eq!(Ruc::parse("17100340650O1"), Err(DocumentError::RucNotDigits { found: 'O' }));
        assert_eq!(Ruc::parse("1710034065"), Err(DocumentError::RucLength { len: 10 }));
        assert_eq!(Ruc::parse("9910034065001"), Err(DocumentError::RucProvince { code: "99".into() }));
        assert_eq!(Ruc::parse("1770011674001"), Err(DocumentError::RucThirdDigit { digit: 7 }));
        assert_eq!(Ruc::parse("1780011674001"), Err(DocumentError::RucThirdDigit { digit: 8 }));
    }

    #[test]
    fn passports() {
        assert_eq!(Passport::parse(" ab-12345 ").unwrap().as_str(), "AB12345");
        assert_eq!(Passport::parse("12345").unwrap().as_str(), "12345");
        assert_eq!(Passport::parse(&"A".repeat(20)).unwrap().as_str(), "A".repeat(20));
        assert_eq!(Passport::parse(""), Err(DocumentError::Empty));
        assert_eq!(Passport::parse("AB/1234"), Err(DocumentError::PassportCharacters { found: '/' }));
        assert_eq!(Passport::parse("ÑA12345"), Err(DocumentError::PassportCharacters { found: 'Ñ' }));
        assert_eq!(Passport::parse("ß12345"), Err(DocumentError::PassportCharacters { found: 'ß' }));
        assert_eq!(Passport::parse("A123"), Err(DocumentError::PassportLength { len: 4 }));
        assert_eq!(Passport::parse(&"A".repeat(21)), Err(DocumentError::PassportLength { len: 21 }));
    }

    #[test]
    fn identity_document_dispatch() {
        let c = IdentityDocument::parse(DocumentType::Cedula, "171003406-5").unwrap();
        assert_eq!(c.number(), "1710034065");
        assert_eq!(c.doc_type(), DocumentType::Cedula);
        assert!(c.warnings().is_empty());

        let r = IdentityDocument::parse(DocumentType::Ruc, "1710034065001").unwrap();
        assert_eq!(r.number(), "1710034065001");
        assert_eq!(r.doc_type(), DocumentType::Ruc);
        assert!(r.warnings().is_empty());

        let p = IdentityDocument::parse(DocumentType::Pasaporte, "x1234567").unwrap();
        assert_eq!(p.number(), "X1234567");
        assert_eq!(p.doc_type(), DocumentType::Pasaporte);

        assert_eq!(
            IdentityDocument::parse(DocumentType::Cedula, "1710034065001"),
            Err(DocumentError::CedulaLength { len: 13 })
        );
    }

    fn province() -> impl Strategy<Value = u8> {
        prop_oneof![1u8..=24, Just(30u8)]
    }

    prop_compose! {
        fn valid_cedula()(
            province in province(),
            third in 0u8..=5,
            rest in proptest::array::uniform6(0u8..=9),
        ) -> Vec<u8> {
            let mut d = vec![province / 10, province % 10, third];
            d.extend(rest);
            let check = cedula_check_digit(&d);
            d.push(check);
            d
        }
    }

    proptest! {
        #[test]
        fn generated_cedula_parses(d in valid_cedula()) {
            let s = digits_to_string(&d);
            let cedula = Cedula::parse(&s).unwrap();
            prop_assert_eq!(cedula.as_str(), s.as_str());
        }

        #[test]
        fn one_changed_digit_is_rejected(
            d in valid_cedula(),
            position in 0usize..10,
            shift in 1u8..=9,
        ) {
            let mut changed = d.clone();
            changed[position] = (changed[position] + shift) % 10;
            prop_assert!(Cedula::parse(&digits_to_string(&changed)).is_err());
        }

        #[test]
        fn generated_person_ruc_parses(d in valid_cedula(), establishment in 1u16..=999) {
            let s = format!("{}{establishment:03}", digits_to_string(&d));
            let ruc = Ruc::parse(&s).unwrap();
            prop_assert_eq!(ruc.kind(), RucKind::Persona);
            prop_assert_eq!(ruc.warning(), None);
        }

        #[test]
        fn company_ruc_never_rejected_for_checksum(
            province in province(),
            rest in proptest::array::uniform7(0u8..=9),
            establishment in 1u16..=999,
        ) {
            let mut d = vec![province / 10, province % 10, 9];
            d.extend(rest);
            let s = format!("{}{establishment:03}", digits_to_string(&d));
            let ruc = Ruc::parse(&s).unwrap();
            prop_assert_eq!(ruc.kind(), RucKind::Sociedad);
        }

        #[test]
        fn public_entity_ruc_never_rejected_for_checksum(
            province in province(),
            rest in proptest::array::uniform6(0u8..=9),
            establishment in 1u16..=9999,
        ) {
            let mut d = vec![province / 10, province % 10, 6];
            d.extend(rest);
            let s = format!("{}{establishment:04}", digits_to_string(&d));
            let ruc = Ruc::parse(&s).unwrap();
            prop_assert_eq!(ruc.kind(), RucKind::EntidadPublica);
        }
    }

    /// RUCs checked by hand against the published weights, independent of `modulo11_check`.
    #[test]
    fn published_checksums_on_known_numbers() {
        let public = Ruc::parse("1768152560001").unwrap();
        assert_eq!((public.kind(), public.warning()), (RucKind::EntidadPublica, None));
        let company = Ruc::parse("1790016919001").unwrap();
        assert_eq!((company.kind(), company.warning()), (RucKind::Sociedad, None));
        // One digit off: still accepted, with the warning the agent reads.
        let off = Ruc::parse("1790016918001").unwrap();
        assert_eq!(off.warning(), Some(RUC_CHECKSUM_WARNING));
    }
}
