-- 守望 Shouwang server schema, version 2 (SQLite): sign-in throttling. Never edit a shipped
-- migration: add a new one.

-- Failed sign-ins counted per account ('user:NAME') and per client address ('addr:IP'); while
-- blocked_until is ahead, every sign-in of that key is refused with 429, the right password too.
CREATE TABLE login_throttle (
    key           TEXT PRIMARY KEY,
    failures      INTEGER NOT NULL,
    last_failure  TEXT NOT NULL,
    blocked_until TEXT
);
CREATE INDEX login_throttle_by_last_failure ON login_throttle (last_failure);
