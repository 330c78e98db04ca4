-- The hourly and the daily time-to-seller views were the same query with another date_trunc: it is written once now,
-- as time_to_seller_by(grain), and each view selects from it. Same columns, types and rows as V3. The function is a
-- single STABLE SELECT in LANGUAGE sql, so the planner inlines it into the view: a dashboard's filter on bucket is
-- planned exactly as before (TimeToSellerBucketsMigrationTest compares the plans and the rows). The alias keeps
-- the view's name in EXPLAIN output.
CREATE FUNCTION time_to_seller_by(grain text)
    RETURNS TABLE (bucket         timestamptz,
                   line           text,
                   route          text,
                   source         text,
                   offered        bigint,
                   reached        bigint,
                   short_abandons bigint,
                   p50_ms         bigint,
                   p90_ms         bigint,
                   service_level  numeric)
    LANGUAGE sql STABLE
AS $$
SELECT date_trunc(grain, t0)                                               AS bucket,
       line, route, source,
       count(*) FILTER (WHERE is_offered)                                  AS offered,
       count(*) FILTER (WHERE is_reached)                                  AS reached,
       count(*) FILTER (WHERE is_short_abandon)                            AS short_abandons,
       (percentile_disc(0.5) WITHIN GROUP (ORDER BY time_to_seller_ms))::bigint AS p50_ms,
       (percentile_disc(0.9) WITHIN GROUP (ORDER BY time_to_seller_ms))::bigint AS p90_ms,
       round(count(*) FILTER (WHERE is_within_target)::numeric
             / nullif(count(*) FILTER (WHERE is_offered) - count(*) FILTER (WHERE is_short_abandon), 0), 4) AS service_level
FROM v_calls_scored
GROUP BY 1, line, route, source
$$;

CREATE OR REPLACE VIEW v_time_to_seller_hourly AS
SELECT * FROM time_to_seller_by('hour') AS v_time_to_seller_hourly;

CREATE OR REPLACE VIEW v_time_to_seller_daily AS
SELECT * FROM time_to_seller_by('day') AS v_time_to_seller_daily;
