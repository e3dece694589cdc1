-- A visitor leaves: out of the queue, or out of the shop (freeing a place). Either is marked, so
-- that the visitor's ticket or token does not bring them back as if Redis had lost them.
-- KEYS: wait, active, bind, left, ended, cfg.  ARGV: visitor, the place named by their queue
-- ticket ('' if none).  Returns 1 if the visitor was there.
local visitor = ARGV[1]
local gone = 0
local placed = redis.call('ZSCORE', KEYS[1], visitor)
if placed then
  redis.call('ZREM', KEYS[1], visitor)
  redis.call('ZADD', KEYS[4], placed, visitor)
  gone = 1
end
local access = redis.call('ZSCORE', KEYS[2], visitor)
if access then
  redis.call('ZREM', KEYS[2], visitor)
  redis.call('ZADD', KEYS[5], access, visitor)
  gone = 1
end
local held = tonumber(ARGV[2])
if gone == 0 and held and held > (tonumber(redis.call('HGET', KEYS[6], 'head')) or -1) then
  -- in the queue by their ticket, though Redis lost them
  redis.call('ZADD', KEYS[4], held, visitor)
  gone = 1
end
local bound = redis.call('HGET', KEYS[3], 'v:' .. visitor)
if bound then
  local cart = string.sub(bound, 1, string.find(bound, '|', 1, true) - 1)
  redis.call('HDEL', KEYS[3], 'v:' .. visitor, 'c:' .. cart)
end
return gone
