-- V8's call_events_caller_answers_idx served only V8's trigger, which V11 dropped: the writer now finds a call's latest
-- CALLER_ANSWERS event among the events it folds in memory, and no view, report or dashboard query reads it. Every
-- event paid for it (its predicate checked on each insert).
DROP INDEX call_events_caller_answers_idx;
