-- The calls row's stated_source, caller_request and desk_assistant (V8) are written by the event writer itself, from
-- the call's latest CALLER_ANSWERS event (by wall time; empty text as null), in the same upsert as the rest of the row.
-- The writer folds every event of the call before each upsert (nothing else writes calls, and events are never
-- deleted), so it sees the same answers V8's trigger looked up. The trigger ran a PL/pgSQL function and an index
-- probe for every row of every batch (twice for a row that already existed), for columns that few calls have.
DROP TRIGGER calls_caller_answers ON calls;
DROP FUNCTION calls_fill_caller_answers();
