-- Issue 17: the loop from use back to the models. Every answered prediction and search has a queryId
-- (query_logs.query_id, V1, now written by the service); a search's row also records how it searched and what it
-- showed, and feedback names the row it is about (feedback.query_id) with the rank of a clicked result.
--
-- query_logs.weights:    the search's weights as answered ({"vector": 0.2, "keyword": 0.8}); NULL for predictions
-- query_logs.latency_ms: the search's time in the service, predict to SQL (NULL for predictions)
-- query_logs.result_ids: the ids of the results shown, in rank order: a click's rank is its position here, and the
--                        results above a click that were not clicked are the skips of docs/FEEDBACK.md
-- feedback.query_id:     the query_logs row the feedback is about (NULL for feedback sent with query text only);
--                        SET NULL when old query logs are deleted, so feedback outlives its log row
-- feedback.clicked_rank: 1-based position of clickedResultId in the results the user saw

ALTER TABLE query_logs
    ADD COLUMN weights    jsonb CHECK (weights IS NULL OR jsonb_typeof(weights) = 'object'),
    ADD COLUMN latency_ms double precision CHECK (latency_ms IS NULL OR latency_ms >= 0),
    ADD COLUMN result_ids text[];

ALTER TABLE feedback
    ADD COLUMN query_id     uuid REFERENCES query_logs (query_id) ON DELETE SET NULL,
    ADD COLUMN clicked_rank integer CHECK (clicked_rank IS NULL OR clicked_rank >= 1),
    ADD CONSTRAINT feedback_rank_needs_click CHECK (clicked_rank IS NULL OR clicked_result_id IS NOT NULL);

CREATE INDEX feedback_query_id_idx ON feedback (query_id) WHERE query_id IS NOT NULL;
