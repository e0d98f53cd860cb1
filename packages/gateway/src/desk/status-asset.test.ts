import { readdir, readFile } from 'node:fs/promises';
import { createHandoff, FAILURE_OUTCOMES, HANDOFF_STATUSES, LIVE } from '@handoff/core';
import { FakeTransferProvider } from '@handoff/core/testing';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { deskRoutes } from './index.js';

const TOKEN = 'desk-token-status-0123456789';

function desk() {
  const handoff = createHandoff({
    transfer: new FakeTransferProvider(),
    destinations: { loans: { number: '+919800000001', label: 'Relationship manager' } },
  });
  const app = new Hono();
  app.route('/desk', deskRoutes({ handoff, deskToken: TOKEN }));
  return app;
}

describe('the desk status table', () => {
  it('is served as a module written from the core, which the page scripts import', async () => {
    const res = await desk().request('/desk/statuses.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/javascript');
    const source = await res.text();
    const mod = (await import(`data:text/javascript;base64,${Buffer.from(source).toString('base64')}`)) as {
      STATUSES: string[];
      LIVE_STATUSES: string[];
      FAILED_STATUSES: string[];
    };
    expect(mod.STATUSES).toEqual([...HANDOFF_STATUSES]);
    expect(mod.FAILED_STATUSES).toEqual([...FAILURE_OUTCOMES]);
    expect(mod.FAILED_STATUSES).toContain('voicemail');
    expect(new Set(mod.LIVE_STATUSES)).toEqual(LIVE);
  });

  it('is served as JSON to a signed-in desk user', async () => {
    const app = desk();
    expect((await app.request('/desk/api/statuses')).status).toBe(401);
    const res = await app.request('/desk/api/statuses', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    const table = (await res.json()) as { statuses: string[]; failed: string[] };
    expect(table.statuses).toEqual([...HANDOFF_STATUSES]);
    expect(table.failed).toEqual([...FAILURE_OUTCOMES]);
  });

  it('has no second copy in the desk scripts', async () => {
    const dir = new URL('./public/', import.meta.url);
    for (const name of (await readdir(dir)).filter((n) => n.endsWith('.js'))) {
      const text = await readFile(new URL(name, dir), 'utf8');
      // A status only the lists name (no code path singles it out) would appear only in a copy.
      expect(text, name).not.toMatch(/['"](caller_hung_up|no_answer|declined)['"]/);
    }
  });
});
