-- Rotate through a list of requests, each wrk thread taking a disjoint slice, so that in a
-- cache-miss run every request is a URL the server has not seen before.
-- Usage: wrk ... -s rotate.lua -- LISTFILE NTHREADS MODE [IF_NONE_MATCH [START]]
--   MODE "get":  each line is a path (with query) for GET
--   MODE "post": each line is a JSON body for POST /api/v1/lookup
--   IF_NONE_MATCH: sent with every request when not empty
--   START: each thread starts this far into its slice (to go on after an earlier run)
-- done() prints one JSON line (prefixed "WRKJSON ") with throughput, latency and wraps
-- (wraps > 0 means the list was too short and some requests repeated).
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local file, nthreads = args[1], tonumber(args[2])
  mode = args[3] or "get"
  inm = args[4]
  if inm == "" then
    inm = nil
  end
  local start = tonumber(args[5] or "0")
  items = {}
  local i = 0
  for line in io.lines(file) do
    if i % nthreads == id then
      items[#items + 1] = line
    end
    i = i + 1
  end
  if #items == 0 then -- a list shorter than the thread count (e.g. one warm batch): share it
    for line in io.lines(file) do
      items[#items + 1] = line
    end
  end
  pos = start % math.max(#items, 1)
  wraps = math.floor(start / math.max(#items, 1))
  headers = {}
  if mode == "post" then
    headers["Content-Type"] = "application/json"
  end
  if inm then
    headers["If-None-Match"] = inm
  end
end

function request()
  pos = pos + 1
  if pos > #items then
    pos = 1
    wraps = wraps + 1
  end
  if mode == "post" then
    return wrk.format("POST", "/api/v1/lookup", headers, items[pos])
  end
  return wrk.format("GET", items[pos], headers)
end

function done(summary, latency, requests)
  local w = 0
  for _, t in ipairs(threads) do
    w = w + (t:get("wraps") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"bytes":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,' ..
    '"max_us":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},"wraps":%d}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50),
    latency:percentile(90), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout, w))
end
