-- Scenario (c): batch calls of 10 queries each, every query distinct (counter suffix), so each call makes 10
-- uncached predictions. Predictions/s = requests/s x 10.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local queries = dofile(dir .. "queries.lua")
-- a salt per wrk run (its start second), so back-to-back runs on one server never repeat a query (cache misses)
local salt = os.time() % 100000
dofile(dir .. "report.lua")
local BATCH = 10

local next_id = 0
function setup(thread)
  next_id = next_id + 1
  thread:set("tid", next_id)
  register(thread)
end

local n = 0
local headers = { ["Content-Type"] = "application/json" }
function request()
  local parts = {}
  for i = 1, BATCH do
    n = n + 1
    -- the same letters-and-digits suffix as unique.lua
    parts[i] = string.format('"%s q%dt%dn%d"', queries[(n % #queries) + 1], salt, tid or 0, n)
  end
  return wrk.format("POST", "/api/predict-query-type/batch", headers,
    '{"queries":[' .. table.concat(parts, ",") .. ']}')
end

function done(summary, latency, requests)
  report(summary, latency, BATCH)
end
