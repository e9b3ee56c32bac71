-- Merc's first schema: one row per sample, keyed by sha256, with the paths it was seen at and the
-- inputs that failed. Later migrations add the PE, strings and fuzzy-hash columns.

CREATE TABLE samples (
    sha256            TEXT PRIMARY KEY NOT NULL CHECK (length(sha256) = 64),
    sha1              TEXT NOT NULL,
    md5               TEXT NOT NULL,
    size              INTEGER NOT NULL CHECK (size >= 0),
    entropy           REAL NOT NULL CHECK (entropy BETWEEN 0 AND 8),
    magic             TEXT,
    mime              TEXT,
    error_stage       TEXT,
    error_message     TEXT,
    -- Samples stored by an older extractor are extracted again rather than skipped as known.
    extractor_version INTEGER NOT NULL,
    first_seen        TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at        TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX samples_md5 ON samples (md5);
CREATE INDEX samples_sha1 ON samples (sha1);

CREATE TABLE sample_paths (
    sha256     TEXT NOT NULL REFERENCES samples (sha256) ON DELETE CASCADE,
    path       TEXT NOT NULL,
    first_seen TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (sha256, path)
);
CREATE INDEX sample_paths_path ON sample_paths (path);

-- The latest failure of each input that produced no sample.
CREATE TABLE failures (
    path        TEXT PRIMARY KEY NOT NULL,
    stage       TEXT NOT NULL,
    error_class TEXT NOT NULL,
    message     TEXT NOT NULL,
    failed_at   TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- JdbcIO runs one statement per element. Inserting a sample through this view stores its row and
-- its path in that one statement, so a sample's data commits atomically, and a path that now
-- yields a sample drops its old failure.
CREATE VIEW sample_ingest AS
SELECT s.sha256, s.sha1, s.md5, s.size, s.entropy, s.magic, s.mime, s.error_stage, s.error_message,
       s.extractor_version, p.path
FROM samples s JOIN sample_paths p ON 0;

CREATE TRIGGER sample_ingest_insert INSTEAD OF INSERT ON sample_ingest
BEGIN
    INSERT INTO samples (sha256, sha1, md5, size, entropy, magic, mime, error_stage, error_message,
                         extractor_version)
    VALUES (NEW.sha256, NEW.sha1, NEW.md5, NEW.size, NEW.entropy, NEW.magic, NEW.mime,
            NEW.error_stage, NEW.error_message, NEW.extractor_version)
    ON CONFLICT (sha256) DO UPDATE SET
        sha1 = excluded.sha1, md5 = excluded.md5, size = excluded.size, entropy = excluded.entropy,
        magic = excluded.magic, mime = excluded.mime, error_stage = excluded.error_stage,
        error_message = excluded.error_message, extractor_version = excluded.extractor_version,
        updated_at = CURRENT_TIMESTAMP;
    INSERT INTO sample_paths (sha256, path) VALUES (NEW.sha256, NEW.path) ON CONFLICT DO NOTHING;
    DELETE FROM failures WHERE path = NEW.path;
END;
