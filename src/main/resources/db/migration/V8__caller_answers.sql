-- What the caller told the assistant, typed on the assistant desk (/desk/assistant/EXT): the request, the source they
-- name ("how did you hear about us?") and the desk extension that took them. They arrive as CALLER_ANSWERS events
-- (the latest counts); the writer recomputes the row after every batch, and this trigger fills the three columns
-- from the call's events whenever the row is written, so replays and late answers land the same way.
ALTER TABLE calls ADD COLUMN stated_source text;
ALTER TABLE calls ADD COLUMN caller_request text;
ALTER TABLE calls ADD COLUMN desk_assistant text;

-- Few calls have answers: the trigger's look-up probes this small index, not every event of the call.
CREATE INDEX call_events_caller_answers_idx ON call_events (linked_id, wall_time DESC) WHERE type = 'CALLER_ANSWERS';

CREATE FUNCTION calls_fill_caller_answers() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    answers jsonb;
BEGIN
    SELECT e.attributes INTO answers
    FROM call_events e
    WHERE e.linked_id = NEW.linked_id AND e.type = 'CALLER_ANSWERS'
    ORDER BY e.wall_time DESC
    LIMIT 1;
    IF answers IS NOT NULL THEN
        NEW.stated_source  := nullif(answers ->> 'statedSource', '');
        NEW.caller_request := nullif(answers ->> 'request', '');
        NEW.desk_assistant := nullif(answers ->> 'assistant', '');
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER calls_caller_answers BEFORE INSERT OR UPDATE ON calls
    FOR EACH ROW EXECUTE FUNCTION calls_fill_caller_answers();

-- Lead sources, now with what callers say: per day, campaign and the line's source, how many callers named a
-- source and how many of those named the line's own (case and spaces ignored). The columns before are V3's.
CREATE OR REPLACE VIEW v_lead_sources AS
SELECT date_trunc('day', t0)                                        AS day,
       campaign, source,
       count(*)                                                     AS calls,
       count(*) FILTER (WHERE outcome = 'reached_seller')           AS reached,
       (percentile_disc(0.5) WITHIN GROUP (ORDER BY time_to_seller_ms))::bigint AS p50_ms,
       count(*) FILTER (WHERE stated_source IS NOT NULL)            AS stated,
       count(*) FILTER (WHERE lower(btrim(stated_source)) = lower(btrim(source))) AS stated_same
FROM calls
GROUP BY 1, campaign, source;

-- Line source against stated source, one row per pair: where marketing's attribution and callers' words differ.
CREATE VIEW v_stated_sources AS
SELECT date_trunc('day', t0)                          AS day,
       line, campaign,
       source                                         AS line_source,
       coalesce(stated_source, '(not asked)')         AS stated_source,
       count(*)                                       AS calls,
       count(*) FILTER (WHERE outcome = 'reached_seller') AS reached
FROM calls
GROUP BY 1, line, campaign, source, coalesce(stated_source, '(not asked)');
