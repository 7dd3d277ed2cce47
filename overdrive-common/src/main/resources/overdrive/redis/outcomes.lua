-- Shared by apply_user.lua and apply_rankings.lua (prepended, after item_stats.lua): the outcome
-- counters of experiment arms, one hash per slot (KEYS' last; od:o:{<slot tag>}), fields
-- '<arm code>:<name>' (docs/decisions/0204-served-ranking-log.md). OUT_FIELDS is
-- io.overdrive.outcomes.OutcomeField in order: the first OUT_PLAIN are sums the caller adds, the
-- rest follow from the change of each user's running totals in the arm (users, sums of squares and
-- products, for the clustered confidence intervals).
local OUT_FIELDS = {'rankings', 'events', 'impressions', 'engaged', 'likes', 'shares', 'comments',
  'long_views', 'skips', 'not_interested', 'reports', 'dwell_ms',
  'users', 'ii', 'ee', 'll', 'dd', 'ei', 'li', 'di'}
local OUT_PLAIN = 12
local OUT_ARM = OUT_PLAIN + 1 -- arguments per arm: code, then the OUT_PLAIN sums

-- Reads what a call's arm sums will add to. A from position a: narms, then per arm its code and
-- OUT_PLAIN sums. Returns the HMGET reply and the field names, in arm order (a key of the wrong
-- type raises).
local function read_outcomes(A, okey, a)
  local names = {}
  for j = 1, A[a] do
    local code = A[a + 1 + (j - 1) * OUT_ARM]
    for f = 1, #OUT_FIELDS do
      names[#names + 1] = code .. ':' .. OUT_FIELDS[f]
    end
  end
  if #names == 0 then
    return {}, names
  end
  return redis.call('HMGET', okey, unpack(names)), names
end

-- Writes the arms' new values: what read_outcomes read, plus the sums from A at position a, plus
-- per arm code the users and moments in derived[code] (a table of #OUT_FIELDS - OUT_PLAIN, or
-- nil), and gives the hash the feature TTL.
local function write_outcomes(A, okey, cur, names, a, derived, ttl_s)
  local hset = {}
  for j = 1, A[a] do
    local p = a + 1 + (j - 1) * OUT_ARM
    local d = derived[A[p]]
    local base = (j - 1) * #OUT_FIELDS
    for f = 1, #OUT_FIELDS do
      local add
      if f <= OUT_PLAIN then
        add = A[p + f]
      else
        add = d and d[f - OUT_PLAIN] or 0
      end
      hset[2 * (base + f) - 1] = names[base + f]
      hset[2 * (base + f)] = fmt((tonumber(cur[base + f]) or 0) + add)
    end
  end
  if #hset > 0 then
    redis.call('HSET', okey, unpack(hset))
    redis.call('EXPIRE', okey, ttl_s)
  end
end

-- Adds to derived[code] what a user's running totals in the arm changing from
-- (n0, i0, e0, l0, d0) to (n1, ...) change: a new user, and the sums of squares and products
-- (telescoping: over all changes they are the final totals' squares and products).
local function add_user_moments(derived, code, n0, i0, e0, l0, d0, n1, i1, e1, l1, d1)
  local m = derived[code]
  if not m then
    m = {0, 0, 0, 0, 0, 0, 0, 0}
    derived[code] = m
  end
  if n0 == 0 and n1 > 0 then
    m[1] = m[1] + 1
  end
  m[2] = m[2] + (i1 * i1 - i0 * i0)
  m[3] = m[3] + (e1 * e1 - e0 * e0)
  m[4] = m[4] + (l1 * l1 - l0 * l0)
  m[5] = m[5] + (d1 * d1 - d0 * d0)
  m[6] = m[6] + (e1 * i1 - e0 * i0)
  m[7] = m[7] + (l1 * i1 - l0 * i0)
  m[8] = m[8] + (d1 * i1 - d0 * i0)
end
