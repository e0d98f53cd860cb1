/**
 * The versioned write, run atomically inside Redis. Checking the version, writing and publishing
 * in one script means a subscriber never sees a write that lost its version check, and never
 * misses one that won.
 *
 * The stored value is a JSON envelope `{"v":<version>,"u":<updatedAt>,"w":"<writeId>","d":<value>}`
 * built by concatenation: the value is never decoded in Lua, because cjson would turn `[]` into
 * `{}` and round large numbers. The header is read back with a pattern anchored on its fixed shape.
 *
 * The write id makes the script safe to run twice: ioredis resends a command whose reply was lost
 * to a dropped connection, and if the first run committed, the second must report that success
 * rather than bump the version again (or fail its own version check).
 *
 * KEYS[1]  the prefixed key
 * ARGV[1]  expected version, or '' for an unconditional write
 * ARGV[2]  the value as JSON
 * ARGV[3]  updatedAt (ms)
 * ARGV[4]  ttl in ms, or '' for none
 * ARGV[5]  the change channel
 * ARGV[6]  the unprefixed key as a JSON string, for the change message
 * ARGV[7]  the write id, unique per put call ([A-Za-z0-9:]+)
 *
 * Returns {1, newVersion} on success, {0, currentVersion} on a version mismatch.
 */
export const PUT_SCRIPT = `
local current = redis.call('GET', KEYS[1])
local version = 0
if current then
  local found, writeId = string.match(current, '^{"v":(%d+),"u":[^,]*,"w":"([^"]*)",')
  if not found then
    return redis.error_reply('HANDOFF_CORRUPT value at ' .. KEYS[1] .. ' is not a store envelope')
  end
  version = tonumber(found)
  if writeId == ARGV[7] then
    return {1, version}
  end
end
if ARGV[1] ~= '' and tonumber(ARGV[1]) ~= version then
  return {0, version}
end
version = version + 1
local v = string.format('%d', version)
local envelope = '{"v":' .. v .. ',"u":' .. ARGV[3] .. ',"w":"' .. ARGV[7] .. '","d":' .. ARGV[2] .. '}'
if ARGV[4] ~= '' then
  redis.call('SET', KEYS[1], envelope, 'PX', ARGV[4])
else
  redis.call('SET', KEYS[1], envelope)
end
redis.call('PUBLISH', ARGV[5], '{"key":' .. ARGV[6] .. ',"version":' .. v .. ',"value":' .. ARGV[2] .. '}')
return {1, version}
`;

/** Name under which the script is registered with `defineCommand` (EVALSHA, EVAL on NOSCRIPT). */
export const PUT_COMMAND = 'handoffStorePut';
