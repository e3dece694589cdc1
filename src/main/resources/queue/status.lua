-- Where visitors stand: one or many polls answered in one call (a node gathers the polls that
-- arrive together on one event loop and asks for all of them at once).
-- KEYS: wait, active, cfg, state.  ARGV: now (ms), visitor, visitor...
-- Returns one string per visitor, in order (one string rather than an array: a crowd's replies
-- are parsed by the event loops, and each element costs), fields separated by '|':
--   'admitted|end of access|soldout' | 'waiting|rank|length|soldout|admitted in the last minute'
--   | 'gone|soldout' | 'off' | 'unknown'
local n = #ARGV - 1
local out = {}
local on = redis.call('HGET', KEYS[3], 'on')
if not on or on ~= '1' then
  local answer = on and 'off' or 'unknown'
  for i = 1, n do out[i] = answer end
  return out
end
local now = tonumber(ARGV[1])
local soldout = redis.call('HGET', KEYS[4], 'soldout') or '0'
local length, recent
for i = 1, n do
  local visitor = ARGV[i + 1]
  local access = redis.call('ZSCORE', KEYS[2], visitor)
  if access and tonumber(access) > now then
    out[i] = 'admitted|' .. access .. '|' .. soldout
  else
    local rank = redis.call('ZRANK', KEYS[1], visitor)
    if not rank then
      out[i] = 'gone|' .. soldout
    else
      if not length then
        length = redis.call('ZCARD', KEYS[1])
        local bucket = math.floor(now / 10000)
        local counts = redis.call('HMGET', KEYS[4], 'b:' .. bucket, 'b:' .. (bucket - 1),
          'b:' .. (bucket - 2), 'b:' .. (bucket - 3), 'b:' .. (bucket - 4), 'b:' .. (bucket - 5))
        recent = 0
        for _, c in ipairs(counts) do
          if c then recent = recent + tonumber(c) end
        end
      end
      out[i] = string.format('waiting|%d|%d|%s|%d', rank, length, soldout, recent)
    end
  end
end
return out
