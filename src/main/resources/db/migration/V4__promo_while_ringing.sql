-- Informer mode while-ringing: how long the caller heard the line's promo as the ringing music. It overlaps the
-- phases seller_ringing / assistant_ringing / whisper (the caller hears it while those run), so it is not in waited_ms.
ALTER TABLE calls ADD COLUMN promo_while_ringing_ms bigint NOT NULL DEFAULT 0;

-- Where the seconds go, and (last column) how many of them the caller spent hearing the promo while phones rang.
CREATE OR REPLACE VIEW v_phase_breakdown AS
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
       round(avg(time_to_seller_ms))::bigint    AS time_to_seller_ms,
       round(avg(promo_while_ringing_ms))::bigint AS promo_while_ringing_ms
FROM calls
WHERE outcome = 'reached_seller'
GROUP BY 1, line, route;
