-- Joins the queue of an on-sale, or finds the visitor's place in it.
-- KEYS: wait (zset visitor -> place), active (zset visitor -> end of access, ms), cfg, state
-- ARGV: visitor, now (ms), a random place in [0, 2^52) for joiners before the start
-- Before the start every joiner gets the random place: the order of arrival counts for nothing.
-- After it, places 2^52 + n in order of arrival, so everyone of the pre-queue comes first.
local cfg = redis.call('HMGET', KEYS[3], 'on', 'opens', 'starts')
if not cfg[1] then return {'unknown'} end
if cfg[1] ~= '1' then return {'off'} end
local now = tonumber(ARGV[2])
if now < tonumber(cfg[2]) then return {'not-open'} end
local access = redis.call('ZSCORE', KEYS[2], ARGV[1])
if access and tonumber(access) > now then return {'admitted', access} end
local rank = redis.call('ZRANK', KEYS[1], ARGV[1])
if rank then return {'waiting', rank, 0} end
local place
if now < tonumber(cfg[3]) then
  place = tonumber(ARGV[3])
else
  place = 4503599627370496 + redis.call('HINCRBY', KEYS[4], 'seq', 1)
end
redis.call('ZADD', KEYS[1], 'NX', place, ARGV[1])
return {'waiting', redis.call('ZRANK', KEYS[1], ARGV[1]), 1}
