-- The path of an already-stored (known) sample is written through this view, like a new sample
-- through sample_ingest, so that recording the path also drops that path's old failure: no path
-- is ever both in sample_paths and in failures.
CREATE VIEW path_ingest AS
SELECT p.sha256, p.path FROM sample_paths p WHERE 0;

CREATE TRIGGER path_ingest_insert INSTEAD OF INSERT ON path_ingest
BEGIN
    INSERT INTO sample_paths (sha256, path) VALUES (NEW.sha256, NEW.path) ON CONFLICT DO NOTHING;
    DELETE FROM failures WHERE path = NEW.path;
END;

-- Earlier versions could leave such pairs behind.
DELETE FROM failures WHERE path IN (SELECT path FROM sample_paths);
