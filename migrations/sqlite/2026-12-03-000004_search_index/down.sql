DROP TRIGGER cases_search_delete;
DROP TRIGGER cases_search_update;
DROP TRIGGER cases_search_insert;
DROP TABLE cases_search;
