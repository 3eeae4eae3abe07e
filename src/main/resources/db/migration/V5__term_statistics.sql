-- Collection statistics of the full-text column, kept current by a trigger in the same transaction as every write to
-- documents (docs/SEARCH.md, "Per-query signals"): the document frequency of each lexeme and the number of documents.
-- The learned fusion reads the query terms' IDF from them (io.qtp.search.fusion); a primary-key look-up per query
-- term. Why a table and not PostgreSQL's own statistics: pg_stats.most_common_elems lists only the most common
-- lexemes (an unlisted term's frequency is unknown), and ts_stat() scans the whole table on every call.
--
-- Concurrency: the trigger first takes a transaction-level advisory lock per schema, so writers that touch the same
-- lexemes in different orders queue instead of deadlocking. Ingest transactions therefore serialise at their first
-- document write; searches never wait (they only read).

CREATE TABLE term_stats (
    lexeme  text    PRIMARY KEY,
    df      integer NOT NULL CHECK (df > 0)
);

CREATE TABLE corpus_stats (
    id         boolean PRIMARY KEY DEFAULT true CHECK (id),
    documents  bigint  NOT NULL CHECK (documents >= 0),
    lexemes    bigint  NOT NULL CHECK (lexemes >= 0)
);

INSERT INTO corpus_stats (documents, lexemes) SELECT count(*), coalesce(sum(length(fts)), 0) FROM documents;
INSERT INTO term_stats (lexeme, df) SELECT word, ndoc FROM ts_stat('SELECT fts FROM documents');

CREATE FUNCTION documents_term_stats() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.fts = NEW.fts THEN
        RETURN NULL;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext(TG_TABLE_SCHEMA || '.term_stats'));
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        -- Delete the lexemes this document was the last to hold before decrementing the others: the other order
        -- would decrement 2 to 1 and then delete it.
        DELETE FROM term_stats t USING unnest(tsvector_to_array(OLD.fts)) AS l(lexeme)
            WHERE t.lexeme = l.lexeme AND t.df = 1;
        UPDATE term_stats t SET df = t.df - 1 FROM unnest(tsvector_to_array(OLD.fts)) AS l(lexeme)
            WHERE t.lexeme = l.lexeme;
        UPDATE corpus_stats SET documents = documents - 1, lexemes = lexemes - length(OLD.fts);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO term_stats AS t (lexeme, df)
            SELECT l, 1 FROM unnest(tsvector_to_array(NEW.fts)) AS l ORDER BY l
            ON CONFLICT (lexeme) DO UPDATE SET df = t.df + 1;
        UPDATE corpus_stats SET documents = documents + 1, lexemes = lexemes + length(NEW.fts);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER documents_term_stats AFTER INSERT OR UPDATE OF fts OR DELETE ON documents
    FOR EACH ROW EXECUTE FUNCTION documents_term_stats();

-- TRUNCATE does not fire row triggers: empty the statistics with the table.
CREATE FUNCTION documents_term_stats_truncate() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext(TG_TABLE_SCHEMA || '.term_stats'));
    DELETE FROM term_stats;
    UPDATE corpus_stats SET documents = 0, lexemes = 0;
    RETURN NULL;
END
$$;

CREATE TRIGGER documents_term_stats_truncate AFTER TRUNCATE ON documents
    FOR EACH STATEMENT EXECUTE FUNCTION documents_term_stats_truncate();
