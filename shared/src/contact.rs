//! Ways to reach the customer (landline, mobile, personal e-mail): tolerant parsing into one canonical form.

use email_address::{EmailAddress, Options};

/// CNT's own e-mail domains. An address at one of them, or at any subdomain (e.g.
/// `corporativo.cnt.gob.ec`), belongs to CNT, not to the customer, and is refused.
pub const CNT_DOMAINS: &[&str] = &["cnt.gob.ec", "cnt.com.ec"];

const EMAIL_MAX_LEN: usize = 254;
const COUNTRY_CODE: &str = "593";

/// Problems found in the customer's contact data, each with the Spanish text the agent sees.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContactError {
    #[error("Ingrese el teléfono fijo.")]
    LandlineEmpty,
    #[error(
        "El teléfono fijo solo admite dígitos, espacios, guiones, puntos, paréntesis y el prefijo +593; quite «{found}»."
    )]
    LandlineCharacters { found: char },
    #[error("Incluya el código de provincia (p. ej. 02 212 3456).")]
    LandlineMissingAreaCode,
    #[error("El teléfono fijo empieza con 0 y el código de provincia (p. ej. 02 212 3456).")]
    LandlineMissingZero,
    #[error("El código de provincia {code} no existe: use 02 a 07 (p. ej. 02 212 3456).")]
    LandlineAreaCode { code: String },
    #[error("El número después del código de provincia debe empezar con un dígito de 2 a 7.")]
    LandlineSubscriber,
    #[error("Ese es un número celular: regístrelo en el contacto celular.")]
    LandlineIsMobile,
    #[error("El teléfono fijo debe tener 9 dígitos con el código de provincia (p. ej. 02 212 3456).")]
    LandlineLength,
    #[error("Ingrese el número celular.")]
    MobileEmpty,
    #[error(
        "El número celular solo admite dígitos, espacios, guiones, puntos, paréntesis y el prefijo +593; quite «{found}»."
    )]
    MobileCharacters { found: char },
    #[error("Ese es un teléfono fijo: regístrelo en el contacto fijo.")]
    MobileIsLandline,
    #[error("El número celular debe empezar con 09 (p. ej. 099 123 4567).")]
    MobilePrefix,
    #[error("El número celular debe tener 10 dígitos (tiene {len}).")]
    MobileLength { len: usize },
    /// A `+` prefix other than Ecuador's.
    #[error("Solo se registran números de Ecuador: el prefijo internacional debe ser +593.")]
    ForeignNumber,
    #[error("Ingrese el correo electrónico.")]
    EmailEmpty,
    #[error("El correo electrónico es demasiado largo (máximo 254 caracteres).")]
    EmailTooLong,
    #[error("Escriba solo la dirección de correo, sin nombre ni los signos < >.")]
    EmailDisplayName,
    #[error("El correo electrónico no puede tener espacios.")]
    EmailSpaces,
    #[error("Falta la @ en el correo electrónico (p. ej. nombre@gmail.com).")]
    EmailMissingAt,
    #[error("El dominio del correo debe tener un punto, p. ej. gmail.com.")]
    EmailDomainWithoutDot,
    #[error("El correo electrónico no es válido; revíselo con el cliente (p. ej. nombre@gmail.com).")]
    EmailInvalid,
    #[error("Ese es un correo de CNT; registre el correo personal del cliente.")]
    EmailCnt,
    #[error(
        "El dominio del correo (después de la @) solo puede tener letras sin tildes, dígitos, guiones y puntos."
    )]
    EmailDomainCharacters,
}

/// Characters people put inside phone numbers for readability; they carry no meaning.
fn is_phone_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, '-' | '.' | '(' | ')' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}')
}

/// Reduces a typed phone number to its national digits (with the leading 0), dropping separators
/// and Ecuador's country code. `bad_char` builds the field's own error for a character not allowed.
fn national_digits(trimmed: &str, bad_char: fn(char) -> ContactError) -> Result<String, ContactError> {
    let mut digits = String::with_capacity(trimmed.len());
    let mut plus = false;
    for (i, c) in trimmed.char_indices() {
        match c {
            '0'..='9' => digits.push(c),
            '+' if i == 0 => plus = true,
            c if is_phone_separator(c) => {}
            c => return Err(bad_char(c)),
        }
    }
    // Without a `+`, a national number never starts with 5, so a leading 593 on something
    // long enough to hold a number after it can only be the country code.
    let international = if plus {
        if !digits.starts_with(COUNTRY_CODE) {
            return Err(ContactError::ForeignNumber);
        }
        true
    } else {
        digits.starts_with(COUNTRY_CODE) && digits.len() >= COUNTRY_CODE.len() + 8
    };
    if !international {
        return Ok(digits);
    }
    let rest = &digits[COUNTRY_CODE.len()..];
    // International form drops the national 0, but people often keep it: "+593 (0)2 …".
    Ok(if rest.starts_with('0') { rest.to_owned() } else { format!("0{rest}") })
}

