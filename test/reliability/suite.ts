/** What `npm run reliability` runs and reports: every fault and attack file, and issue 10's findings. */
/** Every fault and attack file: what it covers, for the report. */
export const SUITE: Array<{ file: string; covers: string; redis?: boolean }> = [
  {
    file: 'packages/core/src/handoff/faults.test.ts',
    covers: 'issue 10, items 1, 2, 8: dead instance, unknown Transfer API outcome',
  },
  {
    file: 'packages/gateway/src/attacks.test.ts',
    covers:
      'issue 10, items 3, 4, 5, 7, 10: callback numbers, log injection, replay, desk session, vanished record',
  },
  {
    file: 'packages/gateway/src/webhooks-order.test.ts',
    covers: 'issue 10, item 6: CRM webhook order across instances',
  },
  { file: 'packages/core/src/handoff/records.test.ts', covers: 'issue 10, item 9: retention, listing cost' },
  {
    file: 'test/reliability/list-cost.test.ts',
    covers: 'issue 10, item 9: GET /v1/handoffs?limit=1 over 4,000 records',
  },
  {
    file: 'test/property/parsers.property.test.ts',
    covers: 'fast-check: Vobiz callbacks, stream frames, tool arguments, Pipecat RTVI readers',
  },
  {
    file: 'test/property/vobiz-routes.property.test.ts',
    covers: 'fast-check: every /vobiz/* route, any callback, any forged signature',
  },
  {
    file: 'test/property/api.property.test.ts',
    covers: 'fast-check: every /v1 POST body, any method/path/query, any credentials',
  },
  {
    file: 'test/property/webhooks.property.test.ts',
    covers: 'fast-check: every webhook platform handler, signed and forged',
  },
  {
    file: 'test/property/known-defects.test.ts',
    covers: 'defects the properties found in code this suite does not own (`it.fails` until fixed)',
  },
  { file: 'test/reliability/scenarios.test.ts', covers: 'fault scenarios, fast subset' },
  {
    file: 'test/reliability/media-socket.test.ts',
    covers:
      'the media WebSocket over real sockets: forged tokens, garbage frames, 1009 on oversize, a flood, a client that never reads',
  },
  {
    file: 'test/reliability/takeover-evidence.test.ts',
    covers: "a takeover waits for evidence that the stopped owner's Transfer request landed",
  },
  {
    file: 'test/reliability/freeze-partition.test.ts',
    covers: 'a gateway process frozen mid-transfer, cut from Redis while the human rings (fast subset)',
    redis: true,
  },
  {
    file: 'packages/core/src/handoff/claim-retirement.test.ts',
    covers: "a finished handoff's call claim keeps its retention ttl while its owner still renews",
  },
  {
    file: 'packages/core/src/handoff/call-gone.test.ts',
    covers: 'a definite call_not_live answer stops the ladder (the caller is gone)',
  },
  {
    file: 'packages/core/src/handoff/event-bus.test.ts',
    covers: "the event bus's memory of statuses is bounded",
  },
  {
    file: 'packages/redis/src/store-contract.test.ts',
    covers: 'the store contract on Redis (ttl, logs, tails)',
    redis: true,
  },
  {
    file: 'packages/redis/src/listing.test.ts',
    covers: 'issue 10, item 9 on Redis: limit=1 over 3,000 records reads O(limit), never scans',
    redis: true,
  },
  {
    file: 'packages/redis/src/scale-out.test.ts',
    covers: 'two instances on one Redis: one handoff per call',
    redis: true,
  },
  {
    file: 'packages/redis/src/redis-store.test.ts',
    covers: 'Redis down, connections dropped, store closed: typed errors, the subscription replayed',
    redis: true,
  },
];

/** The findings of the attack run in issue 10, each with the test that would have caught it. */
export const ISSUE_10: Array<{ item: number; finding: string; files: string[]; match: RegExp }> = [
  {
    item: 1,
    finding: 'A dead instance stranded the call on a `transferring` claim',
    files: ['packages/core/src/handoff/faults.test.ts'],
    match: /item 1\b/,
  },
  {
    item: 2,
    finding: 'Double transfer when the Transfer API outcome was unknown',
    files: ['packages/core/src/handoff/faults.test.ts'],
    match: /items? 2\b/,
  },
  {
    item: 3,
    finding: 'The callback path skipped number validation (`112`, SIP URI → 500)',
    files: ['packages/gateway/src/attacks.test.ts'],
    match: /item 3\b/,
  },
  {
    item: 4,
    finding: 'Log injection through a `%0a` in a refused callback path',
    files: ['packages/gateway/src/attacks.test.ts'],
    match: /item 4\b/,
  },
  {
    item: 5,
    finding: 'Replay protection bounded by a 10,000-entry cache / 5-minute claim',
    files: ['packages/gateway/src/attacks.test.ts'],
    match: /item 5\b/,
  },
  {
    item: 6,
    finding: 'CRM webhooks out of order across instances',
    files: ['packages/gateway/src/webhooks-order.test.ts'],
    match: /item 6\b/,
  },
  {
    item: 7,
    finding: 'Desk served with `change-me`; a cookie that never expired',
    files: ['packages/gateway/src/attacks.test.ts'],
    match: /item 7\b/,
  },
  {
    item: 8,
    finding: '`completed` with `transfer_failed` after a timed-out Transfer',
    files: ['packages/core/src/handoff/faults.test.ts'],
    match: /items 2 and 8/,
  },
  {
    item: 9,
    finding: 'Listing grew with history; keys never expired',
    files: [
      'packages/core/src/handoff/records.test.ts',
      'test/reliability/list-cost.test.ts',
      'packages/redis/src/listing.test.ts',
    ],
    match: /item 9\b/,
  },
  {
    item: 10,
    finding: 'Redis restarted while the human rang: bridged unbriefed',
    files: ['packages/gateway/src/attacks.test.ts'],
    match: /item 10\b/,
  },
];
