-- The path of an already-stored (known) sample is written through this view, like a new sample
-- through sample_ingest, so that recording the path also drops that path's old failure: no path
-- is ever both in sample_paths and in failures.
CREATE VIEW path_ingest AS
SELECT p.sha256, p.path FROM sample_paths p WHERE false;

CREATE FUNCTION merc_ingest_path() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO sample_paths (sha256, path) VALUES (NEW.sha256, NEW.path) ON CONFLICT DO NOTHING;
    DELETE FROM failures WHERE path = NEW.path;
    RETURN NEW;
END
$$;

CREATE TRIGGER path_ingest_insert INSTEAD OF INSERT ON path_ingest
    FOR EACH ROW EXECUTE FUNCTION merc_ingest_path();

-- Earlier versions could leave such pairs behind.
DELETE FROM failures f WHERE EXISTS (SELECT 1 FROM sample_paths p WHERE p.path = f.path);
