-- One row per call, recomputed from call_events by the writer after every batch that touched the call.
CREATE TABLE calls (
    linked_id            text PRIMARY KEY,
    line                 text,
    did                  text,
    campaign             text,
    source               text,
    caller_number        text,
    route                text,
    t0                   timestamptz NOT NULL,
    t_seller             timestamptz,
    time_to_seller_ms    bigint,
    informer_ms          bigint NOT NULL DEFAULT 0,
    menu_ms              bigint NOT NULL DEFAULT 0,
    assistant_ringing_ms bigint NOT NULL DEFAULT 0,
    assistant_talking_ms bigint NOT NULL DEFAULT 0,
    transfer_hold_ms     bigint NOT NULL DEFAULT 0,
    seller_ringing_ms    bigint NOT NULL DEFAULT 0,
    whisper_ms           bigint NOT NULL DEFAULT 0,
    -- the whole wait: equals time_to_seller_ms for calls that reached a seller
    waited_ms            bigint GENERATED ALWAYS AS (informer_ms + menu_ms + assistant_ringing_ms + assistant_talking_ms
                                                     + transfer_hold_ms + seller_ringing_ms + whisper_ms) STORED,
    outcome              text CHECK (outcome IN ('reached_seller', 'abandoned', 'no_seller', 'failed')),
    outcome_reason       text,
    abandon_phase        text,
    seller               text,
    assistant_involved   boolean NOT NULL DEFAULT false,
    transfers            integer NOT NULL DEFAULT 0,
    repeat_caller        boolean NOT NULL DEFAULT false,
    ended_at             timestamptz,
    updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX calls_t0_idx ON calls (t0);
CREATE INDEX calls_caller_t0_idx ON calls (caller_number, t0 DESC);
-- live calls are few: a partial index keeps v_waiting_now cheap after months of history
CREATE INDEX calls_live_idx ON calls (t0) WHERE outcome IS NULL;

-- Append-only: every event once (event_id makes a replay harmless).
CREATE TABLE call_events (
    event_id    uuid PRIMARY KEY,
    linked_id   text NOT NULL,
    session_id  text NOT NULL,
    type        text NOT NULL,
    phase       text,
    wall_time   timestamptz NOT NULL,
    offset_ms   bigint NOT NULL,
    attributes  jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX call_events_linked_id_idx ON call_events (linked_id);
-- rows arrive in time order, so a BRIN index on time is tiny and good enough for range scans
CREATE INDEX call_events_wall_time_brin ON call_events USING brin (wall_time);
CREATE INDEX call_events_seller_idx ON call_events ((attributes ->> 'seller'), wall_time)
    WHERE type IN ('SELLER_CONNECTED', 'SELLER_MISSED', 'SELLER_DECLINED');

-- The service-level definition; the server writes its configured values here at start.
CREATE TABLE settings (
    id                      boolean PRIMARY KEY DEFAULT true CHECK (id),
    service_level_target_ms bigint NOT NULL DEFAULT 10000,
    short_abandon_ms        bigint NOT NULL DEFAULT 5000
);
INSERT INTO settings DEFAULT VALUES;

-- Per-call flags the time-to-seller views count; live calls (no outcome yet) are not offered yet.
CREATE VIEW v_calls_scored AS
SELECT c.*,
       c.outcome IS NOT NULL                                                    AS is_offered,
       c.outcome = 'reached_seller'                                             AS is_reached,
       c.outcome = 'abandoned' AND c.waited_ms < s.short_abandon_ms             AS is_short_abandon,
       c.outcome = 'reached_seller' AND c.time_to_seller_ms <= s.service_level_target_ms AS is_within_target
FROM calls c CROSS JOIN settings s;

-- service_level = reached within target / (offered - short abandons); null when nothing counts
CREATE VIEW v_time_to_seller_hourly AS
SELECT date_trunc('hour', t0)                                              AS bucket,
       line, route, source,
       count(*) FILTER (WHERE is_offered)                                  AS offered,
       count(*) FILTER (WHERE is_reached)                                  AS reached,
       count(*) FILTER (WHERE is_short_abandon)                            AS short_abandons,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY time_to_seller_ms))::bigint AS p50_ms,
       round(percentile_cont(0.9) WITHIN GROUP (ORDER BY time_to_seller_ms))::bigint AS p90_ms,
       round(count(*) FILTER (WHERE is_within_target)::numeric
             / nullif(count(*) FILTER (WHERE is_offered) - count(*) FILTER (WHERE is_short_abandon), 0), 4) AS service_level
FROM v_calls_scored
GROUP BY 1, line, route, source;

