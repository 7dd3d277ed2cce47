-- Applies the aggregated engagement deltas of one or more items atomically and idempotently.
-- Layout and reasoning: docs/decisions/0200-redis-key-layout.md; item_stats.lua is prepended.
-- Used on a Redis Cluster only (on a single server apply_user.lua writes item stats). All KEYS
-- of one call hash to one slot.
--
-- KEYS, 2 per item: stats hash (also holds the catalogue record), dedup marks sorted set
-- A = the arguments, unpacked (item_stats.lua):
-- A[1] now (ms)   A[2] dedup window (ms)   A[3] feature TTL (s)
-- A[4] TTL refresh interval (ms)
-- then per item, in KEYS order: n, event ids (n), nf, (field, increment) x nf
--
-- Returns {0, applied}, or {1, item#, event id, ...} naming events already applied (then nothing
-- was written; the caller drops them and calls again). TTLs as in apply_user.lua.
local A = cmsgpack.unpack(ARGV[1]) -- the packed arguments, see item_stats.lua
local now = A[1]
local window = A[2]
local horizon = now - window
local ttl = A[3]
local refresh = A[4]
local now_s = fmt(now)
local ttl_s = fmt(ttl)
local marks_ttl_s = fmt(math.ceil((window + refresh) / 1000))
local prune_below = '(' .. fmt(horizon)

-- pass 1, reads only
local dups = {1}
local reads = {}
local a = 5
for i = 1, #KEYS, 2 do
  local hash, marks = KEYS[i], KEYS[i + 1]
  local n = A[a]
  find_applied(A, marks, a, n, horizon, dups, (i - 1) / 2)
  a = a + 1 + n
  reads[(i + 1) / 2], a = read_item_stats(A, hash, a) -- dense indices: Lua's array part
end
if #dups > 1 then
  return dups
end

-- pass 2, writes only
local applied = 0
a = 5
for i = 1, #KEYS, 2 do
  local hash, marks = KEYS[i], KEYS[i + 1]
  local n = A[a]
  local zadd = {}
  for e = 1, n do
    zadd[2 * e - 1] = now_s
    zadd[2 * e] = A[a + e]
  end
  redis.call('ZADD', marks, unpack(zadd))
  local due
  a, due = write_item_stats(A, hash, reads[(i + 1) / 2], a + 1 + n, now - refresh, now_s, ttl_s)
  if due then
    redis.call('ZREMRANGEBYSCORE', marks, '-inf', prune_below)
    redis.call('EXPIRE', marks, marks_ttl_s)
  end
  applied = applied + n
end
return {0, applied}
