-- wrk script for bench/queue.py: one wrk thread per checker (-tN -cN), each POSTing
-- /api/v1/queue/next with its own bearer token until the queue answers 204 (empty).
-- done() prints every claim id each thread was given, for the duplicate and loss count.

local tokens = {}
for token in string.gmatch(os.getenv("BENCH_TOKENS") or "", "[^,]+") do
  tokens[#tokens + 1] = token
end
local threads = {}

function setup(thread)
  thread:set("token", tokens[#threads + 1])
  threads[#threads + 1] = thread
end

function init(args)
  wrk.method = "POST"
  wrk.headers["Authorization"] = "Bearer " .. token
  wrk.headers["Content-Length"] = "0"
  taken = {}
  failures = 0
end

function response(status, headers, body)
  if status == 200 then
    taken[#taken + 1] = string.match(body, '"id":%s*(%d+)')
  elseif status == 204 then
    wrk.thread:stop()  -- the queue is empty: this checker is done
  else
    failures = failures + 1
  end
end

function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    io.write("taken ", table.concat(thread:get("taken"), ","), "\n")
    io.write("failures ", thread:get("failures"), "\n")
  end
end
