-- Shared by apply_user.lua and apply_item.lua: RedisFeatureStore prepends this file to each of
-- them (a script cannot load another), so both scripts find applied events and read and write
-- item stats the same way.
--
-- Arguments: the scripts get one argument, ARGV[1], a MessagePack array packed by ScriptArgs,
-- and read it as the table A = cmsgpack.unpack(ARGV[1]): ids and field names are strings, counts,
-- times and increments are numbers already (increments bit for bit), so nothing here parses text
-- except the stored values HMGET returns.

-- A number as stored: whole numbers in decimal (counters and times stay readable), every other
-- double as a C99 hexadecimal float, e.g. 0x1b3f000000000p-52: exact, like the '%.17g' this
-- replaced, but printed with integer formatting instead of a multi-precision printf, and read
-- back (Lua's tonumber, Java's Double.parseDouble) without a multi-precision strtod.
local TWO53 = 9007199254740992
local function fmt(v)
  if v == math.floor(v) and v > -TWO53 and v < TWO53 then
    return string.format('%d', v)
  end
  if v ~= v or v == math.huge or v == -math.huge then
    return string.format('%.17g', v)
  end
  local m, e = math.frexp(v) -- v = m * 2^e, 0.5 <= |m| < 1: m * 2^53 is a whole number
  if m < 0 then
    return string.format('-0x%xp%d', -m * TWO53, e - 53)
  end
  return string.format('0x%xp%d', m * TWO53, e - 53)
end

-- Reads what an item's summed increments will add to. A from position a: nf, then
-- (field, increment) x nf. Returns {_ttl_at, field values...} and the position after them; a key
-- of the wrong type raises.
-- Appends to dups (group#, event id) each of the n event ids at A[a + 1 .. a + n] that has a mark
-- in the sorted set marks no older than horizon: events already applied.
local function find_applied(A, marks, a, n, horizon, dups, group)
  local scores = redis.call('ZMSCORE', marks, unpack(A, a + 1, a + n))
  for e = 1, n do
    if scores[e] and tonumber(scores[e]) >= horizon then
      dups[#dups + 1] = group
      dups[#dups + 1] = A[a + e]
    end
  end
end

local item_fields = {'_ttl_at'} -- argument tables reused from item to item (explicit bounds)
local item_hset = {}

local function read_item_stats(A, hash, a)
  local nf = A[a]
  for f = 1, nf do
    item_fields[f + 1] = A[a + 2 * f - 1]
  end
  return redis.call('HMGET', hash, unpack(item_fields, 1, nf + 1)), a + 1 + 2 * nf
end

-- Writes the sums read_item_stats prepared (cur = its reply) and refreshes the hash's TTL when
-- its _ttl_at is older than due_before. now_s and ttl_s: the time and the TTL, printed (fmt).
-- Returns the position after the item's arguments and whether the refresh was due.
local function write_item_stats(A, hash, cur, a, due_before, now_s, ttl_s)
  local due = (tonumber(cur[1]) or 0) < due_before
  local nf = A[a]
  for f = 1, nf do
    item_hset[2 * f - 1] = A[a + 2 * f - 1]
    item_hset[2 * f] = fmt((tonumber(cur[f + 1]) or 0) + A[a + 2 * f])
  end
  local h = 2 * nf
  if due then
    item_hset[h + 1] = '_ttl_at'
    item_hset[h + 2] = now_s
    h = h + 2
  end
  if h > 0 then
    redis.call('HSET', hash, unpack(item_hset, 1, h))
  end
  if due then
    redis.call('EXPIRE', hash, ttl_s)
  end
  return a + 1 + 2 * nf, due
end
