-- Ticket downloads (args: "mobile" or "pdf", a file of "ticketId orderId secret" lines, and
-- "cycle" to go round the tickets again and again, or "once" to give every request a ticket no
-- request has asked for before: cold PDFs, each thread walking its own share of the file).
local kind, lines, mode
local tickets = {}
local n, last = 0, 0
local counter = 0
setup = function(thread)
  counter = counter + 1
  thread:set("id", counter)
end
init = function(args)
  kind, mode = args[1], args[3]
  for line in io.lines(args[2]) do
    local t, o, s = line:match("(%S+) (%S+) (%S+)")
    tickets[#tickets + 1] = {t, s}
  end
  local threads = tonumber(args[4] or "2")
  local share = math.floor(#tickets / threads)
  if mode == "once" then
    n = (id - 1) * share
    last = id * share
  else
    n = math.random(#tickets) - 1
    last = #tickets
  end
end
request = function()
  if mode == "once" then
    n = n + 1
    if n > last then
      n = last -- out of fresh tickets: the summary says the run asked for too many
    end
  else
    n = n % last + 1
  end
  local t = tickets[n]
  local path = "/api/v1/tickets/" .. t[1] .. (kind == "pdf" and "/pdf" or "") .. "?pos=web"
  return wrk.format("GET", path, {["X-Order-Secret"] = t[2]})
end
