//! The closed vocabularies of the domain, with their wire codes and Spanish labels.

use serde::{Deserialize, Serialize};

/// Declares a domain enumeration: wire code (upper-case business word), Spanish label, and the list.
/// The code is a `tt`, not a `literal`: utoipa reads `#[serde(rename = …)]` token by token and does
/// not see a literal that a macro passed on wrapped in a `literal` fragment, so the OpenAPI document
/// showed the Rust variant names instead of the wire codes.
macro_rules! domain_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $code:tt, $label:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub enum $name {
            $(#[serde(rename = $code)] $variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The code used on the wire and in the database.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code,)+ }
            }

            /// The Spanish label shown to users.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }

            /// Parses a wire code; surrounding spaces and letter case are forgiven.
            pub fn parse_code(code: &str) -> Option<$name> {
                let code = code.trim();
                $name::ALL.iter().copied().find(|v| v.as_str().eq_ignore_ascii_case(code))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

domain_enum! {
    /// Línea de negocio.
    BusinessLine {
        TelefoniaFija => "TELEFONIA_FIJA", "Telefonía fija";
        InternetFijo => "INTERNET_FIJO", "Internet fijo";
        TvSatelital => "TV_SATELITAL", "TV satelital";
        Movil => "MOVIL", "Móvil";
    }
}

impl BusinessLine {
    pub fn is_mobile(self) -> bool {
        self == BusinessLine::Movil
    }
}

domain_enum! {
    /// Plan of a mobile line.
    MobilePlan {
        Prepago => "PREPAGO", "Prepago";
        Pospago => "POSPAGO", "Pospago";
    }
}

domain_enum! {
    /// State of the service in the billing system.
    ServiceStatus {
        Conectado => "CONECTADO", "Conectado";
        Suspendido => "SUSPENDIDO", "Suspendido";
        Retirado => "RETIRADO", "Retirado";
    }
}

impl ServiceStatus {
    /// Connected or suspended: the service still exists.
    pub fn is_active(self) -> bool {
        matches!(self, ServiceStatus::Conectado | ServiceStatus::Suspendido)
    }
}

domain_enum! {
    /// Tipo de cobranza.
    CollectionType {
        Temprana => "TEMPRANA", "Cartera temprana";
        Extrajudicial => "EXTRAJUDICIAL", "Extrajudicial";
        Coactiva => "COACTIVA", "Coactiva";
        DiferidoAnticipado => "DIFERIDO_ANTICIPADO", "Diferido anticipado";
    }
}

domain_enum! {
    /// The 24 provinces of Ecuador.
    Province {
        Azuay => "AZUAY", "Azuay";
        Bolivar => "BOLIVAR", "Bolívar";
        Canar => "CANAR", "Cañar";
        Carchi => "CARCHI", "Carchi";
        Chimborazo => "CHIMBORAZO", "Chimborazo";
        Cotopaxi => "COTOPAXI", "Cotopaxi";
        ElOro => "EL_ORO", "El Oro";
        Esmeraldas => "ESMERALDAS", "Esmeraldas";
        Galapagos => "GALAPAGOS", "Galápagos";
        Guayas => "GUAYAS", "Guayas";
        Imbabura => "IMBABURA", "Imbabura";
        Loja => "LOJA", "Loja";
        LosRios => "LOS_RIOS", "Los Ríos";
        Manabi => "MANABI", "Manabí";
        MoronaSantiago => "MORONA_SANTIAGO", "Morona Santiago";
        Napo => "NAPO", "Napo";
        Orellana => "ORELLANA", "Orellana";
        Pastaza => "PASTAZA", "Pastaza";
        Pichincha => "PICHINCHA", "Pichincha";
        SantaElena => "SANTA_ELENA", "Santa Elena";
        SantoDomingo => "SANTO_DOMINGO", "Santo Domingo de los Tsáchilas";
        Sucumbios => "SUCUMBIOS", "Sucumbíos";
        Tungurahua => "TUNGURAHUA", "Tungurahua";
        ZamoraChinchipe => "ZAMORA_CHINCHIPE", "Zamora Chinchipe";
    }
}

domain_enum! {
    /// What the customer intends to pay.
    PaymentIntent {
        Total => "TOTAL", "Pago total";
        Parcial => "PARCIAL", "Pago parcial";
    }
}

domain_enum! {
    /// Where a case is in the workflow.
    CaseStatus {
        Pendiente => "PENDIENTE", "Pendiente";
        EnGestion => "EN_GESTION", "En gestión";
        Resuelto => "RESUELTO", "Resuelto";
        Anulado => "ANULADO", "Anulado";
    }
}

impl CaseStatus {
    /// The statuses that still need work; only one open case may exist per reference and type.
    pub const OPEN: [CaseStatus; 2] = [CaseStatus::Pendiente, CaseStatus::EnGestion];

    pub fn is_open(self) -> bool {
        CaseStatus::OPEN.contains(&self)
    }
}

domain_enum! {
    /// How a resolved case ended.
    Outcome {
        PagoTotal => "PAGO_TOTAL", "Pago total";
        PagoParcial => "PAGO_PARCIAL", "Pago parcial";
        AcuerdoDePago => "ACUERDO_DE_PAGO", "Acuerdo de pago";
        NoContactado => "NO_CONTACTADO", "Cliente no contactado";
        NoProcede => "NO_PROCEDE", "No procede";
    }
}

domain_enum! {
    /// What the supervisor found in the back office (ATFPJC) for an EXTRAJUDICIAL or COACTIVA case.
    ValidationResult {
        Confirmado => "CONFIRMADO", "Confirmado";
        NoEncontrado => "NO_ENCONTRADO", "No encontrado";
    }
}

domain_enum! {
    /// What a user may do.
    Role {
        AgenteN1 => "AGENTE_N1", "Agente N1";
        Supervisor => "SUPERVISOR", "Supervisor";
        Cobranzas => "COBRANZAS", "Cobranzas";
        Admin => "ADMIN", "Administrador";
    }
}

domain_enum! {
    /// Kind of an official bank account.
    AccountType {
        Ahorros => "AHORROS", "Ahorros";
        Corriente => "CORRIENTE", "Corriente";
    }
}

domain_enum! {
    /// What happened to a case, as recorded in its history.
    EventKind {
        Creado => "CREADO", "Caso registrado";
        Editado => "EDITADO", "Caso corregido";
        Validado => "VALIDADO", "Validación en back-office";
        Asignado => "ASIGNADO", "Asignación";
        CambioEstado => "CAMBIO_ESTADO", "Cambio de estado";
        Comentario => "COMENTARIO", "Comentario";
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn wire_codes_round_trip_through_serde_and_parse_code() {
        for role in Role::ALL {
            let json = serde_json::to_string(role).unwrap();
            assert_eq!(json, format!("\"{}\"", role.as_str()));
            assert_eq!(Role::parse_code(role.as_str()), Some(*role));
        }
        assert_eq!(Role::AgenteN1.as_str(), "AGENTE_N1");
        assert_eq!(
            serde_json::from_str::<CollectionType>("\"DIFERIDO_ANTICIPADO\"").unwrap(),
            CollectionType::DiferidoAnticipado
        );
        assert_eq!(CaseStatus::parse_code(" en_gestion "), Some(CaseStatus::EnGestion));
        assert_eq!(CaseStatus::parse_code("CERRADO"), None);
    }

    #[test]
    fn there_are_24_provinces() {
        assert_eq!(Province::ALL.len(), 24);
    }

    #[test]
    fn open_statuses_are_pendiente_and_en_gestion() {
        let open: Vec<_> = CaseStatus::ALL.iter().filter(|s| s.is_open()).collect();
        assert_eq!(open, [&CaseStatus::Pendiente, &CaseStatus::EnGestion]);
    }
}
