-- A second vector space for Japanese (issue 14, item 6). The default embedding provider, bilingual, embeds English
-- with all-MiniLM-L6-v2 into documents.embedding (384) and Japanese with bge-small-zh-v1.5 into this column (512):
-- MiniLM reads Japanese poorly (nDCG@10 0.40 on JSQuAD, vector side alone, against 0.75 for bge-small-zh-v1.5).
-- A Japanese document then has embedding NULL and embedding_ja set; a Japanese query searches this column only.
-- With the minilm or openai provider this column stays NULL. Japanese documents stored before this migration keep
-- their MiniLM vector in documents.embedding: store them again to move them into this space.

ALTER TABLE documents ADD COLUMN embedding_ja vector(512);

CREATE INDEX documents_embedding_ja_hnsw_idx ON documents USING hnsw (embedding_ja vector_cosine_ops);
