-- A cart was checked out: the visitor it served leaves the shop, freeing a place.
-- KEYS: active, bind.  ARGV: cart id.  Returns 1 if a place was freed.
local visitor = redis.call('HGET', KEYS[2], 'c:' .. ARGV[1])
if not visitor then return 0 end
redis.call('HDEL', KEYS[2], 'v:' .. visitor, 'c:' .. ARGV[1])
return redis.call('ZREM', KEYS[1], visitor)
