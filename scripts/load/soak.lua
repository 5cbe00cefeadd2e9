-- wrk script for scripts/load/soak.sh: 95 % page reads, 5 % API writes.
--
-- Reads: GET of a page from `paths` (the site's sitemap, written into soak-paths.lua by
-- soak.sh). Writes: PUT /api/articles/soak-N (If-Match: *) of one of the articles
-- soak.sh created, with a text drawn from a fixed set of sentences: the data and its
-- vocabulary keep their size, so resident memory should stay flat. Every status is counted per thread and summed in done().

local paths = dofile(os.getenv("SOAK_PATHS"))
local token = os.getenv("SOAK_TOKEN")
local edits = tonumber(os.getenv("SOAK_EDITS"))
local write_share = tonumber(os.getenv("SOAK_WRITE_SHARE") or "0.05")

-- The edits' text comes from these sentences only: the vocabulary stays bounded, so the
-- indexes keep their size (a number per edit would add a term to them every time).
local sentences = {
   "Hội nghị sơ kết công tác thi đua khen thưởng sáu tháng đầu năm.",
   "Viện kiểm sát nhân dân tỉnh tổ chức tập huấn nghiệp vụ.",
   "Đoàn công tác đã kiểm tra việc giải quyết án hình sự tại huyện.",
   "Các đơn vị báo cáo kết quả thực hiện kế hoạch năm.",
   "Lãnh đạo tỉnh trao giấy khen cho các tập thể có thành tích xuất sắc.",
   "Cuộc thi kỹ năng kiểm sát viên thu hút đông đảo cán bộ tham gia.",
   "Ban chấp hành công đoàn thăm hỏi gia đình chính sách.",
   "Phiên tòa rút kinh nghiệm được tổ chức theo đúng quy định.",
}

local threads = {}

function setup(thread)
   thread:set("tid", #threads + 1)
   table.insert(threads, thread)
end

local counts = {}
local n = 0

function init(args)
   math.randomseed(tid * 7919 + os.time())
   counts = { s2 = 0, s3 = 0, s4 = 0, s5 = 0, writes = 0, writes_ok = 0 }
end

function request()
   n = n + 1
   if math.random() < write_share then
      counts.writes = counts.writes + 1
      local k = math.random(edits)
      local body = string.format(
         '{"id":"soak-%d","title":"Bài thử tải số %d","body":"%s\\n%s",' ..
         '"category":"Thử tải","tags":["Thử tải"],"published":"17/8/2018"}', k, k,
         sentences[math.random(#sentences)], sentences[math.random(#sentences)])
      return wrk.format("PUT", "/api/articles/soak-" .. k, {
         ["Authorization"] = "Bearer " .. token,
         ["Content-Type"] = "application/json",
         ["If-Match"] = "*",
      }, body)
   end
   return wrk.format("GET", paths[math.random(#paths)])
end

function response(status, headers, body)
   if status >= 400 and first_bad == nil then
      -- The first error answer of this thread, for the report.
      first_bad = string.format("%d %s", status, string.sub(body or "", 1, 300))
   end
   if status >= 500 then
      counts.s5 = counts.s5 + 1
   elseif status >= 400 then
      counts.s4 = counts.s4 + 1
   elseif status >= 300 then
      counts.s3 = counts.s3 + 1
   else
      counts.s2 = counts.s2 + 1
      -- Pages are HTML or XML; only the API answers application/json.
      local ct = headers["content-type"] or headers["Content-Type"] or ""
      if ct == "application/json" then counts.writes_ok = counts.writes_ok + 1 end
   end
   -- Mirror into the thread's globals so done() can read them.
   s2, s3, s4, s5, writes, writes_ok =
      counts.s2, counts.s3, counts.s4, counts.s5, counts.writes, counts.writes_ok
end

function done(summary, latency, requests)
   local t = { s2 = 0, s3 = 0, s4 = 0, s5 = 0, writes = 0, writes_ok = 0 }
   for _, th in ipairs(threads) do
      for k, _ in pairs(t) do t[k] = t[k] + (th:get(k) or 0) end
   end
   for _, th in ipairs(threads) do
      local bad = th:get("first_bad")
      if bad then io.write("first error answer: " .. bad .. "\n") end
   end
   local e = summary.errors
   io.write(string.format("requests %d in %.1f s: %.0f req/s\n", summary.requests,
      summary.duration / 1e6, summary.requests / (summary.duration / 1e6)))
   io.write(string.format("status 2xx %d, 3xx %d, 4xx %d, 5xx %d; writes sent %d, 2xx %d\n",
      t.s2, t.s3, t.s4, t.s5, t.writes, t.writes_ok))
   io.write(string.format("socket errors: connect %d, read %d, write %d, timeout %d\n",
      e.connect, e.read, e.write, e.timeout))
   io.write(string.format("latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
      latency:percentile(50) / 1000, latency:percentile(90) / 1000,
      latency:percentile(99) / 1000, latency.max / 1000))
   io.write(string.format("SOAK_5XX=%d SOAK_4XX=%d SOAK_SOCKET_ERRORS=%d\n", t.s5, t.s4,
      e.connect + e.read + e.write + e.timeout))
end
