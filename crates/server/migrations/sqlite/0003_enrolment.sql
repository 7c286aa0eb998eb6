-- 守望 Shouwang: enrolment by QR code. An office prints a one-time code for a worker; the worker's
-- phone uses it once, within a day, to sign in, and then sets the worker's own password.
-- Only the code's SHA-256 is stored. Times are RFC 3339 UTC text, as everywhere.
CREATE TABLE enrolments (
    code_hash       TEXT PRIMARY KEY,
    username        TEXT NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    created_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    expires_at      TEXT NOT NULL,
    -- Set when the code signs a phone in: when, and the sign-in (devices.token_hash) it made.
    used_at         TEXT,
    token_hash      TEXT,
    -- Set when that sign-in chose the worker's own password (allowed once).
    password_set_at TEXT
);
CREATE INDEX enrolments_by_user ON enrolments (username);
CREATE INDEX enrolments_by_token ON enrolments (token_hash);
