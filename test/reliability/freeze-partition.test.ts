/**
 * The fast subset of the freeze and partition faults (`npm run reliability` runs them all, with
 * more calls): real gateway processes on their own redis-server, the Vobiz sandbox as the carrier.
 * Skipped, and said so, when redis-server is not installed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisProcess } from './cluster.js';
import { type FaultName, runFreezeOrPartition } from './freeze-partition.js';
import { type Cluster, startCluster } from './processes.js';

const available = RedisProcess.available();

describe.skipIf(!available)(
  'a gateway frozen or cut from Redis mid-handoff (two processes, one Redis)',
  () => {
    let c: Cluster;
    beforeAll(async () => {
      // The human rings long enough that the takeover happens while the call is still theirs.
      c = await startCluster({ ringMs: 4_000, talkMs: 300 }, { partitionable: true });
    }, 90_000);
    afterAll(async () => {
      await c?.close();
    }, 30_000);

    const cases: Array<[FaultName, string]> = [
      [
        'freeze-in-flight',
        'frozen while its Transfer request is in flight: the takeover sends no second one',
      ],
      [
        'partition-drop-ringing',
        'cut from Redis while the human rings: the callbacks are served by the other instance',
      ],
    ];
    for (const [fault, title] of cases) {
      it(title, async () => {
        const f = await runFreezeOrPartition(c, fault, 1);
        expect({
          lost: f.lost,
          doubled: f.doubled,
          briefed: f.briefed,
          outcomes: f.outcomes,
          violations: f.violations ?? 0,
        }).toEqual({ lost: 0, doubled: 0, briefed: 1, outcomes: { completed: 1 }, violations: 0 });
      }, 90_000);
    }
  },
);
