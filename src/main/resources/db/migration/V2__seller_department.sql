-- The department the reached seller was rung for: a repeat caller goes back to the department of their previous
-- call, not to the first department that happens to list the same seller.
ALTER TABLE calls ADD COLUMN seller_department text;

-- Calls stored before this column: the department is on the reached seller's SELLER_ANSWERED event.
UPDATE calls c
SET seller_department = (
    SELECT nullif(e.attributes ->> 'department', '')
    FROM call_events e
    WHERE e.linked_id = c.linked_id AND e.type = 'SELLER_ANSWERED' AND e.attributes ->> 'seller' = c.seller
    ORDER BY e.offset_ms DESC
    LIMIT 1)
WHERE c.seller IS NOT NULL;
