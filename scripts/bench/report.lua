-- Shared by the scenarios: every answer counted from its body (per wrk thread: each has a Lua state of its own),
-- and done()'s one machine-readable line with throughput, p50/p99 latency, errors and those counts.
-- The counts make the run honest: an answer the service gave from the rules (`fallback`) or degraded is not a
-- model prediction, and http-load.sh fails a model scenario that had any.
answers, degraded, fallback = 0, 0, 0
versions = {}

local function count(body, pattern)
  local n = 0
  for _ in string.gmatch(body, pattern) do
    n = n + 1
  end
  return n
end

-- wrk calls response() for every response once a script defines it; it costs the load generator a body scan.
function response(status, headers, body)
  if body == nil then
    return
  end
  for v in string.gmatch(body, '"modelVersion":"([^"]*)"') do
    answers = answers + 1
    versions[v] = (versions[v] or 0) + 1
  end
  degraded = degraded + count(body, '"degraded":true')
  fallback = fallback + count(body, '"fallback":true')
end

-- The scenario's setup() calls this for each thread, so done() can read the threads' counts.
local threads = {}
function register(thread)
  table.insert(threads, thread)
end

function setup(thread)
  register(thread)
end

-- PREDICTIONS_PER_REQUEST: per_request turns requests/s into predictions/s.
function report(summary, latency, per_request)
  local secs = summary.duration / 1e6
  local rps = summary.requests / secs
  local e = summary.errors
  local socket = e.connect + e.read + e.write + e.timeout
  local a, d, f, byVersion = 0, 0, 0, {}
  for _, t in ipairs(threads) do
    a = a + t:get("answers")
    d = d + t:get("degraded")
    f = f + t:get("fallback")
    for v, n in pairs(t:get("versions")) do
      byVersion[v] = (byVersion[v] or 0) + n
    end
  end
  local parts = {}
  for v, n in pairs(byVersion) do
    table.insert(parts, v .. ":" .. n)
  end
  table.sort(parts)
  io.write(string.format(
    "RESULT requests=%d duration_s=%.2f req_per_s=%.1f predictions_per_s=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f non2xx=%d socket_errors=%d (connect=%d read=%d write=%d timeout=%d) answers=%d degraded=%d fallback=%d versions=%s\n",
    summary.requests, secs, rps, rps * per_request,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.status, socket, e.connect, e.read, e.write, e.timeout, a, d, f,
    #parts == 0 and "none" or table.concat(parts, ",")))
end
