-- Joins: every request is a new visitor joining the on-sale's queue (args: the on-sale id).
local path
init = function(args)
  path = "/api/v1/onsales/" .. args[1] .. "/queue"
end
request = function()
  return wrk.format("POST", path, {["Accept"] = "application/json"})
end
