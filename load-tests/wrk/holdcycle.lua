-- The hold cycle in a closed loop: open a cart, hold the best 2 seats of a category, release them,
-- and again. One connection per wrk thread (run with -t N -c N), so each thread is one buyer going
-- through the cycle request after request. PERF, TARIFF and CATEGORY come from the environment;
-- the same script drives Guichet and the baseline (load-tests/baseline/BaselineServer.java).
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  cycles, refused, errors, state = 0, 0, 0, "cart"
  body = string.format(
    '{"performanceId":"%s","quantities":[{"category":"%s","tariffId":"%s","quantity":2}]}',
    os.getenv("PERF"), os.getenv("CATEGORY") or "CAT1", os.getenv("TARIFF"))
end

function request()
  if state == "hold" then
    return wrk.format("POST", "/api/v1/carts/" .. cart .. "/items?pos=web",
      {["Content-Type"] = "application/json", ["Accept"] = "application/json",
       ["X-Cart-Secret"] = secret}, body)
  elseif state == "release" then
    return wrk.format("DELETE", "/api/v1/carts/" .. cart .. "/items/" .. item .. "?pos=web",
      {["X-Cart-Secret"] = secret, ["Accept"] = "application/json"})
  end
  return wrk.format("POST", "/api/v1/carts?pos=web", {["Accept"] = "application/json"})
end

function response(status, headers, answer)
  if state == "cart" then
    if status == 201 then
      cart = string.match(answer, '"id":"([^"]+)"')
      secret = string.match(answer, '"secret":"([^"]+)"')
      state = "hold"
    else
      errors = errors + 1
    end
  elseif state == "hold" then
    if status == 201 then
      item = string.match(answer, '"id":"([^"]+)"')
      state = "release"
    else
      if status == 409 then refused = refused + 1 else errors = errors + 1 end
      state = "cart"
    end
  else
    if status == 204 then cycles = cycles + 1 else errors = errors + 1 end
    state = "cart"
  end
end

function done(summary, latency, requests)
  local c, r, e = 0, 0, 0
  for _, t in ipairs(threads) do
    c, r, e = c + t:get("cycles"), r + t:get("refused"), e + t:get("errors")
  end
  io.write(string.format("cycles %d refused %d errors %d\n", c, r, e))
end
