-- The wallboard's callbacks (CallbacksToday): the jobs open now OR ended since the day's start. Without an index on
-- ended_at that OR reads the whole table, which only grows; with this one PostgreSQL ORs two bitmap scans: today's
-- ended jobs here, the open ones in V9's callbacks_one_open_per_number (its predicate is the query's state IN).
-- Partial: open jobs have no ended_at, so they stay out of it.
CREATE INDEX callbacks_ended_at ON callbacks (ended_at) WHERE ended_at IS NOT NULL;
