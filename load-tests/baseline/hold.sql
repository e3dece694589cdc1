-- One hold, as the scenario's: party of 1-8 (mostly 2 and 4) in mostly the best categories; the
-- best-ranked free rows of the category, locked without waiting for other buyers' rows.
\set r random(1, 20)
\set c random(1, 10)
BEGIN;
UPDATE baseline.seat s SET status = 'H', hold_id = :client_id, held_until = now() + interval '10 minutes'
  FROM (SELECT perf, id FROM baseline.seat
         WHERE perf = :perf
           AND category = (array['CAT1','CAT1','CAT1','CAT1','CAT2','CAT2','CAT2','CAT3','CAT3','PIT'])[:c]
           AND status = 'F'
         ORDER BY rank
         LIMIT (array[1,1,2,2,2,2,2,2,2,3,3,4,4,4,4,4,4,5,6,8])[:r]
         FOR UPDATE SKIP LOCKED) picked
 WHERE s.perf = picked.perf AND s.id = picked.id;
COMMIT;
