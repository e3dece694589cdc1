-- May this admitted visitor hold seats in this cart? An access serves one cart at a time: another
-- cart may take it over only once the first one's deadline has passed, and a cart serves one
-- visitor; a cart that no longer exists (lost with a node that was restarted) is taken over at once.
-- KEYS: active, cfg, bind, wait, ended.
-- ARGV: visitor, now (ms), cart id, cart deadline (ms), end of the visitor's access token (ms; the
-- token was checked genuine and not ended), a cart the caller found gone ('' if none)
-- A genuine, live access that the queue does not know and that was not ended before its time
-- (checkout, leaving) was lost by Redis: it admits until its end again, and counts toward the
-- maximum of active shoppers.
-- Returns 'ok' | 'off' (no waiting room now) | 'unknown' | 'not-admitted' |
-- 'other-cart|<the cart the access is bound to>' | 'cart-of-another'
local on = redis.call('HGET', KEYS[2], 'on')
if not on then return 'unknown' end
if on ~= '1' then return 'off' end
local now = tonumber(ARGV[2])
local access = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not access or tonumber(access) <= now then
  if redis.call('ZSCORE', KEYS[5], ARGV[1]) then return 'not-admitted' end
  redis.call('ZREM', KEYS[4], ARGV[1])
  redis.call('ZADD', KEYS[1], ARGV[5], ARGV[1])
end
local bound = redis.call('HGET', KEYS[3], 'v:' .. ARGV[1])
if bound then
  local sep = string.find(bound, '|', 1, true)
  local cart = string.sub(bound, 1, sep - 1)
  if cart == ARGV[3] then return 'ok' end
  if tonumber(string.sub(bound, sep + 1)) > now and cart ~= ARGV[6] then
    return 'other-cart|' .. cart
  end
  redis.call('HDEL', KEYS[3], 'c:' .. cart)
end
local owner = redis.call('HGET', KEYS[3], 'c:' .. ARGV[3])
if owner and owner ~= ARGV[1] then return 'cart-of-another' end
redis.call('HSET', KEYS[3], 'v:' .. ARGV[1], ARGV[3] .. '|' .. ARGV[4], 'c:' .. ARGV[3], ARGV[1])
return 'ok'
