-- Scenario (b): one prediction per request, cycling over the 50 fixed queries of queries.lua, so after the
-- first round every request is a cache hit.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local queries = dofile(dir .. "queries.lua")
dofile(dir .. "report.lua")

local reqs = {}
function init(args)
  local headers = { ["Content-Type"] = "application/json" }
  for i, q in ipairs(queries) do
    reqs[i] = wrk.format("POST", "/api/predict-query-type", headers, string.format('{"query":"%s"}', q))
  end
end

local n = 0
function request()
  n = n + 1
  return reqs[(n % #reqs) + 1]
end

function done(summary, latency, requests)
  report(summary, latency, 1)
end
