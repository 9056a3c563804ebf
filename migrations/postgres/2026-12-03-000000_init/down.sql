DROP TABLE bank_accounts;
DROP TABLE case_events;
DROP TABLE cases;
DROP TABLE login_throttle;
DROP TABLE sessions;
DROP TABLE users;
