import { card, h } from './dom.js';
import { clock, isoTime, offset } from './format.js';

const ROLE_NAMES = { human: 'Colleague', ai: 'AI' };

function decision(consult) {
  const d = consult.decision;
  if (!d) return h('p', { class: 'muted small' }, 'Ended without a decision: put through.');
  const how = d.via === 'key' ? 'with a key' : 'to the AI';
  const what = d.accepted ? 'Took the call' : `Declined (${d.reason ?? 'no reason'})`;
  return h(
    'p',
    { class: 'small', 'data-consult-accepted': String(d.accepted) },
    `${what} ${how} at `,
    h('time', { datetime: isoTime(d.at) }, clock(d.at)),
  );
}

/**
 * The consults of a conference warm transfer (`context.consults`): what each human who answered
 * and the AI holding the packet said before the caller was joined, and what the human decided.
 * Nothing when no consult ran.
 */
export function consults(ctx) {
  const list = ctx.consults ?? [];
  if (list.length === 0) return null;
  return card(
    'Consults before the transfer',
    'sec-consults',
    list.map((c) =>
      h(
        'div',
        { class: 'consult', 'data-consult-attempt': String(c.attempt) },
        h('h4', {}, `#${c.attempt} ${c.destination ?? ''}`.trim()),
        c.turns.length === 0
          ? h('p', { class: 'muted small' }, 'Nothing transcribed.')
          : h(
              'ol',
              { class: 'transcript' },
              c.turns.map((t) =>
                h(
                  'li',
                  { class: `turn turn-consult-${t.role}` },
                  h(
                    'div',
                    { class: 'turn-meta' },
                    h('span', { class: 'turn-role' }, ROLE_NAMES[t.role] ?? t.role),
                    h('time', { datetime: isoTime(t.at), title: clock(t.at) }, offset(t.at, c.startedAt)),
                  ),
                  h('p', { class: 'turn-text' }, t.text),
                ),
              ),
            ),
        decision(c),
      ),
    ),
  );
}
