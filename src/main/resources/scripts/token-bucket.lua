-- One request against a token bucket, atomically, in one round trip (RateLimiter.java).
-- KEYS[1]: the bucket (a hash: t = tokens left, ts = when they were counted, ms)
-- ARGV[1]: capacity; ARGV[2]: period in ms over which a full bucket refills (evenly)
-- Returns {allowed (1|0), tokens left (whole), ms until one token is back (0 when allowed), ms until the bucket is full}
-- Time is the Redis server's, so every gateway sharing the bucket agrees on it.
local capacity = tonumber(ARGV[1])
local period = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 't', 'ts')
local tokens = tonumber(state[1])
local counted = tonumber(state[2])
if tokens == nil or counted == nil then
  tokens = capacity
  counted = now
end
local perMs = capacity / period
if now > counted then
  tokens = math.min(capacity, tokens + (now - counted) * perMs)
  counted = now
end
local allowed = 0
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  wait = math.ceil((1 - tokens) / perMs)
end
local full = math.ceil((capacity - tokens) / perMs)
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'ts', tostring(counted))
-- A bucket that would be full again is the same as no bucket: let Redis drop it.
redis.call('PEXPIRE', KEYS[1], full + 1000)
return {allowed, math.floor(tokens), wait, full}
