-- Callbacks: a caller who hung up while waiting is called back by a seller. One row per job; a job is queued, then
-- dialling (claimed by one server with FOR UPDATE SKIP LOCKED, under a lease), then done, failed or cancelled.
CREATE TABLE callbacks (
    id                 bigserial   PRIMARY KEY,
    number             text        NOT NULL,                -- the caller's number, as Asterisk gave it
    line               text        NOT NULL,
    department         text        NOT NULL,                -- whose sellers call back
    linked_id          text        NOT NULL,                -- the call the caller hung up on
    origin             text        NOT NULL CHECK (origin IN ('abandoned', 'offered')),
    state              text        NOT NULL CHECK (state IN ('queued', 'dialing', 'done', 'failed', 'cancelled')),
    hung_up_at         timestamptz NOT NULL,                -- the caller's hang-up: time-to-callback counts from here
    waited_ms          bigint      NOT NULL,                -- how long the caller had waited (t0 to hang-up)
    created_at         timestamptz NOT NULL,
    due_at             timestamptz NOT NULL,                -- the next attempt starts no earlier
    attempts           integer     NOT NULL DEFAULT 0,
    max_attempts       integer     NOT NULL,
    retry_after_ms     bigint      NOT NULL,                -- back-off before attempt 2, doubled for each later one
    max_busy           integer     NOT NULL,                -- at most this many of the line's jobs dialling at once
    claimed_by         text,                                -- the server dialling it
    lease_until        timestamptz,                         -- a dialling job not finished by then is retried
    seller             text,
    seller_answered_at timestamptz,
    connected_at       timestamptz,                         -- seller and caller talking: t_seller of the callback
    time_to_callback_ms bigint,                             -- connected_at - hung_up_at
    ended_at           timestamptz,
    end_reason         text
);

-- One open job per number: a second abandon of the same number while one is open queues nothing.
CREATE UNIQUE INDEX callbacks_one_open_per_number ON callbacks (number) WHERE state IN ('queued', 'dialing');
CREATE INDEX callbacks_due ON callbacks (due_at) WHERE state = 'queued';
CREATE INDEX callbacks_hung_up_at ON callbacks (hung_up_at);

-- What happened to each job, in order (queued, claimed, seller_answered, connected, retry, failed, cancelled, done).
CREATE TABLE callback_events (
    id          bigserial   PRIMARY KEY,
    callback_id bigint      NOT NULL REFERENCES callbacks (id),
    at          timestamptz NOT NULL,
    type        text        NOT NULL,
    server      text,
    detail      text
);
CREATE INDEX callback_events_job ON callback_events (callback_id, at);

-- Numbers never called back (operators add them: INSERT INTO do_not_call (number, note) VALUES (...)).
CREATE TABLE do_not_call (
    number   text        PRIMARY KEY,
    added_at timestamptz NOT NULL DEFAULT now(),
    note     text
);

-- Per day and line: callbacks queued, done (leads recovered), failed, cancelled, and time-to-callback p50/p90.
CREATE VIEW v_callbacks_daily AS
SELECT date_trunc('day', hung_up_at)                                        AS day,
       line,
       count(*)                                                             AS queued,
       count(*) FILTER (WHERE state = 'done')                               AS done,
       count(*) FILTER (WHERE state = 'failed')                             AS failed,
       count(*) FILTER (WHERE state = 'cancelled')                          AS cancelled,
       count(*) FILTER (WHERE state IN ('queued', 'dialing'))               AS open,
       percentile_disc(0.5) WITHIN GROUP (ORDER BY time_to_callback_ms)     AS time_to_callback_p50_ms,
       percentile_disc(0.9) WITHIN GROUP (ORDER BY time_to_callback_ms)     AS time_to_callback_p90_ms,
       count(*) FILTER (WHERE state = 'done')                               AS leads_recovered
FROM callbacks
GROUP BY 1, line;
