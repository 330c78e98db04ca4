-- Known calls for DashboardQueriesTest: every panel must show something for them.
-- Times are relative to now() because v_waiting_now is ("arrived within the last hour").
INSERT INTO calls (linked_id, line, did, campaign, source, caller_number, route, t0, t_seller, time_to_seller_ms,
                   informer_ms, menu_ms, assistant_ringing_ms, assistant_talking_ms, transfer_hold_ms, seller_ringing_ms, whisper_ms,
                   outcome, outcome_reason, abandon_phase, seller, assistant_involved, transfers, repeat_caller, ended_at)
VALUES
 ('1001.1', 'main', '5551000', 'spring-promo', 'google-ads', '5550001', 'sales', now() - interval '30 minutes',
  now() - interval '30 minutes' + interval '8 seconds', 8000, 3000, 2000, 0, 0, 0, 2500, 500,
  'reached_seller', NULL, NULL, 'PJSIP/101', false, 0, false, now() - interval '25 minutes'),
 ('1002.1', 'ads', '5552000', 'radio', 'radio', '5550002', 'assistant', now() - interval '20 minutes',
  now() - interval '20 minutes' + interval '14 seconds', 14000, 0, 0, 3000, 6000, 2000, 2500, 500,
  'reached_seller', NULL, NULL, 'PJSIP/102', true, 1, false, now() - interval '15 minutes'),
 ('1003.1', 'main', '5551000', 'spring-promo', 'google-ads', '5550003', NULL, now() - interval '10 minutes',
  NULL, NULL, 3000, 0, 0, 0, 0, 0, 0, 'abandoned', 'caller_hung_up', 'INFORMER', NULL, false, 0, false, now() - interval '10 minutes'),
 ('1004.1', 'main', '5551000', 'spring-promo', 'google-ads', '5550004', 'sales', now() - interval '5 minutes',
  NULL, NULL, 4000, 5000, 0, 0, 0, 0, 0, 'abandoned', 'caller_hung_up', 'MENU', NULL, false, 0, false, now() - interval '5 minutes'),
 ('1005.1', 'main', '5551000', 'spring-promo', 'google-ads', '5550005', NULL, now() - interval '20 seconds',
  NULL, NULL, 0, 0, 0, 0, 0, 0, 0, NULL, NULL, NULL, NULL, false, 0, false, NULL);

INSERT INTO call_events (event_id, linked_id, session_id, type, phase, wall_time, offset_ms, attributes)
VALUES
 ('00000000-0000-0000-0000-000000000001', '1001.1', '1001.1/answered', 'SELLER_CONNECTED', 'WHISPER',
  now() - interval '30 minutes' + interval '8 seconds', 8000, '{"seller": "PJSIP/101"}'),
 ('00000000-0000-0000-0000-000000000002', '1002.1', '1002.1/handoff', 'SELLER_MISSED', 'SELLER_RINGING',
  now() - interval '20 minutes' + interval '11 seconds', 11000, '{"seller": "PJSIP/101"}'),
 ('00000000-0000-0000-0000-000000000003', '1002.1', '1002.3/answered', 'SELLER_CONNECTED', 'WHISPER',
  now() - interval '20 minutes' + interval '14 seconds', 14000, '{"seller": "PJSIP/102"}'),
 ('00000000-0000-0000-0000-000000000004', '1005.1', '1005.1/incoming', 'PHASE_STARTED', 'MENU',
  now() - interval '15 seconds', 5000, '{}');

-- The abandoned caller 5550004 called back a minute after hanging up (migration V9).
INSERT INTO callbacks (number, line, department, linked_id, origin, state, hung_up_at, waited_ms, created_at, due_at,
                       attempts, max_attempts, retry_after_ms, max_busy, seller, seller_answered_at, connected_at,
                       time_to_callback_ms, ended_at, end_reason)
VALUES ('5550004', 'main', 'sales', '1004.1', 'abandoned', 'done', now() - interval '295 seconds', 5000,
        now() - interval '295 seconds', now() - interval '265 seconds', 1, 3, 120000, 2, 'PJSIP/101',
        now() - interval '250 seconds', now() - interval '235 seconds', 60000, now() - interval '235 seconds', 'connected');
