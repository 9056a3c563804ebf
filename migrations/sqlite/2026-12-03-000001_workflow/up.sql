-- The workflow on SQLite: who works a case, the supervisor's back-office check (ATFPJC), and how
-- the case was closed. ADD COLUMN may carry REFERENCES because every default is NULL.
ALTER TABLE cases ADD COLUMN assigned_to BIGINT NULL REFERENCES users (id);
ALTER TABLE cases ADD COLUMN validation_result TEXT NULL CHECK (validation_result IN ('CONFIRMADO', 'NO_ENCONTRADO'));
ALTER TABLE cases ADD COLUMN validated_by BIGINT NULL REFERENCES users (id);
ALTER TABLE cases ADD COLUMN validated_at TIMESTAMP NULL;
ALTER TABLE cases ADD COLUMN credit_title TEXT NULL;
ALTER TABLE cases ADD COLUMN measures TEXT NULL;
ALTER TABLE cases ADD COLUMN validation_note TEXT NULL;
ALTER TABLE cases ADD COLUMN outcome TEXT NULL CHECK (outcome IN ('PAGO_TOTAL', 'PAGO_PARCIAL', 'ACUERDO_DE_PAGO', 'NO_CONTACTADO', 'NO_PROCEDE'));
ALTER TABLE cases ADD COLUMN resolution_note TEXT NULL;
ALTER TABLE cases ADD COLUMN closed_at TIMESTAMP NULL;
-- my-cases and the assigned_to filter (keyset on id).
CREATE INDEX cases_assigned_to ON cases (assigned_to, id);
-- The supervisor's queue and the dashboard's open cases, oldest first.
CREATE INDEX cases_status_created_at ON cases (status, created_at);
-- Resolutions in a period.
CREATE INDEX cases_closed_at ON cases (closed_at);
