-- What PostgreSQL says of a visitor the queue lost after their place was admitted, once asked.
-- KEYS: active, wait, ended.  ARGV: visitor, end of their access (ms), now (ms).
-- An access not ended yet comes back (it counts toward the maximum of active shoppers again);
-- otherwise the visitor is marked ended for a day, so their polls do not ask PostgreSQL again.
-- Returns 1 if the access came back.
local visitor = ARGV[1]
if redis.call('ZSCORE', KEYS[3], visitor) then return 0 end
if tonumber(ARGV[2]) > tonumber(ARGV[3]) then
  redis.call('ZREM', KEYS[2], visitor)
  redis.call('ZADD', KEYS[1], 'GT', ARGV[2], visitor)
  return 1
end
redis.call('ZADD', KEYS[3], tonumber(ARGV[3]) + 86400000, visitor)
return 0
