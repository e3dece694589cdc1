-- Where visitors stand: one or many polls answered in one call (a node gathers the polls that
-- arrive together on one event loop and asks for all of them at once).
-- KEYS: wait, active, cfg, state, left, ended.
-- ARGV: now (ms), then per visitor: visitor, the place named by their queue ticket ('' if none)
-- Returns one string per visitor, in order (one string rather than an array: a crowd's replies
-- are parsed by the event loops, and each element costs), fields separated by '|':
--   'admitted|end of access|soldout' | 'waiting|rank|length|soldout|admitted in the last minute'
--   | 'gone|soldout' | 'lookup|soldout' | 'off' | 'unknown'
-- An admitted visitor whose admission PostgreSQL has not recorded yet (a few milliseconds) is
-- still shown first in line: an access token is only given for a recorded admission, so a loss of
-- Redis's data never gives one twice. A visitor the queue does not know but whose ticket names a
-- place not yet admitted, and who did not leave, was lost by Redis: they are put back at that
-- place. One whose place was admitted before a loss is answered 'lookup' (PostgreSQL knows when
-- that admission ends).
local n = (#ARGV - 1) / 2
local out = {}
local cfg = redis.call('HMGET', KEYS[3], 'on', 'head', 'conf', 'rest')
local on = cfg[1]
if not on or on ~= '1' then
  local answer = on and 'off' or 'unknown'
  for i = 1, n do out[i] = answer end
  return out
end
local head = tonumber(cfg[2]) or -1
local conf = tonumber(cfg[3]) or -1
local rest = tonumber(cfg[4])
local now = tonumber(ARGV[1])
local soldout = redis.call('HGET', KEYS[4], 'soldout') or '0'
local length, recent
local function waiting(rank)
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
  return string.format('waiting|%d|%d|%s|%d', rank, length, soldout, recent)
end
for i = 1, n do
  local visitor = ARGV[2 * i]
  local held = tonumber(ARGV[2 * i + 1])
  local access = redis.call('ZSCORE', KEYS[2], visitor)
  if access and tonumber(access) > now then
    if held and held > conf then
      out[i] = waiting(0)
    else
      out[i] = 'admitted|' .. access .. '|' .. soldout
    end
  else
    local rank = redis.call('ZRANK', KEYS[1], visitor)
    if not rank and held then
      if held > head then
        if not redis.call('ZSCORE', KEYS[5], visitor) then
          redis.call('ZADD', KEYS[1], 'NX', held, visitor)
          rank = redis.call('ZRANK', KEYS[1], visitor)
        end
      elseif rest and held <= rest and not redis.call('ZSCORE', KEYS[6], visitor) then
        out[i] = 'lookup|' .. soldout
      end
    end
    if out[i] then
      -- answered above
    elseif rank then
      out[i] = waiting(rank)
    else
      out[i] = 'gone|' .. soldout
    end
  end
end
return out
