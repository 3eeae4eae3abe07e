-- Shared wrk done(): one machine-readable line with throughput, p50/p99 latency and errors.
-- PREDICTIONS_PER_REQUEST (a global set by the scenario script) turns requests/s into predictions/s.
function report(summary, latency, per_request)
  local secs = summary.duration / 1e6
  local rps = summary.requests / secs
  local e = summary.errors
  local socket = e.connect + e.read + e.write + e.timeout
  io.write(string.format(
    "RESULT requests=%d duration_s=%.2f req_per_s=%.1f predictions_per_s=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f non2xx=%d socket_errors=%d (connect=%d read=%d write=%d timeout=%d)\n",
    summary.requests, secs, rps, rps * per_request,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.status, socket, e.connect, e.read, e.write, e.timeout))
end
