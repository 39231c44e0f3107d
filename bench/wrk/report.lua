-- wrk script of bench/run.sh: optional HTTP/1.1 pipelining, and the run's figures as one JSON object.
--   WRK_PIPELINE  requests sent back to back per round trip (default 1: wrk's own static request, no Lua per request)
--   WRK_JSON      file the done() hook writes: requests, bytes, duration, errors, latency percentiles (microseconds)
local depth = tonumber(os.getenv("WRK_PIPELINE") or "1") or 1

if depth > 1 then
  init = function(args)
    local batch = {}
    for i = 1, depth do batch[i] = wrk.format() end
    req = table.concat(batch)
  end
  request = function() return req end
end

-- a histogram without samples gives nan, which JSON has no word for
local function num(x)
  if x ~= x or x == math.huge or x == -math.huge then return 0 end
  return x
end

done = function(summary, latency, requests)
  local e = summary.errors
  local out = assert(io.open(assert(os.getenv("WRK_JSON"), "WRK_JSON not set"), "w"))
  out:write(string.format(
    '{"requests":%.0f,"bytes":%.0f,"duration_us":%.0f,' ..
    '"errors":{"connect":%.0f,"read":%.0f,"write":%.0f,"status":%.0f,"timeout":%.0f},' ..
    '"latency_us":{"mean":%.1f,"max":%.0f,"p50":%.0f,"p90":%.0f,"p99":%.0f,"p999":%.0f}}\n',
    summary.requests, summary.bytes, summary.duration,
    e.connect, e.read, e.write, e.status, e.timeout,
    num(latency.mean), num(latency.max), num(latency:percentile(50)), num(latency:percentile(90)),
    num(latency:percentile(99)), num(latency:percentile(99.9))))
  out:close()
end
