-- Waiting-list sign-ups: every request is a new guest signing up on the sold-out performance
-- (args: the performance id, the point of sale's code). Each wrk thread numbers its own buyers
-- under a prefix of its own, so no two requests of a run name the same buyer.
local counter = 0
local prefix = ""
local path, head
local threads = 0

setup = function(thread)
  threads = threads + 1
  thread:set("id", threads)
end

init = function(args)
  path = "/api/v1/performances/" .. args[1] .. "/waitlist?pos=" .. args[2]
  prefix = tostring(os.time()) .. "-" .. tostring(id) .. "-" .. tostring(math.random(1000000))
  head = {["Content-Type"] = "application/json", ["Accept"] = "application/json"}
end

request = function()
  counter = counter + 1
  local body = '{"quantity":2,"together":true,"categories":["A"],"buyer":{"email":"b' ..
    prefix .. "-" .. counter .. '@example.org","firstName":"Ada","lastName":"Lovelace"}}'
  return wrk.format("POST", path, head, body)
end
