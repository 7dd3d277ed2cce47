-- Applies the aggregated feature deltas of one or more users atomically and idempotently, and on
-- a single server (not a Cluster) the item statistics of the same events in the same call.
-- Layout and reasoning: docs/decisions/0200-redis-key-layout.md; item_stats.lua is prepended.
-- The caller (RedisFeatureStore) groups keys so that all KEYS of one call hash to one slot.
--
-- KEYS, 3 per user: features hash, recent-item sequence list, dedup marks sorted set;
--   then A[7] item stats hashes; then, when A[8] is 1, the hash of the arms' outcome counters
--   (outcomes.lua is prepended too)
-- A = the arguments, unpacked (item_stats.lua):
-- A[1] now (ms)   A[2] dedup window (ms)   A[3] feature TTL (s)
-- A[4] sequence length   A[5] session timeout (ms)   A[6] TTL refresh interval (ms)
-- A[7] number of item keys (0 on a Cluster, where apply_item.lua updates items with marks of
--   their own)   A[8] 1 when the call counts outcomes of experiment arms, else 0
-- then per user, in KEYS order:
--   n, event ids (n), event times in ms (n, in delivery order),
--   nf, (field, increment) x nf     increments already summed over the n events
--   ns, item ids to push (ns, oldest first)
--   na, (arm code, events, impressions, engaged, likes, dwell_ms) x na: what the user's events
--     add to the user's running totals in each arm they count for (field 'o:<code>', 5 numbers
--     packed with cmsgpack); the change updates the arm's users and sums of squares and products
-- then per item, in KEYS order: nf, (field, increment) x nf, summed over this call's events
-- then, when A[8] is 1: narms, (arm code, OUT_PLAIN sums) x narms (outcomes.lua)
--
-- Returns {0, applied}, or {1, user#, event id, user#, event id, ...} naming events already
-- applied (user# counts from 0); then nothing was written and the caller drops those events (and
-- their item increments) and calls again. The user's marks are then the only marks an event
-- needs: its item counts are written in the same atomic call or not at all. Checking before
-- writing keeps the pre-summed increments exact, and pass 1 touches every key pass 2 writes, so a
-- key of the wrong type fails the call without a partial write.
--
-- The common one-event group is checked and marked by one ZADD NX in pass 1 instead of ZMSCORE
-- there and ZADD in pass 2 (one command less per user). Those marks are the only writes of pass
-- 1: whenever the call then writes nothing (a redelivery elsewhere in the call, or any error in
-- pass 1, caught by pcall), it removes them again before it returns. So a call that finds a
-- redelivery still writes (ZADD, then ZREM: replicas and the AOF see both), and, as for any
-- script that has written, SCRIPT KILL cannot stop it once it marked.
--
-- TTLs and the pruning of expired marks are refreshed when the hash's _ttl_at field is older than
-- the refresh interval (at most hourly), not on every write: EXPIRE and ZREMRANGEBYSCORE on every
-- event would cost a third of the script. A key created between refreshes gets its TTL at once.
local A = cmsgpack.unpack(ARGV[1]) -- the packed arguments, see item_stats.lua
local now = A[1]
local window = A[2]
local horizon = now - window
local ttl = A[3]
local seqlen = A[4]
local timeout = A[5]
local refresh = A[6]
local nitems = A[7]
local nout = A[8]
local nuserkeys = #KEYS - nitems - nout
local okey = KEYS[#KEYS] -- the outcome counters, when nout is 1
local FIRST = 9 -- the first user's arguments
-- numbers passed to redis.call are printed with '%.17g' on every call: print them once
local now_s = fmt(now)
local ttl_s = fmt(ttl)
local marks_ttl_s = fmt(math.ceil((window + refresh) / 1000))
local prune_below = '(' .. fmt(horizon)
local trim_to = fmt(seqlen - 1)
local due_before = now - refresh

-- pass 1: redeliveries (a mark older than the window no longer counts), the current values of
-- the fields to add to, and the type of every key pass 2 writes (a key of the wrong type raises
-- here, before pass 2). Argument tables are reused from user to user (unpack with explicit
-- bounds), so a call allocates little for Lua's collector to reclaim.
local dups = {1}
local reads = {}
local itemreads = {}
local outreads, outnames
local marked = {} -- per user: 1 = marked in pass 1, 2 = an expired mark to re-score in pass 2
local added = {} -- marks pass 1 added: key, id, key, id, ...
local fields = {'_ttl_at', 'last_event_ms', 'sessions'}
local a = FIRST
local function check()
  for u = 1, nuserkeys, 3 do
    local k = (u + 2) / 3 -- the user's number from 1: dense indices stay in Lua's array part
    local n = A[a]
    local marks = KEYS[u + 2]
    if n == 1 then
      local id = A[a + 1]
      if redis.call('ZADD', marks, 'NX', now_s, id) == 1 then
        marked[k] = 1
        added[#added + 1] = marks
        added[#added + 1] = id
      elseif tonumber(redis.call('ZSCORE', marks, id)) >= horizon then
        dups[#dups + 1] = k - 1
        dups[#dups + 1] = id
      else
        marked[k] = 2
      end
    else
      find_applied(A, marks, a, n, horizon, dups, k - 1)
    end
    a = a + 1 + 2 * n
    local nf = A[a]
    for f = 1, nf do
      fields[f + 3] = A[a + 2 * f - 1]
    end
    local p = a + 1 + 2 * nf -- the pushes
    local o = p + 1 + A[p] -- the user's arm totals
    local na = A[o]
    for j = 1, na do
      fields[nf + 3 + j] = 'o:' .. A[o + 1 + 6 * (j - 1)]
    end
    reads[k] = redis.call('HMGET', KEYS[u], unpack(fields, 1, nf + 3 + na))
    if A[p] > 0 then
      redis.call('LLEN', KEYS[u + 1]) -- the list pass 2 pushes to must be a list
    end
    a = o + 1 + 6 * na
  end
  for i = nuserkeys + 1, nuserkeys + nitems do
    itemreads[i - nuserkeys], a = read_item_stats(A, KEYS[i], a)
  end
  if nout == 1 then
    outreads, outnames = read_outcomes(A, okey, a)
  end
end
local ok, err = pcall(check)
if not ok or #dups > 1 then
  -- this call writes nothing: take back the marks pass 1 added, then report
  for i = 1, #added, 2 do
    redis.call('ZREM', added[i], added[i + 1])
  end
  if not ok then
    error(err) -- e.g. WRONGTYPE, as redis.call raised it
  end
  return dups
end

-- pass 2, writes only
local applied = 0
local zadd = {}
local hset = {'last_event_ms', 0, 'sessions', 0}
local derived = {} -- per arm code: users and moments (outcomes.lua)
a = FIRST
for u = 1, nuserkeys, 3 do
  local hash, seq, marks = KEYS[u], KEYS[u + 1], KEYS[u + 2]
  local k = (u + 2) / 3
  local cur = reads[k]
  local created = not cur[1] -- no _ttl_at yet: the user's keys are new (nothing to prune)
  local due = (tonumber(cur[1]) or 0) < due_before
  local n = A[a]
  if marked[k] ~= 1 then
    for e = 1, n do
      zadd[2 * e - 1] = now_s
      zadd[2 * e] = A[a + e]
    end
    redis.call('ZADD', marks, unpack(zadd, 1, 2 * n))
  end
  local times = a + n + 1
  a = a + 1 + 2 * n

  local nf = A[a]
  local last = tonumber(cur[2]) or 0
  local sessions = tonumber(cur[3]) or 0
  for e = 0, n - 1 do
    local t = A[times + e]
    if t - last > timeout then
      sessions = sessions + 1
    end
    if t > last then
      last = t
    end
  end
  hset[2] = fmt(last)
  hset[4] = fmt(sessions)
  local h = 4
  for f = 1, nf do
    hset[h + 1] = A[a + 2 * f - 1]
    hset[h + 2] = fmt((tonumber(cur[f + 3]) or 0) + A[a + 2 * f])
    h = h + 2
  end
  local p = a + 1 + 2 * nf
  local o = p + 1 + A[p]
  for j = 1, A[o] do
    local q = o + 1 + 6 * (j - 1)
    local n0, i0, e0, l0, d0 = 0, 0, 0, 0, 0
    local old = cur[nf + 3 + j]
    if old then
      n0, i0, e0, l0, d0 = cmsgpack.unpack(old)
    end
    local n1, i1, e1, l1, d1 =
      n0 + A[q + 1], i0 + A[q + 2], e0 + A[q + 3], l0 + A[q + 4], d0 + A[q + 5]
    hset[h + 1] = 'o:' .. A[q]
    hset[h + 2] = cmsgpack.pack(n1, i1, e1, l1, d1)
    h = h + 2
    add_user_moments(derived, A[q], n0, i0, e0, l0, d0, n1, i1, e1, l1, d1)
  end
  if due then
    hset[h + 1] = '_ttl_at'
    hset[h + 2] = now_s
    h = h + 2
  end
  redis.call('HSET', hash, unpack(hset, 1, h))
  a = p

  local ns = A[a]
  if ns > 0 then
    local len = redis.call('LPUSH', seq, unpack(A, a + 1, a + ns))
    if len > seqlen then
      redis.call('LTRIM', seq, 0, trim_to)
    end
    if len == ns and not due then
      redis.call('EXPIRE', seq, ttl_s) -- the list was just created
    end
  end
  a = a + 1 + ns

  if due then
    redis.call('EXPIRE', hash, ttl_s)
    if ns > 0 or not created then -- a new user's list exists only if this call pushed
      redis.call('EXPIRE', seq, ttl_s)
    end
    if not created then
      redis.call('ZREMRANGEBYSCORE', marks, '-inf', prune_below)
    end
    redis.call('EXPIRE', marks, marks_ttl_s)
  end
  a = o + 1 + 6 * A[o]
  applied = applied + n
end
for i = nuserkeys + 1, nuserkeys + nitems do
  a = write_item_stats(A, KEYS[i], itemreads[i - nuserkeys], a, due_before, now_s, ttl_s)
end
if nout == 1 then
  write_outcomes(A, okey, outreads, outnames, a, derived, ttl_s)
end
return {0, applied}
