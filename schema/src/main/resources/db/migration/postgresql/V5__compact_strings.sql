-- Strings leave jsonb. Parsing a sample's items into jsonb and compressing them cost Postgres more
-- CPU than all of Merc's extraction (11 s per 1,000 public-corpus samples, measured); stored as
-- text they cost almost nothing to write and are parsed only when a query reads them.
--
-- strings_ascii and strings_utf16le hold the kept items of each encoding, in file order, as one
-- JSON array of [offset, value] or [offset, value, [tags]] items. The scalars of the record's
-- strings object get columns of their own. The GIN keys become 64-bit FNV-1a hashes, which Merc's
-- writer computes for a few nanoseconds per character instead of an md5 per string.

ALTER TABLE samples
    ADD COLUMN string_min_length  integer,
    ADD COLUMN string_ascii_count bigint,
    ADD COLUMN string_utf16_count bigint,
    ADD COLUMN strings_truncated  boolean,
    ADD COLUMN strings_ascii      text,
    ADD COLUMN strings_utf16le    text;

-- lz4 compresses these large values several times faster than the default pglz; servers built
-- without lz4 keep pglz.
DO $$
BEGIN
    ALTER TABLE samples ALTER COLUMN strings_ascii SET COMPRESSION lz4,
                        ALTER COLUMN strings_utf16le SET COMPRESSION lz4,
                        ALTER COLUMN pe SET COMPRESSION lz4,
                        ALTER COLUMN byte_histogram SET COMPRESSION lz4,
                        ALTER COLUMN byte_entropy_histogram SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
    RAISE NOTICE 'lz4 is not available: large columns keep pglz compression';
END
$$;
-- Hashes do not compress: keep the keys out of line without trying.
ALTER TABLE samples ALTER COLUMN string_keys SET STORAGE EXTERNAL;

-- 64-bit FNV-1a of the text's UTF-8 bytes, as a signed bigint: dev.merc.schema.StringKeys
-- computes the same in Java. Slow here (numeric arithmetic), but a query needs it once.
CREATE OR REPLACE FUNCTION merc_string_key(value text) RETURNS bigint
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    bytes bytea := convert_to(value, 'UTF8');
    h numeric := 14695981039346656037;
