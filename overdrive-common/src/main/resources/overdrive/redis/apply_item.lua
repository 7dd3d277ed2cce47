-- Applies the aggregated engagement deltas of one or more items atomically and idempotently.
-- Layout: docs/decisions/0200-redis-key-layout.md. All KEYS of one call hash to one slot.
--
-- KEYS, 2 per item: stats hash (also holds the catalogue record), dedup marks sorted set
-- ARGV[1] now (ms)   ARGV[2] dedup window (ms)   ARGV[3] feature TTL (s)
-- then per item, in KEYS order: n, event ids (n), nf, (field, increment) x nf
--
-- Returns {0, applied}, or {1, item#, event id, ...} naming events already applied (nothing but
-- the pruning of old marks is written then; the caller drops them and calls again).
local now = tonumber(ARGV[1])
local horizon = now - tonumber(ARGV[2])
local window_s = math.ceil(tonumber(ARGV[2]) / 1000)
local ttl = tonumber(ARGV[3])

local function fmt(v)
  return string.format('%.17g', v)
end

-- pass 1 (reads only, besides pruning expired marks): redeliveries and current values
local dups = {1}
local reads = {}
local a = 4
for i = 1, #KEYS, 2 do
  local hash, marks = KEYS[i], KEYS[i + 1]
  redis.call('ZREMRANGEBYSCORE', marks, '-inf', '(' .. horizon)
  local n = tonumber(ARGV[a])
  local scores = redis.call('ZMSCORE', marks, unpack(ARGV, a + 1, a + n))
  for e = 1, n do
    if scores[e] then
      dups[#dups + 1] = (i - 1) / 2
      dups[#dups + 1] = ARGV[a + e]
    end
  end
  a = a + 1 + n
  local nf = tonumber(ARGV[a])
  local fields = {}
  for f = 1, nf do
    fields[f] = ARGV[a + 2 * f - 1]
  end
  -- an empty field list would be a syntax error; every event counts something, but be safe
  reads[i] = nf > 0 and redis.call('HMGET', hash, unpack(fields)) or {}
  a = a + 1 + 2 * nf
end
if #dups > 1 then
  return dups
end

-- pass 2 (writes only)
local applied = 0
a = 4
for i = 1, #KEYS, 2 do
  local hash, marks = KEYS[i], KEYS[i + 1]
  local n = tonumber(ARGV[a])
  local zadd = {}
  for e = 1, n do
    zadd[2 * e - 1] = now
    zadd[2 * e] = ARGV[a + e]
  end
  redis.call('ZADD', marks, unpack(zadd))
  redis.call('EXPIRE', marks, window_s)
  a = a + 1 + n

  local nf = tonumber(ARGV[a])
  if nf > 0 then
    local cur = reads[i]
    local hset = {}
    for f = 1, nf do
      hset[2 * f - 1] = ARGV[a + 2 * f - 1]
      hset[2 * f] = fmt((tonumber(cur[f]) or 0) + tonumber(ARGV[a + 2 * f]))
    end
    redis.call('HSET', hash, unpack(hset))
  end
  redis.call('EXPIRE', hash, ttl)
  a = a + 1 + 2 * nf
  applied = applied + n
end
return {0, applied}
