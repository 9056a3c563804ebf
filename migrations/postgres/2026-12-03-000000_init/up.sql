-- The case log on PostgreSQL. Booleans are SMALLINT 0/1 (diesel's MultiBackend has no Bool); timestamps are UTC.
CREATE TABLE users (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    full_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('AGENTE_N1', 'SUPERVISOR', 'COBRANZAS', 'ADMIN')),
    password_hash TEXT NOT NULL,
    active SMALLINT NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE sessions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    refresh_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_throttle (
    username TEXT PRIMARY KEY NOT NULL,
    failures INTEGER NOT NULL,
    window_started_at TIMESTAMP NOT NULL,
    locked_until TIMESTAMP
);

CREATE TABLE cases (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_name TEXT NOT NULL,
    document_type TEXT NOT NULL CHECK (document_type IN ('CEDULA', 'RUC', 'PASAPORTE')),
    document_number TEXT NOT NULL,
    business_line TEXT NOT NULL CHECK (business_line IN ('TELEFONIA_FIJA', 'INTERNET_FIJO', 'TV_SATELITAL', 'MOVIL')),
    mobile_plan TEXT CHECK (mobile_plan IN ('PREPAGO', 'POSPAGO')),
    service_status TEXT NOT NULL CHECK (service_status IN ('CONECTADO', 'SUSPENDIDO', 'RETIRADO')),
    collection_type TEXT NOT NULL CHECK (collection_type IN ('TEMPRANA', 'EXTRAJUDICIAL', 'COACTIVA', 'DIFERIDO_ANTICIPADO')),
    reference TEXT NOT NULL,
    province TEXT NOT NULL,
    landline TEXT,
    mobile TEXT,
    mobile_confirmed SMALLINT NOT NULL CHECK (mobile_confirmed IN (0, 1)),
    email TEXT,
    payment_intent TEXT NOT NULL CHECK (payment_intent IN ('TOTAL', 'PARCIAL')),
    observation TEXT,
    status TEXT NOT NULL CHECK (status IN ('PENDIENTE', 'EN_GESTION', 'RESUELTO', 'ANULADO')),
    search_text TEXT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL
);
-- The duplicate guarantee: one open case per normalised reference and collection type.
CREATE UNIQUE INDEX cases_one_open_per_reference ON cases (collection_type, reference)
    WHERE status IN ('PENDIENTE', 'EN_GESTION');
-- Keyset pages (id DESC) under each list filter.
CREATE INDEX cases_reference ON cases (reference, id);
CREATE INDEX cases_document ON cases (document_number, id);
CREATE INDEX cases_status ON cases (status, id);
CREATE INDEX cases_collection_type ON cases (collection_type, id);
CREATE INDEX cases_business_line ON cases (business_line, id);
CREATE INDEX cases_province ON cases (province, id);
CREATE INDEX cases_created_by ON cases (created_by, id);
CREATE INDEX cases_created_at ON cases (created_at);

CREATE TABLE case_events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases (id),
    kind TEXT NOT NULL,
    actor_id BIGINT NOT NULL REFERENCES users (id),
    at TIMESTAMP NOT NULL,
    changes TEXT NOT NULL,
    note TEXT
);
CREATE INDEX case_events_case ON case_events (case_id, id);

CREATE TABLE bank_accounts (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    bank TEXT NOT NULL,
    account_type TEXT NOT NULL CHECK (account_type IN ('AHORROS', 'CORRIENTE')),
    number TEXT NOT NULL UNIQUE,
    holder TEXT NOT NULL,
    active SMALLINT NOT NULL CHECK (active IN (0, 1)),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
