-- Keep the full-text column in the table's own pages (compressed when large) rather than in the TOAST table.
-- Keyword search ranks every candidate with ts_rank, which reads the whole tsvector: fetched from TOAST that cost about
-- half of the keyword query's time at 100,000 documents (docs/BENCHMARKS.md, "Speed at 100,000 documents").
-- The content and the embedding, read only for the few rows a search returns, still go to TOAST first.
-- Applies to rows written from now on; existing rows move when rewritten (re-ingest, or VACUUM FULL documents).
ALTER TABLE documents ALTER COLUMN fts SET STORAGE MAIN;
