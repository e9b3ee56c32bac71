-- Merc's first schema: one row per sample, keyed by sha256, with the paths it was seen at and the
-- inputs that failed. Later migrations add the PE, strings and fuzzy-hash columns.

CREATE TABLE samples (
    sha256            text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    sha1              text NOT NULL,
    md5               text NOT NULL,
    size              bigint NOT NULL CHECK (size >= 0),
    entropy           double precision NOT NULL CHECK (entropy BETWEEN 0 AND 8),
    magic             text,
    mime              text,
    error_stage       text,
    error_message     text,
    -- Samples stored by an older extractor are extracted again rather than skipped as known.
    extractor_version integer NOT NULL,
    first_seen        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX samples_md5 ON samples (md5);
CREATE INDEX samples_sha1 ON samples (sha1);

CREATE TABLE sample_paths (
    sha256     text NOT NULL REFERENCES samples (sha256) ON DELETE CASCADE,
    path       text NOT NULL,
    first_seen timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (sha256, path)
);
CREATE INDEX sample_paths_path ON sample_paths (path);

-- The latest failure of each input that produced no sample.
CREATE TABLE failures (
    path        text PRIMARY KEY,
    stage       text NOT NULL,
    error_class text NOT NULL,
    message     text NOT NULL,
    failed_at   timestamptz NOT NULL DEFAULT now()
);

-- JdbcIO runs one statement per element. Inserting a sample through this view stores its row and
-- its path in that one statement, so a sample's data commits atomically, and a path that now
-- yields a sample drops its old failure.
CREATE VIEW sample_ingest AS
SELECT s.sha256, s.sha1, s.md5, s.size, s.entropy, s.magic, s.mime, s.error_stage, s.error_message,
       s.extractor_version, p.path
FROM samples s JOIN sample_paths p ON false;

CREATE FUNCTION merc_ingest_sample() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO samples (sha256, sha1, md5, size, entropy, magic, mime, error_stage, error_message,
                         extractor_version)
    VALUES (NEW.sha256, NEW.sha1, NEW.md5, NEW.size, NEW.entropy, NEW.magic, NEW.mime,
            NEW.error_stage, NEW.error_message, NEW.extractor_version)
    ON CONFLICT (sha256) DO UPDATE SET
        sha1 = EXCLUDED.sha1, md5 = EXCLUDED.md5, size = EXCLUDED.size, entropy = EXCLUDED.entropy,
        magic = EXCLUDED.magic, mime = EXCLUDED.mime, error_stage = EXCLUDED.error_stage,
        error_message = EXCLUDED.error_message, extractor_version = EXCLUDED.extractor_version,
        updated_at = now();
    INSERT INTO sample_paths (sha256, path) VALUES (NEW.sha256, NEW.path) ON CONFLICT DO NOTHING;
    DELETE FROM failures WHERE path = NEW.path;
    RETURN NEW;
END
$$;

CREATE TRIGGER sample_ingest_insert INSTEAD OF INSERT ON sample_ingest
    FOR EACH ROW EXECUTE FUNCTION merc_ingest_sample();
