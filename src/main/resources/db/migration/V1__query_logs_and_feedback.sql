-- SPEC section 7: one row per answered prediction (written asynchronously by io.qtp.store.QueryLogWriter)
-- and the feedback of POST /api/feedback (written synchronously by io.qtp.store.FeedbackStore).

CREATE TABLE query_logs (
    id             bigserial    PRIMARY KEY,
    query_id       uuid         NOT NULL DEFAULT gen_random_uuid() UNIQUE,
    query          text         NOT NULL,
    language       varchar(8)   NOT NULL,
    predicted_type varchar(16)  NOT NULL CHECK (predicted_type IN ('keyword', 'semantic', 'hybrid')),
    confidence     double precision,
    model_version  varchar(64)  NOT NULL,
    fallback       boolean      NOT NULL DEFAULT false,
    user_id        varchar(256),
    strategy       varchar(32),
    result_count   integer      CHECK (result_count IS NULL OR result_count >= 0),
    click_count    integer      NOT NULL DEFAULT 0 CHECK (click_count >= 0),
    created_at     timestamptz  NOT NULL DEFAULT now()
);

CREATE INDEX query_logs_created_at_idx ON query_logs (created_at);

CREATE TABLE feedback (
    id                bigserial    PRIMARY KEY,
    query             text         NOT NULL CHECK (length(query) > 0),
    predicted_type    varchar(16)  NOT NULL CHECK (predicted_type IN ('keyword', 'semantic', 'hybrid')),
    correct_type      varchar(16)  CHECK (correct_type IS NULL OR correct_type IN ('keyword', 'semantic', 'hybrid')),
    clicked_result_id varchar(256),
    user_id           varchar(256),
    created_at        timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT feedback_says_something CHECK (correct_type IS NOT NULL OR clicked_result_id IS NOT NULL)
);

CREATE INDEX feedback_created_at_idx ON feedback (created_at);
