-- A visitor leaves: out of the queue, or out of the shop (freeing a place).
-- KEYS: wait, active, bind.  ARGV: visitor.  Returns 1 if the visitor was there.
local gone = redis.call('ZREM', KEYS[1], ARGV[1]) + redis.call('ZREM', KEYS[2], ARGV[1])
local bound = redis.call('HGET', KEYS[3], 'v:' .. ARGV[1])
if bound then
  local cart = string.sub(bound, 1, string.find(bound, '|', 1, true) - 1)
  redis.call('HDEL', KEYS[3], 'v:' .. ARGV[1], 'c:' .. cart)
end
return gone
