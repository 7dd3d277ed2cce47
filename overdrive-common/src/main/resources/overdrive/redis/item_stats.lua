-- Shared by apply_user.lua and apply_item.lua: RedisFeatureStore prepends this file to each of
-- them (a script cannot load another), so both scripts read and write item stats the same way.

local function fmt(v)
  return string.format('%.17g', v)
end

-- Reads what an item's summed increments will add to. ARGV from position a: nf, then
-- (field, increment) x nf. Returns {_ttl_at, field values...} and the position after them.
local function read_item_stats(hash, a)
  local nf = tonumber(ARGV[a])
  local fields = {'_ttl_at'}
  for f = 1, nf do
    fields[f + 1] = ARGV[a + 2 * f - 1]
  end
  return redis.call('HMGET', hash, unpack(fields)), a + 1 + 2 * nf
end

-- Writes the sums read_item_stats prepared (cur = its reply) and refreshes the hash's TTL when
-- due. Returns the position after the item's arguments and whether the refresh was due.
local function write_item_stats(hash, cur, a, now, refresh, ttl)
  local due = (tonumber(cur[1]) or 0) < now - refresh
  local nf = tonumber(ARGV[a])
  local hset = {}
  for f = 1, nf do
    hset[2 * f - 1] = ARGV[a + 2 * f - 1]
    hset[2 * f] = fmt((tonumber(cur[f + 1]) or 0) + tonumber(ARGV[a + 2 * f]))
  end
  if due then
    hset[#hset + 1] = '_ttl_at'
    hset[#hset + 1] = fmt(now)
  end
  if #hset > 0 then
    redis.call('HSET', hash, unpack(hset))
  end
  if due then
    redis.call('EXPIRE', hash, ttl)
  end
  return a + 1 + 2 * nf, due
end
