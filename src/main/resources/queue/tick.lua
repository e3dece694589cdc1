-- One admission tick of an on-sale; any number of nodes may run it at any time.
-- KEYS: wait, active, cfg, state, bind, left, ended.  ARGV: now (ms), sold out (1/0)
-- Admission is a token bucket filled at the configured rate from the time of the last tick (of
-- any node), holding at most two seconds' worth, so ticks that come late or twice admit no more
-- than the rate. A gap of more than two seconds without any tick (every node was down) is not
-- credited at all: a restart admits no burst for the time it was down. While the queue heals after a loss of
-- Redis's data (cfg.heal) nobody is admitted and nothing accrues. It never lets the active
-- shoppers exceed their maximum.
-- Returns {admitted now, queue length, active shoppers, admitted in the last minute, head (the
-- highest place admitted, -1 if none yet), end of the accesses given now (ms), ids...}
local now = tonumber(ARGV[1])
local cfg = redis.call('HMGET', KEYS[3], 'on', 'starts', 'rate', 'max', 'ttl', 'head', 'heal')
if not cfg[1] then return {0, 0, 0, 0, -1, 0} end
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
redis.call('ZREMRANGEBYSCORE', KEYS[7], '-inf', now)
redis.call('HSET', KEYS[4], 'soldout', ARGV[2])
local admitted = {}
local head = tonumber(cfg[6]) or -1
local ends = 0
local bucket = math.floor(now / 10000)
local starts = tonumber(cfg[2])
if cfg[1] == '1' and now >= starts then
  local rate = tonumber(cfg[3])
  local st = redis.call('HMGET', KEYS[4], 'ts', 'tok')
  local ts = tonumber(st[1])
  local gap
  if not ts or ts < starts then
    gap = now - starts -- the first tick since the start
  else
    gap = now - ts
    if gap > 2000 then gap = 0 end
  end
  local tok = tonumber(st[2]) or 0
  local healing = cfg[7] and now < tonumber(cfg[7])
  if gap > 0 and not healing then
    tok = tok + gap * rate / 60000
  end
  if not ts or now > ts then ts = now end
  local cap = math.max(1, rate / 30)
  if tok > cap then tok = cap end
  local n = math.floor(tok)
  if ARGV[2] == '1' or healing then n = 0 end
  local room = tonumber(cfg[4]) - redis.call('ZCARD', KEYS[2])
  if n > room then n = room end
  if n > 0 then
    local popped = redis.call('ZPOPMIN', KEYS[1], n)
    ends = now + tonumber(cfg[5]) * 1000
    for i = 1, #popped, 2 do
      redis.call('ZADD', KEYS[2], ends, popped[i])
      admitted[#admitted + 1] = popped[i]
      local place = tonumber(popped[i + 1])
      if place > head then head = place end
    end
    if #admitted > 0 then
      tok = tok - #admitted
      redis.call('HSET', KEYS[3], 'head', head)
      redis.call('ZREMRANGEBYSCORE', KEYS[6], '-inf', head)
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
local result = {#admitted, redis.call('ZCARD', KEYS[1]), redis.call('ZCARD', KEYS[2]), recent,
  head, ends}
for _, v in ipairs(admitted) do result[#result + 1] = v end
return result
