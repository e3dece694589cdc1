-- A cart was checked out: the visitor it served leaves the shop, freeing a place; their access is
-- marked ended, so that their token does not bring them back as if Redis had lost them.
-- KEYS: active, bind, ended.  ARGV: cart id.  Returns 1 if a place was freed.
local visitor = redis.call('HGET', KEYS[2], 'c:' .. ARGV[1])
if not visitor then return 0 end
redis.call('HDEL', KEYS[2], 'v:' .. visitor, 'c:' .. ARGV[1])
local access = redis.call('ZSCORE', KEYS[1], visitor)
if not access then return 0 end
redis.call('ZADD', KEYS[3], access, visitor)
return redis.call('ZREM', KEYS[1], visitor)
