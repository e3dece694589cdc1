-- The ceiling: the server's cheapest JSON endpoint, built per request by Lua like the others, so
-- the load generator spends the same per request in every run.
request = function()
  return wrk.format("GET", "/health/live", {["Accept"] = "application/json"})
end
