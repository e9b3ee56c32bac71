-- The labels of the PE Malware Machine Learning Dataset (samples.csv, samples-augmented.csv),
-- loaded by --labelsCsv, and the views that join them to Merc's samples.

CREATE TABLE labels (
    id        text PRIMARY KEY,          -- the sample's file name in the dataset
    md5       text,
    sha1      text,
    sha256    text,
    total     bigint,                    -- engines that scanned the sample
    positives bigint,                    -- engines that flagged it
    list      text,                      -- as in the CSV: Whitelist or Blacklist
    label     text,                      -- benign (Whitelist) or malicious (Blacklist)
    filetype  text,
    submitted text,
    user_id   text,
    length    bigint,
    entropy   double precision,
    imphash   text,                      -- samples-augmented.csv only
    loaded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX labels_sha256 ON labels (sha256);

-- Features with labels: every stored sample the CSV knows by its sha256.
CREATE VIEW sample_labels AS
SELECT s.sha256, l.id, l.label, l.list, l.positives, l.total, l.filetype, l.submitted
FROM samples s JOIN labels l ON l.sha256 = s.sha256;

-- For the samples present (matched by the dataset id = the last part of their path), where the
-- CSV disagrees with what Merc computed, and labels that look noisy: benign yet flagged by an
-- engine, or malicious yet flagged by none.
CREATE VIEW label_mismatches AS
SELECT * FROM (
    SELECT l.id, p.path, s.sha256, l.sha256 AS label_sha256, s.size, l.length AS label_length,
           s.entropy, l.entropy AS label_entropy, s.imphash, l.imphash AS label_imphash,
           l.label, l.list, l.positives, l.total,
           (l.sha256 IS NOT NULL AND l.sha256 <> s.sha256) AS sha256_differs,
           (l.length IS NOT NULL AND l.length <> s.size) AS size_differs,
           (l.entropy IS NOT NULL AND abs(l.entropy - s.entropy) > 0.001) AS entropy_differs,
           (l.imphash IS NOT NULL AND l.imphash <> coalesce(s.imphash, '')) AS imphash_differs,
           ((l.label = 'benign' AND l.positives > 0)
             OR (l.label = 'malicious' AND l.positives = 0)) AS noisy_label
    FROM sample_paths p
    JOIN labels l ON l.id = regexp_replace(p.path, '^.*[/!]', '')
    JOIN samples s ON s.sha256 = p.sha256
) m
WHERE sha256_differs OR size_differs OR entropy_differs OR imphash_differs OR noisy_label;
