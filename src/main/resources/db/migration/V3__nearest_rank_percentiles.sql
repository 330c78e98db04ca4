-- One definition of a percentile everywhere (docs/metrics-schema.md): nearest rank, the value at rank ceil(q * n)
-- of the sorted times. percentile_disc is that definition; percentile_cont (V1) interpolated between two calls and
-- disagreed with `callpath report` and the wallboard. Same columns and types as V1, so dashboards keep working.

-- v_calls_scored is dropped and created again (not replaced): it selects c.*, and calls has gained columns since V1.
DROP VIEW v_time_to_seller_hourly;
DROP VIEW v_time_to_seller_daily;
DROP VIEW v_calls_scored;

-- One definition of a short abandon too: the caller gave up *within* short_abandon_ms (inclusive), as the report
-- and the wallboard count it (V1 said waited_ms < short_abandon_ms).
CREATE VIEW v_calls_scored AS
SELECT c.*,
       c.outcome IS NOT NULL                                                    AS is_offered,
       c.outcome = 'reached_seller'                                             AS is_reached,
       c.outcome = 'abandoned' AND c.waited_ms <= s.short_abandon_ms            AS is_short_abandon,
       c.outcome = 'reached_seller' AND c.time_to_seller_ms <= s.service_level_target_ms AS is_within_target
FROM calls c CROSS JOIN settings s;


CREATE VIEW v_time_to_seller_hourly AS
SELECT date_trunc('hour', t0)                                              AS bucket,
       line, route, source,
       count(*) FILTER (WHERE is_offered)                                  AS offered,
       count(*) FILTER (WHERE is_reached)                                  AS reached,
       count(*) FILTER (WHERE is_short_abandon)                            AS short_abandons,
       (percentile_disc(0.5) WITHIN GROUP (ORDER BY time_to_seller_ms))::bigint AS p50_ms,
       (percentile_disc(0.9) WITHIN GROUP (ORDER BY time_to_seller_ms))::bigint AS p90_ms,
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
       (percentile_disc(0.5) WITHIN GROUP (ORDER BY time_to_seller_ms))::bigint AS p50_ms,
       (percentile_disc(0.9) WITHIN GROUP (ORDER BY time_to_seller_ms))::bigint AS p90_ms,
       round(count(*) FILTER (WHERE is_within_target)::numeric
             / nullif(count(*) FILTER (WHERE is_offered) - count(*) FILTER (WHERE is_short_abandon), 0), 4) AS service_level
FROM v_calls_scored
GROUP BY 1, line, route, source;

CREATE OR REPLACE VIEW v_lead_sources AS
SELECT date_trunc('day', t0)                                        AS day,
       campaign, source,
       count(*)                                                     AS calls,
       count(*) FILTER (WHERE outcome = 'reached_seller')           AS reached,
       (percentile_disc(0.5) WITHIN GROUP (ORDER BY time_to_seller_ms))::bigint AS p50_ms
FROM calls
GROUP BY 1, campaign, source;

CREATE OR REPLACE VIEW v_abandonment_by_phase AS
SELECT date_trunc('day', c.t0)                          AS day,
       coalesce(c.abandon_phase, 'none')                AS phase,
       count(*)                                         AS abandons,
       count(*) FILTER (WHERE c.waited_ms <= s.short_abandon_ms) AS short_abandons
FROM calls c CROSS JOIN settings s
WHERE c.outcome = 'abandoned'
GROUP BY 1, 2;
