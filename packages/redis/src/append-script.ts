/**
 * A session log append, run atomically inside Redis: the entries land as one contiguous run and
 * the log's expiry moves with them, in one command and one round trip per turn.
 *
 * RPUSH takes the entries a hundred at a time: `unpack` of a long batch would overflow Lua's stack.
 *
 * KEYS[1]  the prefixed key of the log
 * ARGV[1]  ttl in ms, or '' for none
 * ARGV[2…] the entries, as JSON
 *
 * Returns the log's new length.
 */
export const APPEND_SCRIPT = `
local length = 0
for i = 2, #ARGV, 100 do
  length = redis.call('RPUSH', KEYS[1], unpack(ARGV, i, math.min(i + 99, #ARGV)))
end
if ARGV[1] ~= '' then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return length
`;

export const APPEND_COMMAND = 'handoffAppend';
