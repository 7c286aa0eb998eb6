-- 守望 Shouwang server schema, version 6: the attachments (photos, consent signatures) whose
-- bytes the server holds. The bytes are files under the data directory's attachments/ folder,
-- named by their SHA-256 (src/blobs.rs); a row says a household's record referenced them when
-- they were uploaded, so the same picture in two households is one file and two rows. A row is
-- written only after its file is in place (src/handlers/attachments.rs).
CREATE TABLE attachments (
    household_id TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    content_type TEXT NOT NULL,
    bytes        BIGINT NOT NULL,
    stored_by    TEXT NOT NULL,
    stored_at    TEXT NOT NULL,
    PRIMARY KEY (household_id, sha256)
);
