-- The wrong-code counters of the scopes of one attempt (a cart, an account, a client address).
-- KEYS: the scopes' counters. ARGV[1]: 'check' or 'fail'; ARGV[2]: the window in ms; ARGV[3..]:
-- each scope's limit, in the order of KEYS.
-- check: {0, 0} when every scope is under its limit, else {1, ms until the blocking scope's window
--   ends}.
-- fail: counts one more wrong code in every scope (a scope's window starts at its first) and
--   answers {the highest count, 1 when a scope has now reached its limit else 0}.
local window = tonumber(ARGV[2])
if ARGV[1] == 'check' then
  local wait = 0
  for i, key in ipairs(KEYS) do
    local n = tonumber(redis.call('GET', key) or '0')
    if n >= tonumber(ARGV[2 + i]) then
      local ttl = redis.call('PTTL', key)
      if ttl < 0 then
        ttl = window
      end
      if ttl > wait then
        wait = ttl
      end
    end
  end
  if wait > 0 then
    return {1, wait}
  end
  return {0, 0}
end
local highest = 0
local reached = 0
for i, key in ipairs(KEYS) do
  local n = redis.call('INCR', key)
  if n == 1 then
    redis.call('PEXPIRE', key, window)
  end
  if n > highest then
    highest = n
  end
  if n >= tonumber(ARGV[2 + i]) then
    reached = 1
  end
end
return {highest, reached}
