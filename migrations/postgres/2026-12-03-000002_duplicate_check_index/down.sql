DROP INDEX cases_reference_type;
CREATE INDEX cases_reference ON cases (reference, id);