fn is_digit_in(b: u8, range: std::ops::RangeInclusive<u8>) -> bool {
    range.contains(&b)
}

/// A landline with province area code, canonical form `0` + area digit + 7-digit subscriber,
/// e.g. `022123456`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Landline(String);

impl Landline {
    pub fn parse(raw: &str) -> Result<Landline, ContactError> {
        let trimmed = raw.trim();
        let n = national_digits(trimmed, |found| ContactError::LandlineCharacters { found })?;
        let b = n.as_bytes();
        match b.len() {
            0 => Err(ContactError::LandlineEmpty),
            7 => Err(ContactError::LandlineMissingAreaCode),
            8 if is_digit_in(b[0], b'2'..=b'7') => Err(ContactError::LandlineMissingZero),
            9 if b[0] != b'0' => Err(ContactError::LandlineMissingZero),
            9 if !is_digit_in(b[1], b'2'..=b'7') => {
                Err(ContactError::LandlineAreaCode { code: n[..2].to_owned() })
            }
            9 if !is_digit_in(b[2], b'2'..=b'7') => Err(ContactError::LandlineSubscriber),
            9 => Ok(Landline(n)),
            10 if n.starts_with("09") => Err(ContactError::LandlineIsMobile),
            _ => Err(ContactError::LandlineLength),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Grouped the way Ecuadorians write it: `02 212 3456`.
    pub fn display(&self) -> String {
        let n = &self.0;
        format!("{} {} {}", &n[..2], &n[2..5], &n[5..])
    }
}

/// A mobile number, canonical form `09` + 8 digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MobileNumber(String);

impl MobileNumber {
    pub fn parse(raw: &str) -> Result<MobileNumber, ContactError> {
        let trimmed = raw.trim();
        let n = national_digits(trimmed, |found| ContactError::MobileCharacters { found })?;
        let b = n.as_bytes();
        if b.is_empty() {
            return Err(ContactError::MobileEmpty);
        }
        if b.len() == 9 && b[0] == b'0' && is_digit_in(b[1], b'2'..=b'7') && is_digit_in(b[2], b'2'..=b'7') {
            return Err(ContactError::MobileIsLandline);
        }
        if !n.starts_with("09") {
            return Err(ContactError::MobilePrefix);
        }
        if b.len() != 10 {
            return Err(ContactError::MobileLength { len: b.len() });
        }
        Ok(MobileNumber(n))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Grouped the way Ecuadorians write it: `099 123 4567`.
    pub fn display(&self) -> String {
        let n = &self.0;
        format!("{} {} {}", &n[..3], &n[3..6], &n[6..])
    }
}

/// The customer's own e-mail address, trimmed and lower-cased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonalEmail(String);

fn is_host_label(label: &str) -> bool {
    !label.is_empty()
        && !label.starts_with('-')
        && !label.ends_with('-')
        && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

fn is_cnt_domain(domain: &str) -> bool {
    CNT_DOMAINS
        .iter()
        .any(|cnt| domain == *cnt || domain.strip_suffix(cnt).is_some_and(|prefix| prefix.ends_with('.')))
}

impl PersonalEmail {
    pub fn parse(raw: &str) -> Result<PersonalEmail, ContactError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(ContactError::EmailEmpty);
        }
        // Checked before lower-casing so a huge paste costs nothing; again after, because
        // lower-casing some letters makes the text longer.
        if trimmed.len() > EMAIL_MAX_LEN {
            return Err(ContactError::EmailTooLong);
        }
        let email = trimmed.to_lowercase();
        if email.len() > EMAIL_MAX_LEN {
            return Err(ContactError::EmailTooLong);
        }
        // People paste "Juan Pérez <juan@…>" from their mail client.
        if email.contains(['<', '>']) {
            return Err(ContactError::EmailDisplayName);
        }
        if email.contains(char::is_whitespace) {
            return Err(ContactError::EmailSpaces);
        }
        let Some((_, domain)) = email.rsplit_once('@') else {
            return Err(ContactError::EmailMissingAt);
        };
        let options = Options::default().with_required_tld().without_domain_literal().without_display_text();
        EmailAddress::parse_with_options(&email, options).map_err(|e| match e {
            email_address::Error::DomainTooFew => ContactError::EmailDomainWithoutDot,
            _ => ContactError::EmailInvalid,
        })?;
        // Host names are ASCII letters, digits and inner hyphens (RFC 1123). The crate accepts any
        // Unicode letter and some symbols; "ｃｎｔ.gob.ec" would slip past the CNT check.
        if !domain.split('.').all(is_host_label) {
            return Err(ContactError::EmailDomainCharacters);
        }
        if is_cnt_domain(domain) {
            return Err(ContactError::EmailCnt);
        }
        Ok(PersonalEmail(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use proptest::prelude::*;

    #[test]
    fn landlines_in_typed_formats() {
        for typed in [
            "02 212 3456",
            "(02) 2123456",
            "+593 2 212 3456",
            "+593 (0)2 212 3456",
            "593 2 212 3456",
            "022123456",
            " 02.212.3456 ",
        ] {
            let l = Landline::parse(typed).unwrap();
            assert_eq!(l.as_str(), "022123456", "{typed}");
            assert_eq!(l.display(), "02 212 3456");
        }
        assert_eq!(Landline::parse("593-7-283-1234").unwrap().as_str(), "072831234");
        assert_eq!(Landline::parse("04-2345678").unwrap().as_str(), "042345678");
    }

    #[test]
    fn landline_errors() {
        use ContactError::*;
        let cases: [(&str, ContactError); 14] = [
            ("", LandlineEmpty),
            (" ( ) ", LandlineEmpty),
            ("2123456", LandlineMissingAreaCode),
            ("22123456", LandlineMissingZero),
            ("221234567", LandlineMissingZero),
            ("022123456x", LandlineCharacters { found: 'x' }),
            ("02/2123456", LandlineCharacters { found: '/' }),
            ("02 +2123456", LandlineCharacters { found: '+' }),
            ("012123456", LandlineAreaCode { code: "01".into() }),
            ("021123456", LandlineSubscriber),
            ("0991234567", LandlineIsMobile),
            ("+593 99 123 4567", LandlineIsMobile),
            ("+1 305 123 4567", ForeignNumber),
            ("0221234567", LandlineLength),
        ];
        for (typed, expected) in cases {
            assert_eq!(Landline::parse(typed), Err(expected), "{typed}");
        }
        assert_eq!(Landline::parse("02212345"), Err(LandlineLength));
    }

    #[test]
    fn landline_messages() {
        assert_eq!(
            ContactError::LandlineMissingAreaCode.to_string(),
            "Incluya el código de provincia (p. ej. 02 212 3456)."
        );
        assert_eq!(
            ContactError::LandlineIsMobile.to_string(),
            "Ese es un número celular: regístrelo en el contacto celular."
        );
        assert_eq!(
            ContactError::LandlineLength.to_string(),
            "El teléfono fijo debe tener 9 dígitos con el código de provincia (p. ej. 02 212 3456)."
        );
    }

    #[test]
    fn mobiles_in_typed_formats() {
        for typed in [
            "099 123 4567",
            "+593 99 123 4567",
            "0991234567",
            "593991234567",
            "+593 (0)99 123 4567",
            "099-123-4567",
        ] {
            let m = MobileNumber::parse(typed).unwrap();
            assert_eq!(m.as_str(), "0991234567", "{typed}");
            assert_eq!(m.display(), "099 123 4567");
        }
    }

    #[test]
    fn mobile_errors() {
        use ContactError::*;
        let cases: [(&str, ContactError); 9] = [
            ("  ", MobileEmpty),
            ("0891234567", MobilePrefix),
            ("991234567", MobilePrefix),
            ("099123456", MobileLength { len: 9 }),
            ("09912345678", MobileLength { len: 11 }),
            ("02 212 3456", MobileIsLandline),
            ("+593 2 212 3456", MobileIsLandline),
            ("099 123 4567 ext", MobileCharacters { found: 'e' }),
            ("+57 300 123 4567", ForeignNumber),
        ];
        for (typed, expected) in cases {
            assert_eq!(MobileNumber::parse(typed), Err(expected), "{typed}");
        }
        assert_eq!(
            ContactError::MobileLength { len: 9 }.to_string(),
            "El número celular debe tener 10 dígitos (tiene 9)."
        );
    }

    #[test]
    fn emails_accepted() {
        assert_eq!(PersonalEmail::parse("juan.perez@gmail.com").unwrap().as_str(), "juan.perez@gmail.com");
        assert_eq!(
            PersonalEmail::parse("  Juan.Perez@Hotmail.COM ").unwrap().as_str(),
            "juan.perez@hotmail.com"
        );
        assert!(PersonalEmail::parse("ana+reclamos@empresa.com.ec").is_ok());
        // Only CNT's exact domains and their subdomains are CNT's.
        assert!(PersonalEmail::parse("ana@micnt.gob.ec").is_ok());
        assert!(PersonalEmail::parse("ana@cnt.gob.ec.example.com").is_ok());
    }

    #[test]
    fn emails_refused() {
        use ContactError::*;
        let long = format!("{}@gmail.com", "a".repeat(250));
        let cases: [(&str, ContactError); 17] = [
            ("juan@\u{ff43}\u{ff4e}\u{ff54}.gob.ec", EmailDomainCharacters),
            ("juan@gmail.c{m", EmailDomainCharacters),
            ("juan@-gmail.com", EmailInvalid),
            ("", EmailEmpty),
            ("juan@cnt.gob.ec", EmailCnt),
            ("JUAN@CNT.COM.EC", EmailCnt),
            ("x@ventas.cnt.com.ec", EmailCnt),
            ("x@corporativo.cnt.gob.ec", EmailCnt),
            ("Juan <a@b.ec>", EmailDisplayName),
            ("<a@b.ec>", EmailDisplayName),
            ("juan perez@gmail.com", EmailSpaces),
            ("juan.gmail.com", EmailMissingAt),
            ("juan@localhost", EmailDomainWithoutDot),
            ("juan@@gmail.com", EmailInvalid),
            ("@gmail.com", EmailInvalid),
            ("juan@gmail..com", EmailInvalid),
            ("juan@[127.0.0.1]", EmailInvalid),
        ];
        for (typed, expected) in cases {
            assert_eq!(PersonalEmail::parse(typed), Err(expected), "{typed}");
        }
        assert_eq!(PersonalEmail::parse(&long), Err(EmailTooLong));
        assert_eq!(EmailCnt.to_string(), "Ese es un correo de CNT; registre el correo personal del cliente.");
    }

    /// Ways people type a landline `0{area} {subscriber}`; all must mean the same number.
    fn typed_landline(area: u8, sub: &str, style: usize) -> String {
        let (s3, s4) = sub.split_at(3);
        match style {
            0 => format!("0{area} {s3} {s4}"),
            1 => format!("(0{area}) {sub}"),
            2 => format!("0{area}-{s3}-{s4}"),
            3 => format!("+593 {area} {s3} {s4}"),
            4 => format!("593-{area}-{s3}-{s4}"),
            5 => format!("+593 (0){area} {s3} {s4}"),
            6 => format!("0{area}.{s3}.{s4}"),
            7 => format!("+593{area}{sub}"),
            _ => format!("0{area}{sub}"),
        }
    }

    fn typed_mobile(rest: &str, style: usize) -> String {
        let (a, tail) = rest.split_at(1);
        let (b, c) = tail.split_at(3);
        match style {
            0 => format!("09{a} {b} {c}"),
            1 => format!("+593 9{a} {b} {c}"),
            2 => format!("09{a}-{b}-{c}"),
            3 => format!("593 9{a} {b} {c}"),
            4 => format!("(09{a}) {b}{c}"),
            5 => format!("+593 (0)9{a} {b} {c}"),
            6 => format!("+5939{rest}"),
            _ => format!("09{rest}"),
        }
    }

    proptest! {
        #[test]
        fn any_typed_landline_normalises_to_one_form(
            area in 2u8..=7,
            first in 2u8..=7,
            tail in "[0-9]{6}",
            style in 0usize..9,
            pad_left in " {0,2}",
            pad_right in " {0,2}",
        ) {
            let sub = format!("{first}{tail}");
            let typed = format!("{pad_left}{}{pad_right}", typed_landline(area, &sub, style));
            let l = Landline::parse(&typed).unwrap();
            prop_assert_eq!(l.as_str(), format!("0{area}{sub}"));
        }

        #[test]
        fn any_typed_mobile_normalises_to_one_form(
            rest in "[0-9]{8}",
            style in 0usize..8,
            pad_left in " {0,2}",
            pad_right in " {0,2}",
        ) {
            let typed = format!("{pad_left}{}{pad_right}", typed_mobile(&rest, style));
            let m = MobileNumber::parse(&typed).unwrap();
            prop_assert_eq!(m.as_str(), format!("09{rest}"));
        }

        #[test]
        fn landline_and_mobile_never_both_accept(s in "[0-9 +()-]{0,16}") {
            prop_assert!(!(Landline::parse(&s).is_ok() && MobileNumber::parse(&s).is_ok()));
        }
    }
}
