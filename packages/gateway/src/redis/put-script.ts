/**
 * The versioned write, run atomically inside Redis. Checking the version, writing and publishing
 * in one script means a subscriber never sees a write that lost its version check, and never
 * misses one that won.
 *
 * The stored value is a JSON envelope `{"v":<version>,"u":<updatedAt>,"d":<value>}` built by
 * concatenation: the value is never decoded in Lua, because cjson would turn `[]` into `{}` and
 * round large numbers. The version is read back with a pattern anchored on the fixed `{"v":` head.
 *
 * KEYS[1]  the prefixed key
 * ARGV[1]  expected version, or '' for an unconditional write
 * ARGV[2]  the value as JSON
 * ARGV[3]  updatedAt (ms)
 * ARGV[4]  ttl in ms, or '' for none
 * ARGV[5]  the change channel
 * ARGV[6]  the unprefixed key as a JSON string, for the change message
 *
 * Returns {1, newVersion} on success, {0, currentVersion} on a version mismatch.
 */
export const PUT_SCRIPT = `
local current = redis.call('GET', KEYS[1])
local version = 0
if current then
  local found = string.match(current, '^{"v":(%d+),')
  if not found then
    return redis.error_reply('HANDOFF_CORRUPT value at ' .. KEYS[1] .. ' is not a store envelope')
  end
  version = tonumber(found)
end
if ARGV[1] ~= '' and tonumber(ARGV[1]) ~= version then
  return {0, version}
end
version = version + 1
local v = string.format('%d', version)
local envelope = '{"v":' .. v .. ',"u":' .. ARGV[3] .. ',"d":' .. ARGV[2] .. '}'
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
