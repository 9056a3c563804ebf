-- Free-text search at a million cases: a trigram index over `search_text` (FTS5), so that
-- `LIKE '%term%'` looks terms up instead of reading every case. Kept in step by triggers.
CREATE VIRTUAL TABLE cases_search USING fts5(
    search_text, content = 'cases', content_rowid = 'id', tokenize = 'trigram'
);
INSERT INTO cases_search (cases_search) VALUES ('rebuild');
CREATE TRIGGER cases_search_insert AFTER INSERT ON cases BEGIN
    INSERT INTO cases_search (rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER cases_search_update AFTER UPDATE OF search_text ON cases BEGIN
    INSERT INTO cases_search (cases_search, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    INSERT INTO cases_search (rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER cases_search_delete AFTER DELETE ON cases BEGIN
    INSERT INTO cases_search (cases_search, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
