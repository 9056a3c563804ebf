//! Free-text values of the case form: customer name, reference (service number or DUMMY),
//! observation, and account passwords.

use thiserror::Error;

/// Longest observation an agent may type.
pub const OBSERVATION_MAX_CHARS: usize = 1000;
/// Customer names: long enough for four names and two surnames, short enough for a list.
pub const NAME_MIN_CHARS: usize = 3;
pub const NAME_MAX_CHARS: usize = 150;
pub const REFERENCE_MIN_CHARS: usize = 4;
pub const REFERENCE_MAX_CHARS: usize = 30;
/// A resolution note, an annulment reason, a validation note.
pub const NOTE_MAX_CHARS: usize = 1000;
/// A comment on a case's history.
pub const COMMENT_MAX_CHARS: usize = 2000;
/// The número de título de crédito as the back office shows it.
pub const CREDIT_TITLE_MAX_CHARS: usize = 40;
/// The precautionary measures seen in the back office (COACTIVA).
pub const MEASURES_MAX_CHARS: usize = 500;
pub const PASSWORD_MIN_CHARS: usize = 10;
pub const PASSWORD_MAX_CHARS: usize = 128;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TextError {
    #[error("Este campo es obligatorio.")]
    Required,
    #[error("Debe tener al menos {0} caracteres.")]
    TooShort(usize),
    #[error("Debe tener como máximo {0} caracteres.")]
    TooLong(usize),
    #[error("El nombre solo puede tener letras, dígitos, espacios y los signos ' . , - & / º ( ).")]
    NameCharacters,
    #[error("El nombre debe tener letras.")]
    NameWithoutLetters,
    #[error("Use solo letras y dígitos (los espacios, puntos y guiones se quitan solos).")]
    ReferenceCharacters,
    #[error("Use solo letras sin tildes, dígitos, puntos, guiones y guiones bajos.")]
    UsernameCharacters,
    #[error("No se admiten caracteres de control.")]
    ControlCharacters,
}

/// Collapses runs of white space into one space and trims the ends.
pub fn collapse_whitespace(raw: &str) -> String {
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Characters people put inside numbers and codes for readability (spaces, dots, dashes of any
/// kind); they carry no meaning and are dropped before a value is stored or compared.
pub fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, '-' | '.' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}')
}

/// Signs a customer's name may carry besides letters and digits: a person's ("O'Brien", "Ma.
/// José") or a company's ("CONSTRUCTORA 3H CÍA. LTDA.", "GONZÁLEZ & ASOCIADOS", "Nº 1").
fn is_name_sign(c: char) -> bool {
    matches!(c, ' ' | '\'' | '’' | '.' | ',' | '-' | '&' | '/' | 'º' | 'ª' | '(' | ')')
}

/// The customer's name as it will be read back: single spaces, upper case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerName(String);

