-- Measured at a million cases (tests/benches/million.rs): with the open statuses as bound
-- parameters the planner cannot use the partial unique index, and looked the duplicate up through
-- the collection-type index (a quarter of all cases). An index on both keys makes it one lookup.
DROP INDEX cases_reference;
CREATE INDEX cases_reference_type ON cases (reference, collection_type);
