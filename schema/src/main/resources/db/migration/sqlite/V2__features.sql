-- The PE structure, fuzzy hashes, byte statistics and strings of the sample record.
-- Nested structures are JSON text in the sample's one row, so a sample still lands in one
-- statement; the views at the end give them back as rows.

ALTER TABLE samples ADD COLUMN ssdeep TEXT;
ALTER TABLE samples ADD COLUMN tlsh TEXT;
ALTER TABLE samples ADD COLUMN imphash TEXT;
ALTER TABLE samples ADD COLUMN byte_histogram TEXT;
ALTER TABLE samples ADD COLUMN byte_entropy_histogram TEXT;
ALTER TABLE samples ADD COLUMN pe TEXT;
ALTER TABLE samples ADD COLUMN strings TEXT;
-- Small and apart from the large strings value, so "more than 3 URLs" reads no string items.
ALTER TABLE samples ADD COLUMN string_tag_counts TEXT;

CREATE INDEX samples_imphash ON samples (imphash);
CREATE INDEX samples_tlsh ON samples (tlsh);

DROP TRIGGER sample_ingest_insert;
DROP VIEW sample_ingest;

CREATE VIEW sample_ingest AS
SELECT s.sha256, s.sha1, s.md5, s.size, s.entropy, s.magic, s.mime, s.error_stage, s.error_message,
       s.extractor_version, s.ssdeep, s.tlsh, s.imphash, s.byte_histogram, s.byte_entropy_histogram,
       s.pe, s.strings, s.string_tag_counts, p.path
FROM samples s JOIN sample_paths p ON 0;

CREATE TRIGGER sample_ingest_insert INSTEAD OF INSERT ON sample_ingest
BEGIN
    INSERT INTO samples (sha256, sha1, md5, size, entropy, magic, mime, error_stage, error_message,
                         extractor_version, ssdeep, tlsh, imphash, byte_histogram,
                         byte_entropy_histogram, pe, strings, string_tag_counts)
    VALUES (NEW.sha256, NEW.sha1, NEW.md5, NEW.size, NEW.entropy, NEW.magic, NEW.mime,
            NEW.error_stage, NEW.error_message, NEW.extractor_version, NEW.ssdeep, NEW.tlsh,
            NEW.imphash, NEW.byte_histogram, NEW.byte_entropy_histogram, NEW.pe, NEW.strings,
            NEW.string_tag_counts)
    ON CONFLICT (sha256) DO UPDATE SET
        sha1 = excluded.sha1, md5 = excluded.md5, size = excluded.size, entropy = excluded.entropy,
        magic = excluded.magic, mime = excluded.mime, error_stage = excluded.error_stage,
        error_message = excluded.error_message, extractor_version = excluded.extractor_version,
        ssdeep = excluded.ssdeep, tlsh = excluded.tlsh, imphash = excluded.imphash,
        byte_histogram = excluded.byte_histogram,
        byte_entropy_histogram = excluded.byte_entropy_histogram, pe = excluded.pe,
        strings = excluded.strings, string_tag_counts = excluded.string_tag_counts,
        updated_at = CURRENT_TIMESTAMP;
    INSERT INTO sample_paths (sha256, path) VALUES (NEW.sha256, NEW.path) ON CONFLICT DO NOTHING;
    DELETE FROM failures WHERE path = NEW.path;
END;

-- Row views of the nested structures, named after the record's lists.
CREATE VIEW pe_sections AS
SELECT s.sha256, json_extract(j.value, '$.index') AS "index", json_extract(j.value, '$.name') AS name,
       json_extract(j.value, '$.virtual_address') AS virtual_address,
       json_extract(j.value, '$.virtual_size') AS virtual_size,
       json_extract(j.value, '$.raw_pointer') AS raw_pointer,
       json_extract(j.value, '$.raw_size') AS raw_size,
       json_extract(j.value, '$.characteristics') AS characteristics,
       json_extract(j.value, '$.entropy') AS entropy, json_extract(j.value, '$.md5') AS md5
FROM samples s, json_each(s.pe, '$.sections') j;

CREATE VIEW pe_imports AS
SELECT s.sha256, json_extract(j.value, '$.dll') AS dll, json_extract(j.value, '$.name') AS name,
       json_extract(j.value, '$.ordinal') AS ordinal, json_extract(j.value, '$.delay') AS delay
FROM samples s, json_each(s.pe, '$.imports') j;

CREATE VIEW pe_exports AS
SELECT s.sha256, json_extract(s.pe, '$.exports.dll_name') AS dll_name,
       json_extract(j.value, '$.ordinal') AS ordinal, json_extract(j.value, '$.name') AS name,
       json_extract(j.value, '$.rva') AS rva, json_extract(j.value, '$.forwarder') AS forwarder
FROM samples s, json_each(s.pe, '$.exports.functions') j;

CREATE VIEW pe_resources AS
SELECT s.sha256, json_extract(j.value, '$.type') AS type, json_extract(j.value, '$.name') AS name,
       json_extract(j.value, '$.language') AS language,
       json_extract(j.value, '$.sublanguage') AS sublanguage,
       json_extract(j.value, '$.offset') AS "offset", json_extract(j.value, '$.size') AS size,
       json_extract(j.value, '$.entropy') AS entropy,
       json_extract(j.value, '$.sha256') AS data_sha256
FROM samples s, json_each(s.pe, '$.resources') j;

CREATE VIEW sample_strings AS
SELECT s.sha256, json_extract(j.value, '$.offset') AS "offset",
       json_extract(j.value, '$.encoding') AS encoding, json_extract(j.value, '$.value') AS value,
       json_extract(j.value, '$.tags') AS tags
FROM samples s, json_each(s.strings, '$.items') j;
