-- The PE structure, fuzzy hashes, byte statistics and strings of the sample record.
-- Nested structures are jsonb in the sample's one row, so a sample still lands in one statement;
-- the views at the end give them back as rows.

ALTER TABLE samples
    ADD COLUMN ssdeep                 text,
    ADD COLUMN tlsh                   text,
    ADD COLUMN imphash                text,
    ADD COLUMN byte_histogram         jsonb,
    ADD COLUMN byte_entropy_histogram jsonb,
    ADD COLUMN pe                     jsonb,
    ADD COLUMN strings                jsonb,
    -- Small and apart from the large strings value, so "more than 3 URLs" reads no string items.
    ADD COLUMN string_tag_counts      jsonb,
    -- merc_string_key of every distinct string item, computed by Merc's writer: the GIN index
    -- below answers "which samples contain this string" without reading any strings.
    ADD COLUMN string_keys            bigint[];

CREATE INDEX samples_imphash ON samples (imphash);
CREATE INDEX samples_tlsh ON samples (tlsh);
CREATE INDEX samples_string_keys ON samples USING gin (string_keys);

-- The first 64 bits of the string's md5 (as a signed big-endian integer): compact, fixed-size GIN
-- keys for strings of any length. dev.merc.schema.StringKeys computes the same in Java.
CREATE FUNCTION merc_string_key(value text) RETURNS bigint
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT ('x' || substr(md5(value), 1, 16))::bit(64)::bigint $$;

DROP TRIGGER sample_ingest_insert ON sample_ingest;
DROP FUNCTION merc_ingest_sample();
DROP VIEW sample_ingest;

CREATE VIEW sample_ingest AS
SELECT s.sha256, s.sha1, s.md5, s.size, s.entropy, s.magic, s.mime, s.error_stage, s.error_message,
       s.extractor_version, s.ssdeep, s.tlsh, s.imphash, s.byte_histogram, s.byte_entropy_histogram,
       s.pe, s.strings, s.string_tag_counts, s.string_keys, p.path
FROM samples s JOIN sample_paths p ON false;

CREATE FUNCTION merc_ingest_sample() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO samples (sha256, sha1, md5, size, entropy, magic, mime, error_stage, error_message,
                         extractor_version, ssdeep, tlsh, imphash, byte_histogram,
                         byte_entropy_histogram, pe, strings, string_tag_counts, string_keys)
    VALUES (NEW.sha256, NEW.sha1, NEW.md5, NEW.size, NEW.entropy, NEW.magic, NEW.mime,
            NEW.error_stage, NEW.error_message, NEW.extractor_version, NEW.ssdeep, NEW.tlsh,
            NEW.imphash, NEW.byte_histogram, NEW.byte_entropy_histogram, NEW.pe, NEW.strings,
            NEW.string_tag_counts, NEW.string_keys)
    ON CONFLICT (sha256) DO UPDATE SET
        sha1 = EXCLUDED.sha1, md5 = EXCLUDED.md5, size = EXCLUDED.size, entropy = EXCLUDED.entropy,
        magic = EXCLUDED.magic, mime = EXCLUDED.mime, error_stage = EXCLUDED.error_stage,
        error_message = EXCLUDED.error_message, extractor_version = EXCLUDED.extractor_version,
        ssdeep = EXCLUDED.ssdeep, tlsh = EXCLUDED.tlsh, imphash = EXCLUDED.imphash,
        byte_histogram = EXCLUDED.byte_histogram,
        byte_entropy_histogram = EXCLUDED.byte_entropy_histogram, pe = EXCLUDED.pe,
        strings = EXCLUDED.strings, string_tag_counts = EXCLUDED.string_tag_counts,
        string_keys = EXCLUDED.string_keys, updated_at = now();
    INSERT INTO sample_paths (sha256, path) VALUES (NEW.sha256, NEW.path) ON CONFLICT DO NOTHING;
    DELETE FROM failures WHERE path = NEW.path;
    RETURN NEW;
END
$$;

CREATE TRIGGER sample_ingest_insert INSTEAD OF INSERT ON sample_ingest
    FOR EACH ROW EXECUTE FUNCTION merc_ingest_sample();

-- Row views of the nested structures, named after the record's lists.
CREATE VIEW pe_sections AS
SELECT s.sha256, x.*
FROM samples s CROSS JOIN LATERAL jsonb_to_recordset(s.pe->'sections') AS x(
    "index" integer, name text, virtual_address bigint, virtual_size bigint, raw_pointer bigint,
    raw_size bigint, characteristics bigint, entropy double precision, md5 text);

CREATE VIEW pe_imports AS
SELECT s.sha256, x.*
FROM samples s CROSS JOIN LATERAL jsonb_to_recordset(s.pe->'imports') AS x(
    dll text, name text, ordinal integer, delay boolean);

CREATE VIEW pe_exports AS
SELECT s.sha256, s.pe->'exports'->>'dll_name' AS dll_name, x.*
FROM samples s CROSS JOIN LATERAL jsonb_to_recordset(s.pe->'exports'->'functions') AS x(
    ordinal bigint, name text, rva bigint, forwarder text);

CREATE VIEW pe_resources AS
SELECT s.sha256, x.type, x.name, x.language, x.sublanguage, x."offset", x.size, x.entropy,
       x.sha256 AS data_sha256
FROM samples s CROSS JOIN LATERAL jsonb_to_recordset(s.pe->'resources') AS x(
    type text, name text, language integer, sublanguage integer, "offset" bigint, size bigint,
    entropy double precision, sha256 text);

CREATE VIEW sample_strings AS
SELECT s.sha256, x.*
FROM samples s CROSS JOIN LATERAL jsonb_to_recordset(s.strings->'items') AS x(
    "offset" bigint, encoding text, value text, tags jsonb);