BEGIN
    FOR i IN 0 .. length(bytes) - 1 LOOP
        h := h - h % 256 + ((h % 256)::integer # get_byte(bytes, i));
        h := (h * 1099511628211) % 18446744073709551616;
    END LOOP;
    IF h >= 9223372036854775808 THEN
        h := h - 18446744073709551616;
    END IF;
    RETURN h::bigint;
END
$$;

CREATE FUNCTION merc_compact_items(items jsonb, enc text) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$
    SELECT COALESCE(jsonb_agg(CASE WHEN jsonb_array_length(x->'tags') > 0
                                   THEN jsonb_build_array(x->'offset', x->'value', x->'tags')
                                   ELSE jsonb_build_array(x->'offset', x->'value') END
                              ORDER BY n)::text, '[]')
    FROM jsonb_array_elements(items) WITH ORDINALITY AS t(x, n)
    WHERE x->>'encoding' = enc
$$;

UPDATE samples SET
    string_min_length = (strings->>'min_length')::integer,
    string_ascii_count = (strings->>'ascii_count')::bigint,
    string_utf16_count = (strings->>'utf16_count')::bigint,
    strings_truncated = (strings->>'truncated')::boolean,
    strings_ascii = merc_compact_items(strings->'items', 'ascii'),
    strings_utf16le = merc_compact_items(strings->'items', 'utf16le'),
    string_keys = (SELECT COALESCE(array_agg(DISTINCT merc_string_key(x->>'value')), '{}')
                   FROM jsonb_array_elements(strings->'items') x)
WHERE strings IS NOT NULL;

DROP FUNCTION merc_compact_items(jsonb, text);

DROP VIEW sample_strings;
DROP TRIGGER sample_ingest_insert ON sample_ingest;
DROP FUNCTION merc_ingest_sample();
DROP VIEW sample_ingest;
ALTER TABLE samples DROP COLUMN strings;

CREATE VIEW sample_ingest AS
SELECT s.sha256, s.sha1, s.md5, s.size, s.entropy, s.magic, s.mime, s.error_stage, s.error_message,
       s.extractor_version, s.ssdeep, s.tlsh, s.imphash, s.byte_histogram, s.byte_entropy_histogram,
       s.pe, s.string_min_length, s.string_ascii_count, s.string_utf16_count, s.strings_truncated,
       s.strings_ascii, s.strings_utf16le, s.string_tag_counts, s.string_keys, p.path
FROM samples s JOIN sample_paths p ON false;

CREATE FUNCTION merc_ingest_sample() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO samples (sha256, sha1, md5, size, entropy, magic, mime, error_stage, error_message,
                         extractor_version, ssdeep, tlsh, imphash, byte_histogram,
                         byte_entropy_histogram, pe, string_min_length, string_ascii_count,
                         string_utf16_count, strings_truncated, strings_ascii, strings_utf16le,
                         string_tag_counts, string_keys)
    VALUES (NEW.sha256, NEW.sha1, NEW.md5, NEW.size, NEW.entropy, NEW.magic, NEW.mime,
            NEW.error_stage, NEW.error_message, NEW.extractor_version, NEW.ssdeep, NEW.tlsh,
            NEW.imphash, NEW.byte_histogram, NEW.byte_entropy_histogram, NEW.pe,
            NEW.string_min_length, NEW.string_ascii_count, NEW.string_utf16_count,
            NEW.strings_truncated, NEW.strings_ascii, NEW.strings_utf16le, NEW.string_tag_counts,
            NEW.string_keys)
    ON CONFLICT (sha256) DO UPDATE SET
        sha1 = EXCLUDED.sha1, md5 = EXCLUDED.md5, size = EXCLUDED.size, entropy = EXCLUDED.entropy,
        magic = EXCLUDED.magic, mime = EXCLUDED.mime, error_stage = EXCLUDED.error_stage,
        error_message = EXCLUDED.error_message, extractor_version = EXCLUDED.extractor_version,
        ssdeep = EXCLUDED.ssdeep, tlsh = EXCLUDED.tlsh, imphash = EXCLUDED.imphash,
        byte_histogram = EXCLUDED.byte_histogram,
        byte_entropy_histogram = EXCLUDED.byte_entropy_histogram, pe = EXCLUDED.pe,
        string_min_length = EXCLUDED.string_min_length,
        string_ascii_count = EXCLUDED.string_ascii_count,
        string_utf16_count = EXCLUDED.string_utf16_count,
        strings_truncated = EXCLUDED.strings_truncated, strings_ascii = EXCLUDED.strings_ascii,
        strings_utf16le = EXCLUDED.strings_utf16le, string_tag_counts = EXCLUDED.string_tag_counts,
        string_keys = EXCLUDED.string_keys, updated_at = now();
    INSERT INTO sample_paths (sha256, path) VALUES (NEW.sha256, NEW.path) ON CONFLICT DO NOTHING;
    DELETE FROM failures WHERE path = NEW.path;
    RETURN NEW;
END
$$;

CREATE TRIGGER sample_ingest_insert INSTEAD OF INSERT ON sample_ingest
    FOR EACH ROW EXECUTE FUNCTION merc_ingest_sample();

-- One row per kept string item, as the record lists them: ASCII items first, then UTF-16LE ones.
CREATE VIEW sample_strings AS
SELECT s.sha256, (x->>0)::bigint AS "offset", e.encoding, x->>1 AS value,
       COALESCE(x->2, '[]'::jsonb) AS tags
FROM samples s
CROSS JOIN LATERAL (VALUES ('ascii', s.strings_ascii), ('utf16le', s.strings_utf16le))
    AS e(encoding, items)
CROSS JOIN LATERAL jsonb_array_elements(e.items::jsonb) AS x
WHERE e.items IS NOT NULL;
