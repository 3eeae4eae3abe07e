-- Which model filled each vector column (issue 14). Two models of the same dimension (all-MiniLM-L6-v2 and
-- e5-small-v2: 384 each) fit one column, and their vectors are not comparable: a query embedded by one against
-- documents embedded by the other ranks at random, with no error anywhere. The store records the model of a space on
-- its first write and refuses vectors of another model; the service refuses vector search while the configured
-- provider is not the recorded one; `reembed` embeds a space's documents again and records the new model.
-- Columns that already hold vectors have no record here: at start the service embeds one of their documents again
-- and records its provider's model when that gives the stored vector (cosine >= 0.99); otherwise another provider
-- wrote them, and it refuses vector search on them until `reembed --space <column>`.

CREATE TABLE embedding_spaces (
    space       text PRIMARY KEY,   -- the column of documents: embedding or embedding_ja
    model       text NOT NULL,      -- the provider's name of the model, e.g. all-MiniLM-L6-v2-q, e5-small-v2-q
    dimensions  integer NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now()
);
