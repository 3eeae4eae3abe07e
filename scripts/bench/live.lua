-- The ceiling: GET /health/live, the service's most trivial route, through the same server, filters and access log
-- as the predictions. http-load.sh prints each prediction scenario's requests/s as a share of it.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "report.lua")

function request()
  return wrk.format("GET", "/health/live")
end

function done(summary, latency, requests)
  report(summary, latency, 0)
end
