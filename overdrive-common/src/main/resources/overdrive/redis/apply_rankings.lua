-- Counts served rankings for their experiment arms, each ranking once per user, and records the
-- arms' names (docs/decisions/0204-served-ranking-log.md); item_stats.lua and outcomes.lua are
-- prepended. The caller groups keys so that all KEYS of one call hash to one slot.
--
-- KEYS: per user, the dedup marks sorted set (the one apply_user.lua checks event ids against: a
--   ranking's mark is 'ranking:<id>'); then the hash of the arms' outcome counters
-- A = cmsgpack.unpack(ARGV[1]):
-- A[1] now (ms)   A[2] dedup window (ms)   A[3] marks TTL (s)   A[4] feature TTL (s)
-- then per user, in KEYS order: n, (mark, arm index) x n
-- then narms, (arm code, experiment, variant) x narms; the arm index counts from 1
--
-- Returns the marks that were already there (redeliveries): those rankings were not counted.
-- Every key is type-checked before the first write, so a key of the wrong type fails the call
-- without a partial write.
local A = cmsgpack.unpack(ARGV[1])
local now = A[1]
local horizon = now - A[2]
local now_s = fmt(now)
local prune_below = '(' .. fmt(horizon)
local marks_ttl_s = fmt(A[3])
local ttl_s = fmt(A[4])
local okey = KEYS[#KEYS]

redis.call('HLEN', okey)
for u = 1, #KEYS - 1 do
  redis.call('ZCARD', KEYS[u])
end

local counts = {}
local dups = {}
local a = 5
for u = 1, #KEYS - 1 do
  local marks = KEYS[u]
  local n = A[a]
  for e = 1, n do
    local mark, arm = A[a + 2 * e - 1], A[a + 2 * e]
    local fresh = redis.call('ZADD', marks, 'NX', now_s, mark) == 1
    if not fresh and tonumber(redis.call('ZSCORE', marks, mark)) < horizon then
      redis.call('ZADD', marks, now_s, mark) -- a mark older than the window no longer counts
      fresh = true
    end
    if fresh then
      counts[arm] = (counts[arm] or 0) + 1
    else
      dups[#dups + 1] = mark
    end
  end
  -- marks older than the window no longer count: prune them here too, or a user who is served
  -- rankings but sends no event (whose script would prune at its TTL refresh) keeps them forever
  redis.call('ZREMRANGEBYSCORE', marks, '-inf', prune_below)
  redis.call('EXPIRE', marks, marks_ttl_s)
  a = a + 1 + 2 * n
end

local hset = {}
for j = 1, A[a] do
  local p = a + 3 * j - 2
  local code = A[p]
  hset[#hset + 1] = code .. ':experiment'
  hset[#hset + 1] = A[p + 1]
  hset[#hset + 1] = code .. ':variant'
  hset[#hset + 1] = A[p + 2]
  if counts[j] then
    local field = code .. ':' .. OUT_FIELDS[1]
    hset[#hset + 1] = field
    hset[#hset + 1] = fmt((tonumber(redis.call('HGET', okey, field)) or 0) + counts[j])
  end
end
if #hset > 0 then
  redis.call('HSET', okey, unpack(hset))
  redis.call('EXPIRE', okey, ttl_s)
end
return dups
