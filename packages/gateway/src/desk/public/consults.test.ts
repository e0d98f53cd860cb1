import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// The desk's consult card (issue 17), rendered into a minimal stand-in for the DOM: enough of
// `document` for dom.js's `h`, so the card's text and attributes can be read without a browser.

class FakeNode {
  readonly children: Array<FakeNode | string> = [];
  readonly attributes = new Map<string, string>();
  constructor(readonly tag: string) {}
  setAttribute(name: string, value: string) {
    this.attributes.set(name, value);
  }
  addEventListener() {}
  append(child: FakeNode | string) {
    this.children.push(child);
  }
  get text(): string {
    return this.children.map((c) => (typeof c === 'string' ? c : c.text)).join('');
  }
  all(tag: string): FakeNode[] {
    return this.children.flatMap((c) =>
      typeof c === 'string' ? [] : [...(c.tag === tag ? [c] : []), ...c.all(tag)],
    );
  }
}

const globals = globalThis as unknown as { document?: unknown; Node?: unknown };
beforeEach(() => {
  globals.document = { createElement: (tag: string) => new FakeNode(tag) };
  globals.Node = FakeNode;
});
afterEach(() => {
  delete globals.document;
  delete globals.Node;
});

type ConsultsModule = { consults(ctx: unknown): FakeNode | null };
const load = async () => (await import(new URL('./consults.js', import.meta.url).href)) as ConsultsModule;

describe('the desk’s consult card', () => {
  it('shows each consult’s turns, who said them, and the decision; nothing without a consult', async () => {
    const { consults } = await load();
    expect(consults({})).toBeNull();
    expect(consults({ consults: [] })).toBeNull();
    const card = consults({
      consults: [
        {
          attempt: 1,
          phone: 0,
          destination: 'loans',
          startedAt: 1_000,
          endedAt: 9_000,
          turns: [
            { role: 'ai', text: 'Asha wants a home loan.', at: 1_500 },
            { role: 'human', text: 'I am on another call.', at: 4_000 },
          ],
          decision: { accepted: false, reason: 'busy', via: 'agent', at: 8_000 },
        },
        { attempt: 2, phone: 0, destination: 'support', startedAt: 10_000, endedAt: 11_000, turns: [] },
      ],
    })!;
    expect(card.attributes.get('data-key')).toBe('card-sec-consults');
    const [first, second] = card.all('div').filter((d) => d.attributes.has('data-consult-attempt'));
    expect(first!.all('li').map((li) => li.all('p')[0]!.text)).toEqual([
      'Asha wants a home loan.',
      'I am on another call.',
    ]);
    expect(first!.all('span').map((s) => s.text)).toEqual(['AI', 'Colleague']);
    expect(first!.text).toContain('Declined (busy) to the AI');
    expect(second!.text).toContain('Nothing transcribed.');
    expect(second!.text).toContain('Ended without a decision');
  });
});
