-- Joins the queue of an on-sale, or finds the visitor's place in it.
-- KEYS: wait (zset visitor -> place), active (zset visitor -> end of access, ms), cfg, state,
-- left (zset of visitors who left the queue -> their place), ended (zset of visitors whose access
-- was ended before its time -> that time)
-- ARGV: visitor, now (ms), a random place in [0, 2^52) for joiners before the start, the place
-- named by the visitor's queue ticket ('' for a newcomer)
-- Before the start every joiner gets the random place: the order of arrival counts for nothing.
-- After it, places 2^52 + n in order of arrival, so everyone of the pre-queue comes first; n grows
-- with the time since the start (1,024 a millisecond) and by one at least from the last, so places
-- given after a loss of Redis's data still come after those given before.
-- A visitor with a genuine ticket whom the queue does not know, whose place is not yet admitted and
-- who did not leave, was lost by Redis: they are put back at their place.
-- Returns {'waiting', rank, 1 newcomer | 0 known | 2 put back, place} | {'admitted', end of access}
-- | {'lookup'} (the place was admitted before Redis lost its data: ask PostgreSQL) | {'unknown'}
-- | {'off'} | {'not-open'}
local cfg = redis.call('HMGET', KEYS[3], 'on', 'opens', 'starts', 'head', 'rest')
if not cfg[1] then return {'unknown'} end
if cfg[1] ~= '1' then return {'off'} end
local now = tonumber(ARGV[2])
if now < tonumber(cfg[2]) then return {'not-open'} end
local visitor = ARGV[1]
local access = redis.call('ZSCORE', KEYS[2], visitor)
if access and tonumber(access) > now then return {'admitted', access} end
local placed = redis.call('ZSCORE', KEYS[1], visitor)
if placed then return {'waiting', redis.call('ZRANK', KEYS[1], visitor), 0, tonumber(placed)} end
local held = tonumber(ARGV[4])
if held then
  if held > (tonumber(cfg[4]) or -1) then
    if not redis.call('ZSCORE', KEYS[5], visitor) then
      redis.call('ZADD', KEYS[1], 'NX', held, visitor)
      return {'waiting', redis.call('ZRANK', KEYS[1], visitor), 2, held}
    end
  elseif cfg[5] and held <= tonumber(cfg[5]) and not redis.call('ZSCORE', KEYS[6], visitor) then
    return {'lookup'}
  end
end
local place
if now < tonumber(cfg[3]) then
  place = tonumber(ARGV[3])
else
  local n = math.floor((now - tonumber(cfg[3])) * 1024)
  local last = tonumber(redis.call('HGET', KEYS[4], 'seq')) or 0
  if n <= last then n = last + 1 end
  redis.call('HSET', KEYS[4], 'seq', n)
  place = 4503599627370496 + n
end
redis.call('ZREM', KEYS[5], visitor)
redis.call('ZADD', KEYS[1], 'NX', place, visitor)
return {'waiting', redis.call('ZRANK', KEYS[1], visitor), 1, place}
