-- wrk script of bench/rank-latency.sh (--clients ...,wrk): POSTs the load generator's own request
-- bodies (written to $RANK_LATENCY_BODIES as 0.json, 1.json, ...) in turn, and prints one JSON
-- line of wrk's latency percentiles (microseconds) at the end.
local dir = os.getenv("RANK_LATENCY_BODIES")
local encoded = {}
local n = 0
local next_index = 0
function init(args)
  local k = 0
  while true do
    local f = io.open(dir .. "/" .. k .. ".json", "rb")
    if not f then break end
    local body = f:read("*a")
    f:close()
    k = k + 1
    encoded[k] = wrk.format("POST", wrk.path,
      {["Content-Type"] = "application/json", ["Accept"] = "application/json"}, body)
  end
  n = k
  if n == 0 then error("no request bodies in " .. tostring(dir)) end
end

function request()
  next_index = next_index + 1
  return encoded[(next_index % n) + 1]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "errors": %d, "duration_us": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, e.connect + e.read + e.write + e.status + e.timeout, summary.duration,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
