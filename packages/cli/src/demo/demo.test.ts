import { describe, expect, it } from 'vitest';
import { runDemo } from './run-demo.js';

describe('handoff demo (npm start --once)', () => {
  it('hands each of the three scripted calls to the right human, whisper first, with the facts', async () => {
    const lines: string[] = [];
    const demo = await runDemo({ once: true, speed: 8, log: (line) => lines.push(line) });
    const by = Object.fromEntries(demo.outcomes.map((o) => [o.scenario, o]));
    expect(Object.keys(by).sort()).toEqual(['loan', 'refund', 'triage']);
    for (const outcome of demo.outcomes) expect(outcome.status).toBe('completed');

    expect(by.loan?.whisper[0]).toMatch(/Rahul Mehta/);
    expect(by.triage?.whisper[0]).toMatch(/^Urgent.*chest pain/);
    expect(by.refund?.whisper[0]).toMatch(/refund of 15,000 rupees/);

    const output = lines.join('\n');
    expect(output).toMatch(/agent desk: +http:\/\/127\.0\.0\.1:\d+\/desk\/\?token=/);
    expect(output).toMatch(/→ Relationship manager: completed/);
    expect(output).toMatch(
      /fields: +loanAmount=4500000, monthlyIncome=120000, eligibleUpTo=4800000, eligible=true/,
    );
    expect(output).toMatch(/→ Triage nurse: completed[\s\S]*symptom=chest pain, breathless/);
    expect(output).toMatch(/→ Senior care: completed[\s\S]*refundAmount=15000/);
    // Every phase of every handoff is on the timeline, in order.
    expect(output.match(/ringing +\+ *\d+ ms/g)).toHaveLength(3);
    expect(output.match(/bridged +\+ *\d+ ms/g)).toHaveLength(3);
  }, 60_000);
});
