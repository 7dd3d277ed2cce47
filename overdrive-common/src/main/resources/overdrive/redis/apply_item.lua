-- Applies the aggregated engagement deltas of one or more items atomically and idempotently.
-- Layout and reasoning: docs/decisions/0200-redis-key-layout.md; item_stats.lua is prepended.
-- Used on a Redis Cluster only (on a single server apply_user.lua writes item stats). All KEYS
-- of one call hash to one slot.
--
-- KEYS, 2 per item: stats hash (also holds the catalogue record), dedup marks sorted set
-- ARGV[1] now (ms)   ARGV[2] dedup window (ms)   ARGV[3] feature TTL (s)
-- ARGV[4] TTL refresh interval (ms)
-- then per item, in KEYS order: n, event ids (n), nf, (field, increment) x nf
--
-- Returns {0, applied}, or {1, item#, event id, ...} naming events already applied (then nothing
-- was written; the caller drops them and calls again). TTLs as in apply_user.lua.
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local horizon = now - window
local ttl = tonumber(ARGV[3])
local refresh = tonumber(ARGV[4])
local marks_ttl = math.ceil((window + refresh) / 1000)

-- pass 1, reads only
local dups = {1}
local reads = {}
local a = 5
for i = 1, #KEYS, 2 do
  local hash, marks = KEYS[i], KEYS[i + 1]
  local n = tonumber(ARGV[a])
  local scores = redis.call('ZMSCORE', marks, unpack(ARGV, a + 1, a + n))
  for e = 1, n do
    if scores[e] and tonumber(scores[e]) >= horizon then
      dups[#dups + 1] = (i - 1) / 2
      dups[#dups + 1] = ARGV[a + e]
    end
  end
  a = a + 1 + n
  reads[i], a = read_item_stats(hash, a)
end
if #dups > 1 then
  return dups
end

-- pass 2, writes only
local applied = 0
a = 5
for i = 1, #KEYS, 2 do
  local hash, marks = KEYS[i], KEYS[i + 1]
  local n = tonumber(ARGV[a])
  local zadd = {}
  for e = 1, n do
    zadd[2 * e - 1] = now
    zadd[2 * e] = ARGV[a + e]
  end
  redis.call('ZADD', marks, unpack(zadd))
  local due
  a, due = write_item_stats(hash, reads[i], a + 1 + n, now, refresh, ttl)
  if due then
    redis.call('ZREMRANGEBYSCORE', marks, '-inf', '(' .. horizon)
    redis.call('EXPIRE', marks, marks_ttl)
  end
  applied = applied + n
end
return {0, applied}
