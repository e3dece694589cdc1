-- One admission tick of an on-sale; any number of nodes may run it at any time.
-- KEYS: wait, active, cfg, state, bind.  ARGV: now (ms), sold out (1/0)
-- Admission is a token bucket filled at the configured rate from the time of the last tick (of
-- any node), holding at most two seconds' worth, so ticks that come late or twice admit no more
-- than the rate. It never lets the active shoppers exceed their maximum.
-- Returns {admitted now, queue length, active shoppers, admitted in the last minute, ids...}
local now = tonumber(ARGV[1])
local cfg = redis.call('HMGET', KEYS[3], 'on', 'starts', 'rate', 'max', 'ttl')
if not cfg[1] then return {0, 0, 0, 0} end
-- Shoppers whose access ended free their places.
local ended = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, 10000)
for _, v in ipairs(ended) do
  local bound = redis.call('HGET', KEYS[5], 'v:' .. v)
  if bound then
    local cart = string.sub(bound, 1, string.find(bound, '|', 1, true) - 1)
    redis.call('HDEL', KEYS[5], 'v:' .. v, 'c:' .. cart)
  end
  redis.call('ZREM', KEYS[2], v)
end
redis.call('HSET', KEYS[4], 'soldout', ARGV[2])
local admitted = {}
local bucket = math.floor(now / 10000)
local starts = tonumber(cfg[2])
if cfg[1] == '1' and now >= starts then
  local rate = tonumber(cfg[3])
  local st = redis.call('HMGET', KEYS[4], 'ts', 'tok')
  local ts = tonumber(st[1]) or starts
  if ts < starts then ts = starts end
  local tok = tonumber(st[2]) or 0
  if now > ts then
    tok = tok + (now - ts) * rate / 60000
    ts = now
  end
  local cap = math.max(1, rate / 30)
  if tok > cap then tok = cap end
  local n = math.floor(tok)
  if ARGV[2] == '1' then n = 0 end
  local room = tonumber(cfg[4]) - redis.call('ZCARD', KEYS[2])
  if n > room then n = room end
  if n > 0 then
    local popped = redis.call('ZPOPMIN', KEYS[1], n)
    local ends = now + tonumber(cfg[5]) * 1000
    for i = 1, #popped, 2 do
      redis.call('ZADD', KEYS[2], ends, popped[i])
      admitted[#admitted + 1] = popped[i]
    end
    if #admitted > 0 then
      tok = tok - #admitted
      redis.call('HINCRBY', KEYS[4], 'b:' .. bucket, #admitted)
      redis.call('HINCRBY', KEYS[4], 'admitted', #admitted)
    end
  end
  redis.call('HSET', KEYS[4], 'ts', ts, 'tok', tok)
  redis.call('HDEL', KEYS[4], 'b:' .. (bucket - 6), 'b:' .. (bucket - 7), 'b:' .. (bucket - 8),
    'b:' .. (bucket - 9), 'b:' .. (bucket - 10), 'b:' .. (bucket - 11), 'b:' .. (bucket - 12))
end
local counts = redis.call('HMGET', KEYS[4], 'b:' .. bucket, 'b:' .. (bucket - 1),
  'b:' .. (bucket - 2), 'b:' .. (bucket - 3), 'b:' .. (bucket - 4), 'b:' .. (bucket - 5))
local recent = 0
for _, c in ipairs(counts) do
  if c then recent = recent + tonumber(c) end
end
local result = {#admitted, redis.call('ZCARD', KEYS[1]), redis.call('ZCARD', KEYS[2]), recent}
for _, v in ipairs(admitted) do result[#result + 1] = v end
return result
