-- PostgreSQL recorded the admissions up to this place: their access tokens may be given.
-- KEYS: cfg.  ARGV: place.  Nothing is written to a queue that Redis lost (its settings and marks
-- come back from PostgreSQL).
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local place = tonumber(ARGV[1])
if place > (tonumber(redis.call('HGET', KEYS[1], 'conf')) or -1) then
  redis.call('HSET', KEYS[1], 'conf', ARGV[1])
  return 1
end
return 0
