-- Copies an on-sale's settings where the scripts read them, and finds out whether Redis lost the
-- on-sale's queue (a flushed or replaced Redis, a failover to an empty replica).
-- KEYS: cfg, state.  ARGV: on, opens, starts, rate, max, ttl (the settings), mode, then for mode
-- 'restore': the admission head and the count of admitted visitors kept in PostgreSQL, and the
-- end of the healing pause (ms).
-- Modes: 'new' (the on-sale was just created: an empty queue), 'keep' (a copy of the settings: when
-- the queue is gone, nothing is written and 'lost' is answered, so the caller restores it), 'restore'
-- (the queue is set up again from what PostgreSQL kept).
-- cfg also holds the queue's marks: head (the highest place admitted), conf (the highest place whose
-- admission PostgreSQL has recorded), rest (the head restored after a loss) and heal (admission is
-- paused until then, while the visitors' polls put them back at their places).
-- Returns 'ok' | 'created' | 'restored' | 'lost'
local mode = ARGV[7]
local outcome = 'ok'
if redis.call('EXISTS', KEYS[1]) == 0 then
  if mode == 'keep' then return 'lost' end
  if mode == 'restore' then
    redis.call('HSET', KEYS[1], 'head', ARGV[8], 'conf', ARGV[8], 'rest', ARGV[8], 'heal', ARGV[10])
    local admitted = tonumber(redis.call('HGET', KEYS[2], 'admitted')) or 0
    if tonumber(ARGV[9]) > admitted then redis.call('HSET', KEYS[2], 'admitted', ARGV[9]) end
    outcome = 'restored'
  else
    redis.call('HSET', KEYS[1], 'head', -1, 'conf', -1)
    outcome = 'created'
  end
end
redis.call('HSET', KEYS[1], 'on', ARGV[1], 'opens', ARGV[2], 'starts', ARGV[3], 'rate', ARGV[4],
  'max', ARGV[5], 'ttl', ARGV[6])
-- queues of an earlier version have no marks yet
redis.call('HSETNX', KEYS[1], 'head', -1)
redis.call('HSETNX', KEYS[1], 'conf', -1)
return outcome
