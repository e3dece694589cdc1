-- The figures of an on-sale's queue. KEYS: wait, active, state.  ARGV: now (ms)
-- Returns {queue length, active shoppers, sold out, admitted in the last minute, admitted in all}
local now = tonumber(ARGV[1])
local bucket = math.floor(now / 10000)
local counts = redis.call('HMGET', KEYS[3], 'b:' .. bucket, 'b:' .. (bucket - 1),
  'b:' .. (bucket - 2), 'b:' .. (bucket - 3), 'b:' .. (bucket - 4), 'b:' .. (bucket - 5))
local recent = 0
for _, c in ipairs(counts) do
  if c then recent = recent + tonumber(c) end
end
local st = redis.call('HMGET', KEYS[3], 'soldout', 'admitted')
return {redis.call('ZCARD', KEYS[1]), redis.call('ZCOUNT', KEYS[2], '(' .. now, '+inf'),
  st[1] or '0', recent, tonumber(st[2] or '0')}
