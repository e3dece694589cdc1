-- Status polls of queued visitors (args: the on-sale id, a file of "visitorId queueTicket" lines).
local prefix
local visitors = {}
local n = 0
init = function(args)
  prefix = "/api/v1/onsales/" .. args[1] .. "/queue/"
  for line in io.lines(args[2]) do
    local v, t = line:match("(%S+) (%S+)")
    visitors[#visitors + 1] = {v, t}
  end
  n = math.random(#visitors)
end
request = function()
  n = n % #visitors + 1
  local v = visitors[n]
  return wrk.format("GET", prefix .. v[1], {["Accept"] = "application/json", ["X-Queue-Ticket"] = v[2]})
end
