-- Scenario (a): one prediction per request, every query distinct (base query + a per-thread counter suffix),
-- so the prediction cache always misses. The suffix is one chunk of ASCII letters and digits ("q54321t1n77"), a
-- term like a model number: until 2026-12-07 it was "54321-1-77", whose hyphens sent every English request through
-- the maximum entropy tokenizer (ten model evaluations for the suffix alone, a cost real queries rarely have;
-- docs/BENCHMARKS.md, "CPU time by stage").
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local queries = dofile(dir .. "queries.lua")
-- a salt per wrk run (its start second), so back-to-back runs on one server never repeat a query (cache misses)
local salt = os.time() % 100000
dofile(dir .. "report.lua")

local next_id = 0
function setup(thread)
  next_id = next_id + 1
  thread:set("tid", next_id)
  register(thread)
end

local n = 0
local headers = { ["Content-Type"] = "application/json" }
function request()
  n = n + 1
  local q = queries[(n % #queries) + 1]
  local body = string.format('{"query":"%s q%dt%dn%d"}', q, salt, tid or 0, n)
  return wrk.format("POST", "/api/predict-query-type", headers, body)
end

function done(summary, latency, requests)
  report(summary, latency, 1)
end
