-- Strings leave the record's JSON shape for a compact one, as on Postgres (see its V5):
-- strings_ascii and strings_utf16le hold the kept items of each encoding, in file order, as one
-- JSON array of [offset, value] or [offset, value, [tags]] items, and the scalars of the strings
-- object get columns of their own. About a quarter of the text the item objects took.

ALTER TABLE samples ADD COLUMN string_min_length INTEGER;
ALTER TABLE samples ADD COLUMN string_ascii_count INTEGER;
ALTER TABLE samples ADD COLUMN string_utf16_count INTEGER;
ALTER TABLE samples ADD COLUMN strings_truncated INTEGER;
ALTER TABLE samples ADD COLUMN strings_ascii TEXT;
ALTER TABLE samples ADD COLUMN strings_utf16le TEXT;

-- Each old item in the compact shape, with its encoding and place.
CREATE TEMP VIEW v5_items AS
SELECT s.sha256, json_extract(j.value, '$.encoding') AS encoding, j.key AS n,
       CASE WHEN json_array_length(json_extract(j.value, '$.tags')) > 0
            THEN json_array(json_extract(j.value, '$.offset'), json_extract(j.value, '$.value'),
                            json(json_extract(j.value, '$.tags')))
            ELSE json_array(json_extract(j.value, '$.offset'), json_extract(j.value, '$.value'))
       END AS item
FROM samples s, json_each(s.strings, '$.items') j;

UPDATE samples SET
    string_min_length = json_extract(strings, '$.min_length'),
    string_ascii_count = json_extract(strings, '$.ascii_count'),
    string_utf16_count = json_extract(strings, '$.utf16_count'),
    strings_truncated = json_extract(strings, '$.truncated'),
    strings_ascii = (SELECT COALESCE(json_group_array(json(item)), '[]') FROM (SELECT item
        FROM v5_items v WHERE v.sha256 = samples.sha256 AND v.encoding = 'ascii' ORDER BY v.n)),
    strings_utf16le = (SELECT COALESCE(json_group_array(json(item)), '[]') FROM (SELECT item
        FROM v5_items v WHERE v.sha256 = samples.sha256 AND v.encoding = 'utf16le' ORDER BY v.n))
WHERE strings IS NOT NULL;

DROP VIEW v5_items;

DROP VIEW sample_strings;
DROP TRIGGER sample_ingest_insert;
DROP VIEW sample_ingest;
ALTER TABLE samples DROP COLUMN strings;

CREATE VIEW sample_ingest AS
SELECT s.sha256, s.sha1, s.md5, s.size, s.entropy, s.magic, s.mime, s.error_stage, s.error_message,
       s.extractor_version, s.ssdeep, s.tlsh, s.imphash, s.byte_histogram, s.byte_entropy_histogram,
       s.pe, s.string_min_length, s.string_ascii_count, s.string_utf16_count, s.strings_truncated,
       s.strings_ascii, s.strings_utf16le, s.string_tag_counts, p.path
FROM samples s JOIN sample_paths p ON 0;

CREATE TRIGGER sample_ingest_insert INSTEAD OF INSERT ON sample_ingest
BEGIN
    INSERT INTO samples (sha256, sha1, md5, size, entropy, magic, mime, error_stage, error_message,
                         extractor_version, ssdeep, tlsh, imphash, byte_histogram,
                         byte_entropy_histogram, pe, string_min_length, string_ascii_count,
                         string_utf16_count, strings_truncated, strings_ascii, strings_utf16le,
                         string_tag_counts)
    VALUES (NEW.sha256, NEW.sha1, NEW.md5, NEW.size, NEW.entropy, NEW.magic, NEW.mime,
            NEW.error_stage, NEW.error_message, NEW.extractor_version, NEW.ssdeep, NEW.tlsh,
            NEW.imphash, NEW.byte_histogram, NEW.byte_entropy_histogram, NEW.pe,
            NEW.string_min_length, NEW.string_ascii_count, NEW.string_utf16_count,
            NEW.strings_truncated, NEW.strings_ascii, NEW.strings_utf16le, NEW.string_tag_counts)
    ON CONFLICT (sha256) DO UPDATE SET
        sha1 = excluded.sha1, md5 = excluded.md5, size = excluded.size, entropy = excluded.entropy,
        magic = excluded.magic, mime = excluded.mime, error_stage = excluded.error_stage,
        error_message = excluded.error_message, extractor_version = excluded.extractor_version,
        ssdeep = excluded.ssdeep, tlsh = excluded.tlsh, imphash = excluded.imphash,
        byte_histogram = excluded.byte_histogram,
        byte_entropy_histogram = excluded.byte_entropy_histogram, pe = excluded.pe,
        string_min_length = excluded.string_min_length,
        string_ascii_count = excluded.string_ascii_count,
        string_utf16_count = excluded.string_utf16_count,
        strings_truncated = excluded.strings_truncated, strings_ascii = excluded.strings_ascii,
        strings_utf16le = excluded.strings_utf16le, string_tag_counts = excluded.string_tag_counts,
        updated_at = CURRENT_TIMESTAMP;
    INSERT INTO sample_paths (sha256, path) VALUES (NEW.sha256, NEW.path) ON CONFLICT DO NOTHING;
    DELETE FROM failures WHERE path = NEW.path;
END;

-- One row per kept string item, as the record lists them: ASCII items first, then UTF-16LE ones.
CREATE VIEW sample_strings AS
SELECT s.sha256, json_extract(j.value, '$[0]') AS "offset", 'ascii' AS encoding,
       json_extract(j.value, '$[1]') AS value, COALESCE(json_extract(j.value, '$[2]'), '[]') AS tags
FROM samples s, json_each(s.strings_ascii) j
UNION ALL
SELECT s.sha256, json_extract(j.value, '$[0]'), 'utf16le', json_extract(j.value, '$[1]'),
       COALESCE(json_extract(j.value, '$[2]'), '[]')
FROM samples s, json_each(s.strings_utf16le) j;
