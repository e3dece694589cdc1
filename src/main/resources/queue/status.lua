-- Where a visitor stands.
-- KEYS: wait, active, cfg, state.  ARGV: visitor, now (ms)
-- Returns {'admitted', end of access, soldout} | {'waiting', rank, length, soldout, admitted in
-- the last minute} | {'gone', soldout} | {'off'} | {'unknown'}
local on = redis.call('HGET', KEYS[3], 'on')
if not on then return {'unknown'} end
if on ~= '1' then return {'off'} end
local now = tonumber(ARGV[2])
local soldout = redis.call('HGET', KEYS[4], 'soldout') or '0'
local access = redis.call('ZSCORE', KEYS[2], ARGV[1])
if access and tonumber(access) > now then return {'admitted', access, soldout} end
local rank = redis.call('ZRANK', KEYS[1], ARGV[1])
if not rank then return {'gone', soldout} end
local bucket = math.floor(now / 10000)
local counts = redis.call('HMGET', KEYS[4], 'b:' .. bucket, 'b:' .. (bucket - 1),
  'b:' .. (bucket - 2), 'b:' .. (bucket - 3), 'b:' .. (bucket - 4), 'b:' .. (bucket - 5))
local recent = 0
for _, c in ipairs(counts) do
  if c then recent = recent + tonumber(c) end
end
return {'waiting', rank, redis.call('ZCARD', KEYS[1]), soldout, recent}
