-- Free-text search at a million cases: a trigram index over `search_text`, so that
-- `LIKE '%term%'` looks terms up instead of reading every case. pg_trgm ships with PostgreSQL and is
-- a trusted extension: the database's owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX cases_search_text_trigrams ON cases USING gin (search_text gin_trgm_ops);
