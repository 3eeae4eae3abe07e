-- SPEC section 8: the document store of the adaptive hybrid search (io.qtp.search).
-- The embedding dimension is the default provider's (all-MiniLM-L6-v2: 384); the service compares its provider's
-- dimension with this column at start (io.qtp.search.DimensionCheck) and refuses to search when they differ.
-- The full-text column is filled by the application: English text through to_tsvector('english', ...),
-- Japanese text as Kuromoji tokens joined by spaces through to_tsvector('simple', ...) (io.qtp.search.TextIndexing).

CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE documents (
    id          varchar(256) PRIMARY KEY,
    title       text         NOT NULL DEFAULT '',
    content     text         NOT NULL,
    metadata    jsonb        NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(metadata) = 'object'),
    language    varchar(8)   NOT NULL CHECK (language IN ('en', 'ja')),
    embedding   vector(384),
    fts         tsvector     NOT NULL,
    created_at  timestamptz  NOT NULL DEFAULT now(),
    updated_at  timestamptz  NOT NULL DEFAULT now()
);

CREATE INDEX documents_embedding_hnsw_idx ON documents USING hnsw (embedding vector_cosine_ops);
CREATE INDEX documents_fts_gin_idx ON documents USING gin (fts);
CREATE INDEX documents_metadata_gin_idx ON documents USING gin (metadata jsonb_path_ops);
CREATE INDEX documents_created_at_idx ON documents (created_at);