CREATE VIEW v_time_to_seller_daily AS
SELECT date_trunc('day', t0)                                               AS bucket,
       line, route, source,
       count(*) FILTER (WHERE is_offered)                                  AS offered,
       count(*) FILTER (WHERE is_reached)                                  AS reached,
       count(*) FILTER (WHERE is_short_abandon)                            AS short_abandons,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY time_to_seller_ms))::bigint AS p50_ms,
       round(percentile_cont(0.9) WITHIN GROUP (ORDER BY time_to_seller_ms))::bigint AS p90_ms,
       round(count(*) FILTER (WHERE is_within_target)::numeric
             / nullif(count(*) FILTER (WHERE is_offered) - count(*) FILTER (WHERE is_short_abandon), 0), 4) AS service_level
FROM v_calls_scored
GROUP BY 1, line, route, source;

-- Where the seconds go, for calls that reached a seller.
CREATE VIEW v_phase_breakdown AS
SELECT date_trunc('day', t0)                 AS day,
       line, route,
       count(*)                              AS calls,
       round(avg(informer_ms))::bigint          AS informer_ms,
       round(avg(menu_ms))::bigint              AS menu_ms,
       round(avg(assistant_ringing_ms))::bigint AS assistant_ringing_ms,
       round(avg(assistant_talking_ms))::bigint AS assistant_talking_ms,
       round(avg(transfer_hold_ms))::bigint     AS transfer_hold_ms,
       round(avg(seller_ringing_ms))::bigint    AS seller_ringing_ms,
       round(avg(whisper_ms))::bigint           AS whisper_ms,
       round(avg(time_to_seller_ms))::bigint    AS time_to_seller_ms
FROM calls
WHERE outcome = 'reached_seller'
GROUP BY 1, line, route;

CREATE VIEW v_abandonment_by_phase AS
SELECT date_trunc('day', c.t0)                          AS day,
       coalesce(c.abandon_phase, 'none')                AS phase,
       count(*)                                         AS abandons,
       count(*) FILTER (WHERE c.waited_ms < s.short_abandon_ms) AS short_abandons
FROM calls c CROSS JOIN settings s
WHERE c.outcome = 'abandoned'
GROUP BY 1, 2;

-- First-contact routing accuracy: answered calls that nobody had to transfer / answered calls.
CREATE VIEW v_routing_accuracy AS
SELECT date_trunc('day', t0)                       AS day,
       line,
       count(*)                                    AS answered,
       count(*) FILTER (WHERE transfers = 0)       AS first_contact_correct,
       round(count(*) FILTER (WHERE transfers = 0)::numeric / count(*), 4) AS accuracy
FROM calls
WHERE t_seller IS NOT NULL OR assistant_involved
GROUP BY 1, line;

CREATE VIEW v_transfers_per_call AS
SELECT date_trunc('day', t0)                       AS day,
       line,
       count(*)                                    AS calls,
       count(*) FILTER (WHERE transfers > 0)       AS transferred_calls,
       sum(transfers)                              AS transfers,
       round(sum(transfers)::numeric / count(*), 4) AS transfers_per_call
FROM calls
GROUP BY 1, line;

-- missed_rings = rang out, busy or unreachable (SELLER_MISSED) + answered but did not accept (SELLER_DECLINED)
CREATE VIEW v_seller_rings AS
SELECT date_trunc('day', wall_time)                                     AS day,
       attributes ->> 'seller'                                          AS seller,
       count(*) FILTER (WHERE type = 'SELLER_CONNECTED')                AS answers,
       count(*) FILTER (WHERE type = 'SELLER_MISSED')                   AS missed,
       count(*) FILTER (WHERE type = 'SELLER_DECLINED')                 AS declined,
       count(*) FILTER (WHERE type IN ('SELLER_MISSED', 'SELLER_DECLINED')) AS missed_rings
FROM call_events
WHERE type IN ('SELLER_CONNECTED', 'SELLER_MISSED', 'SELLER_DECLINED')
GROUP BY 1, 2;

-- Callers waiting now: no outcome, no seller, arrived within the last hour (older ones lost their hang-up event).
CREATE VIEW v_waiting_now AS
SELECT c.linked_id, c.line, c.caller_number,
       p.phase                                                   AS current_phase,
       c.t0,
       (extract(epoch FROM now() - c.t0) * 1000)::bigint          AS waited_ms
FROM calls c
LEFT JOIN LATERAL (
    SELECT e.phase FROM call_events e
    WHERE e.linked_id = c.linked_id AND e.type = 'PHASE_STARTED'
    ORDER BY e.offset_ms DESC
    LIMIT 1) p ON true
WHERE c.outcome IS NULL AND c.t_seller IS NULL AND c.t0 > now() - interval '1 hour';

CREATE VIEW v_lead_sources AS
SELECT date_trunc('day', t0)                                        AS day,
       campaign, source,
       count(*)                                                     AS calls,
       count(*) FILTER (WHERE outcome = 'reached_seller')           AS reached,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY time_to_seller_ms))::bigint AS p50_ms
FROM calls
GROUP BY 1, campaign, source;