impl CustomerName {
    pub fn parse(raw: &str) -> Result<CustomerName, TextError> {
        let name = collapse_whitespace(raw);
        let len = name.chars().count();
        if len == 0 {
            return Err(TextError::Required);
        }
        if len < NAME_MIN_CHARS {
            return Err(TextError::TooShort(NAME_MIN_CHARS));
        }
        if len > NAME_MAX_CHARS {
            return Err(TextError::TooLong(NAME_MAX_CHARS));
        }
        if !name.chars().all(|c| c.is_alphanumeric() || is_name_sign(c)) {
            return Err(TextError::NameCharacters);
        }
        if !name.chars().any(char::is_alphabetic) {
            return Err(TextError::NameWithoutLetters);
        }
        Ok(CustomerName(name.to_uppercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Normalises a reference as it is stored and compared: trimmed, upper case, no spaces, dashes or
/// dots. ASCII-only upper-casing: Unicode rules would turn "ß" into "SS", a value nobody typed.
pub fn normalize_reference(raw: &str) -> String {
    raw.chars().filter(|c| !is_separator(*c)).map(|c| c.to_ascii_uppercase()).collect()
}

/// The service number or DUMMY a debt is identified by, normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference(String);

impl Reference {
    pub fn parse(raw: &str) -> Result<Reference, TextError> {
        let reference = normalize_reference(raw);
        let len = reference.chars().count();
        if len == 0 {
            return Err(TextError::Required);
        }
        if !reference.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(TextError::ReferenceCharacters);
        }
        if len < REFERENCE_MIN_CHARS {
            return Err(TextError::TooShort(REFERENCE_MIN_CHARS));
        }
        if len > REFERENCE_MAX_CHARS {
            return Err(TextError::TooLong(REFERENCE_MAX_CHARS));
        }
        Ok(Reference(reference))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A bounded free text (observation, note, reason); `None` when blank. Line ends are stored as
/// `\n` whichever system typed them.
pub fn bounded_text(raw: &str, max_chars: usize) -> Result<Option<String>, TextError> {
    let text = raw.trim().replace("\r\n", "\n").replace('\r', "\n");
    if text.is_empty() {
        return Ok(None);
    }
    if text.chars().count() > max_chars {
        return Err(TextError::TooLong(max_chars));
    }
    if text.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(TextError::ControlCharacters);
    }
    Ok(Some(text))
}

/// A bounded free text that must not be blank.
pub fn required_text(raw: &str, max_chars: usize) -> Result<String, TextError> {
    bounded_text(raw, max_chars)?.ok_or(TextError::Required)
}

/// A new password: long enough to resist guessing, bounded so hashing cost stays bounded.
pub fn check_password(raw: &str) -> Result<(), TextError> {
    let len = raw.chars().count();
    if len < PASSWORD_MIN_CHARS {
        return Err(TextError::TooShort(PASSWORD_MIN_CHARS));
    }
    if len > PASSWORD_MAX_CHARS {
        return Err(TextError::TooLong(PASSWORD_MAX_CHARS));
    }
    Ok(())
}

/// A login name: lower case letters, digits, dots, dashes and underscores.
pub fn normalize_username(raw: &str) -> Result<String, TextError> {
    let name = raw.trim().to_lowercase();
    if name.is_empty() {
        return Err(TextError::Required);
    }
    if name.chars().count() < 3 {
        return Err(TextError::TooShort(3));
    }
    if name.chars().count() > 50 {
        return Err(TextError::TooLong(50));
    }
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')) {
        return Err(TextError::UsernameCharacters);
    }
    Ok(name)
}

/// Folds text for searching: lower case, Spanish accents and ñ removed, so that "perez" finds "PÉREZ".
pub fn fold_for_search(raw: &str) -> String {
    raw.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'ä' | 'â' => 'a',
            'é' | 'è' | 'ë' | 'ê' => 'e',
            'í' | 'ì' | 'ï' | 'î' => 'i',
            'ó' | 'ò' | 'ö' | 'ô' => 'o',
            'ú' | 'ù' | 'ü' | 'û' => 'u',
            'ñ' => 'n',
            other => other,
        })
        .collect()
}

/// The text a case is found by: its searchable values, folded, one space apart.
pub fn search_key(values: &[&str]) -> String {
    fold_for_search(&values.join(" "))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn names_are_collapsed_upper_cased_and_bounded() {
        assert_eq!(CustomerName::parse("  maría   josé  Peñafiel ").unwrap().as_str(), "MARÍA JOSÉ PEÑAFIEL");
        assert_eq!(CustomerName::parse("   "), Err(TextError::Required));
        assert_eq!(CustomerName::parse("Al"), Err(TextError::TooShort(3)));
        assert_eq!(CustomerName::parse("Juan <script>"), Err(TextError::NameCharacters));
        assert_eq!(CustomerName::parse("Ana\u{7}"), Err(TextError::NameCharacters));
        assert_eq!(CustomerName::parse("1234"), Err(TextError::NameWithoutLetters));
        assert_eq!(CustomerName::parse(&"a".repeat(151)), Err(TextError::TooLong(150)));
    }

    #[test]
    fn company_and_foreign_names_are_accepted() {
        for name in
            ["Constructora 3H Cía. Ltda.", "González & Asociados S.A.", "O’Brien", "Ma. José Nº 2 (hija)"]
        {
            assert!(CustomerName::parse(name).is_ok(), "{name}");
        }
    }

    #[test]
    fn references_are_normalised_before_they_are_checked() {
        assert_eq!(Reference::parse(" dmy-0012 345 ").unwrap().as_str(), "DMY0012345");
        assert_eq!(Reference::parse("02-212.3456").unwrap().as_str(), "022123456");
        assert_eq!(Reference::parse("12"), Err(TextError::TooShort(4)));
        assert_eq!(Reference::parse("ABC#123"), Err(TextError::ReferenceCharacters));
        assert_eq!(Reference::parse(""), Err(TextError::Required));
        // Dashes pasted from a mail or a word processor are dashes too.
        assert_eq!(Reference::parse("DMY\u{2013}0012").unwrap().as_str(), "DMY0012");
        // Only what was typed is stored: no Unicode case expansion, no merged punctuation.
        assert_eq!(Reference::parse("stra\u{df}e1"), Err(TextError::ReferenceCharacters));
        assert_eq!(Reference::parse("12/345"), Err(TextError::ReferenceCharacters));
    }

    #[test]
    fn observations_are_optional_and_bounded() {
        assert_eq!(bounded_text("   ", 10), Ok(None));
        assert_eq!(bounded_text(" hola ", 10), Ok(Some("hola".into())));
        assert_eq!(bounded_text(&"x".repeat(11), 10), Err(TextError::TooLong(10)));
        assert_eq!(bounded_text("a\u{7}b", 10), Err(TextError::ControlCharacters));
        assert_eq!(bounded_text("línea 1\r\nlínea 2\r", 20), Ok(Some("línea 1\nlínea 2".into())));
        assert_eq!(required_text(" ", 10), Err(TextError::Required));
    }

    #[test]
    fn search_folds_accents_and_case() {
        assert_eq!(search_key(&["MARÍA PEÑAFIEL", "1710034065"]), "maria penafiel 1710034065");
        assert_eq!(fold_for_search("Pérez"), fold_for_search("PEREZ"));
    }

    #[test]
    fn usernames_and_passwords() {
        assert_eq!(normalize_username(" Ana.Perez ").unwrap(), "ana.perez");
        assert!(normalize_username("ana perez").is_err());
        assert!(check_password("corta").is_err());
        assert!(check_password("una clave bastante larga").is_ok());
    }
}
