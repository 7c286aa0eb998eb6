-- 守望 Shouwang server schema, version 1 (SQLite). Never edit a shipped migration: add a new one.
-- Times are RFC 3339 UTC text; flags are 0/1 integers (the same on PostgreSQL, so one code path reads both).

CREATE TABLE users (
    username             TEXT PRIMARY KEY,
    display_name         TEXT NOT NULL,
    role                 TEXT NOT NULL CHECK (role IN ('worker', 'reviewer', 'admin')),
    password_hash        TEXT NOT NULL,
    must_change_password INTEGER NOT NULL DEFAULT 0,
    created_at           TEXT NOT NULL,
    disabled_at          TEXT
);

-- Area-code prefixes a user may read and write: villages (12 digits) for a worker, a township (9)
-- for a reviewer, a county (6) for an admin; '' is the whole server.
CREATE TABLE user_areas (
    username TEXT NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    prefix   TEXT NOT NULL,
    PRIMARY KEY (username, prefix)
);

-- One row per login; the token itself is never stored, only its SHA-256.
CREATE TABLE devices (
    token_hash   TEXT PRIMARY KEY,
    username     TEXT NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    device_id    TEXT NOT NULL,
    device_name  TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    revoked_at   TEXT
);
CREATE INDEX devices_by_user ON devices (username, device_id);

-- The global revision counter: every stored version takes the next numbers, in commit order.
CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
INSERT INTO counters (name, value) VALUES ('revision', 0);

-- The current version of each household.
CREATE TABLE households (
    id         TEXT PRIMARY KEY,
    area_code  TEXT NOT NULL,
    revision   INTEGER NOT NULL UNIQUE,
    body       TEXT NOT NULL,
    edited_at  TEXT NOT NULL,
    device_id  TEXT NOT NULL,
    username   TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX households_by_area ON households (area_code, revision);

-- Every version ever stored, append-only: edits as they arrived and the merges made from them.
CREATE TABLE history (
    revision      INTEGER PRIMARY KEY,
    household_id  TEXT NOT NULL,
    area_code     TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('edit', 'merge')),
    body          TEXT NOT NULL,
    change_id     TEXT,
    base_revision INTEGER,
    username      TEXT NOT NULL,
    device_id     TEXT NOT NULL,
    edited_at     TEXT NOT NULL,
    received_at   TEXT NOT NULL
);
CREATE INDEX history_by_household ON history (household_id, revision);

-- Each accepted change id and what became of it, so a resent change is answered, not stored again.
CREATE TABLE changes (
    change_id    TEXT PRIMARY KEY,
    household_id TEXT NOT NULL,
    username     TEXT NOT NULL,
    device_id    TEXT NOT NULL,
    result       TEXT NOT NULL,
    received_at  TEXT NOT NULL
);

-- Fields two edits changed differently, for office review.
CREATE TABLE conflicts (
    revision          INTEGER PRIMARY KEY,
    household_id      TEXT NOT NULL,
    area_code         TEXT NOT NULL,
    stored_revision   INTEGER NOT NULL,
    incoming_revision INTEGER NOT NULL,
    fields            TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    resolved_by       TEXT,
    resolved_at       TEXT
);
CREATE INDEX conflicts_by_area ON conflicts (area_code, revision);
