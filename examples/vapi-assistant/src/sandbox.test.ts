import { expect, it } from 'vitest';
import { runSandbox } from './sandbox.ts';

it('runs against the sandbox: the farewell, one move over Vobiz, the human bridged and briefed', async () => {
  const lines: string[] = [];
  const run = await runSandbox((line) => lines.push(line));
  expect(run.status).toBe('connected');
  expect(run.farewell).toContain('Senior care');
  expect(run.toolResult).toMatchObject({ toolCallId: 'call_sandbox_1', name: 'transfer_to_human' });
  expect(run.toolResult?.result).toBeTypeOf('string');
  expect(run.whisper.join(' ')).toMatch(/charged|15,000|refund/i);
  expect(lines.some((l) => l.includes('X-VH-handoffCall'))).toBe(true);
});
