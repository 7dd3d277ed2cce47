-- Applies the aggregated feature deltas of one or more users atomically and idempotently.
-- Layout: docs/decisions/0200-redis-key-layout.md. The caller (RedisFeatureStore) groups keys so
-- that all KEYS of one call hash to one slot.
--
-- KEYS, 3 per user: features hash, recent-item sequence list, dedup marks sorted set
-- ARGV[1] now (ms)   ARGV[2] dedup window (ms)   ARGV[3] feature TTL (s)
-- ARGV[4] sequence length   ARGV[5] session timeout (ms)
-- then per user, in KEYS order:
--   n, event ids (n), event times in ms (n, in delivery order),
--   nf, (field, increment) x nf     increments already summed over the n events
--   ns, item ids to push (ns, oldest first)
--
-- Returns {0, applied} when applied, or {1, user#, event id, user#, event id, ...} naming the
-- events already applied (user# counts from 0) and writes nothing but the pruning of old marks:
-- the caller drops those events and calls again. Checking before writing keeps the aggregated
-- increments exact. (The sequence list is the one key not read before writing: a non-list there,
-- written by someone else, would fail the call after its hash writes.)
local now = tonumber(ARGV[1])
local horizon = now - tonumber(ARGV[2])
local window_s = math.ceil(tonumber(ARGV[2]) / 1000)
local ttl = tonumber(ARGV[3])
local seqlen = tonumber(ARGV[4])
local timeout = tonumber(ARGV[5])

local function fmt(v)
  return string.format('%.17g', v)
end

-- pass 1 (reads only, besides pruning expired marks): find redeliveries, read current values.
-- Every type-sensitive read happens here, so a key of the wrong type fails the call before it
-- wrote anything.
local dups = {1}
local reads = {}
local a = 6
for u = 1, #KEYS, 3 do
  local hash, marks = KEYS[u], KEYS[u + 2]
  redis.call('ZREMRANGEBYSCORE', marks, '-inf', '(' .. horizon)
  local n = tonumber(ARGV[a])
  local scores = redis.call('ZMSCORE', marks, unpack(ARGV, a + 1, a + n))
  for e = 1, n do
    if scores[e] then
      dups[#dups + 1] = (u - 1) / 3
      dups[#dups + 1] = ARGV[a + e]
    end
  end
  a = a + 1 + 2 * n
  local nf = tonumber(ARGV[a])
  local fields = {'last_event_ms', 'sessions'}
  for f = 1, nf do
    fields[f + 2] = ARGV[a + 2 * f - 1]
  end
  reads[u] = redis.call('HMGET', hash, unpack(fields))
  a = a + 1 + 2 * nf
  a = a + 1 + tonumber(ARGV[a])
end
if #dups > 1 then
  return dups
end

-- pass 2 (writes only): mark, add, touch the session, push the sequence, refresh TTLs
local applied = 0
a = 6
for u = 1, #KEYS, 3 do
  local hash, seq, marks = KEYS[u], KEYS[u + 1], KEYS[u + 2]
  local n = tonumber(ARGV[a])
  local zadd = {}
  for e = 1, n do
    zadd[2 * e - 1] = now
    zadd[2 * e] = ARGV[a + e]
  end
  redis.call('ZADD', marks, unpack(zadd))
  redis.call('EXPIRE', marks, window_s)
  local times = a + n + 1
  a = a + 1 + 2 * n

  local nf = tonumber(ARGV[a])
  local cur = reads[u]
  local last = tonumber(cur[1]) or 0
  local sessions = tonumber(cur[2]) or 0
  for e = 0, n - 1 do
    local t = tonumber(ARGV[times + e])
    if t - last > timeout then
      sessions = sessions + 1
    end
    if t > last then
      last = t
    end
  end
  local hset = {'last_event_ms', fmt(last), 'sessions', fmt(sessions)}
  for f = 1, nf do
    hset[#hset + 1] = ARGV[a + 2 * f - 1]
    hset[#hset + 1] = fmt((tonumber(cur[f + 2]) or 0) + tonumber(ARGV[a + 2 * f]))
  end
  redis.call('HSET', hash, unpack(hset))
  redis.call('EXPIRE', hash, ttl)
  a = a + 1 + 2 * nf

  local ns = tonumber(ARGV[a])
  if ns > 0 then
    redis.call('LPUSH', seq, unpack(ARGV, a + 1, a + ns))
    redis.call('LTRIM', seq, 0, seqlen - 1)
    redis.call('EXPIRE', seq, ttl)
  end
  a = a + 1 + ns
  applied = applied + n
end
return {0, applied}
