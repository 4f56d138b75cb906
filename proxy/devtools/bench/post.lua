-- wrk's request for the benchmark (proxy/devtools, Benchmark): POST one body, with extra headers.
--   wrk -s post.lua <url> -- <body file> ["Name: value" ...]
-- Set in init(), before wrk formats the request once per thread: every call sends the same bytes and no Lua runs
-- per call. done() prints one line the benchmark parses (latencies in microseconds).

function init(args)
   local file = assert(io.open(args[1], "rb"))
   wrk.method = "POST"
   wrk.body = file:read("*a")
   file:close()
   wrk.headers["Content-Type"] = "application/json"
   for i = 2, #args do
      local name, value = args[i]:match("^([^:]+):%s*(.*)$")
      wrk.headers[name] = value
   end
end

function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format("bench-result calls=%d micros=%d p50=%d p99=%d errors=%d status_errors=%d\n",
      summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
      e.connect + e.read + e.write + e.timeout, e.status))
end
