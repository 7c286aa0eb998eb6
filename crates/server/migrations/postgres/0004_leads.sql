-- 守望 Shouwang schema 0004 (PostgreSQL): the office's imports, run in the background with their
-- progress, and the rows of the departments' lists that matched no household (leads for the
-- township to assign to one). Never edit a shipped migration: add a new one.

-- One import of households: its progress while it runs, then its report (JSON).
CREATE TABLE import_jobs (
    id         TEXT PRIMARY KEY,
    username   TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed')),
    done       BIGINT NOT NULL,
    total      BIGINT NOT NULL,
    report     TEXT,
    error      TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- A row of a department's list that matched no household, as the lead it would be (JSON), kept
-- once per area and lead (the same list twice adds nothing) until it is assigned.
CREATE TABLE unmatched_leads (
    key         TEXT PRIMARY KEY,
    area_prefix TEXT NOT NULL,
    lead        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    assigned_to TEXT,
    assigned_by TEXT,
    assigned_at TEXT
);
CREATE INDEX unmatched_leads_by_area ON unmatched_leads (area_prefix);
