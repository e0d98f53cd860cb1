import { card, h } from './dom.js';
import { clock, humanize, isoTime, offset } from './format.js';
import { sentimentTone, sparkline } from './sparkline.js';

const ROLE_NAMES = { caller: 'Caller', agent: 'AI agent', tool: 'Tool', system: 'System' };

/** `4:05` since the call started. */
export function duration(call, now) {
  return offset(now, call.startedAt);
}

export function renderCallList(calls, selectedId, now) {
  return calls.map((call) => {
    const selected = call.callId === selectedId;
    const last = call.turns.at(-1);
    return h(
      'li',
      { 'data-key': `call-${call.callId}` },
      h(
        'button',
        {
          type: 'button',
          class: selected ? 'item call-item selected' : 'item call-item',
          'aria-current': selected ? 'true' : undefined,
          'data-call': call.callId,
        },
        h(
          'span',
          { class: 'item-top' },
          h(
            'span',
            { class: `badge badge-${call.transferring ? 'incoming' : 'connected'}` },
            call.transferring ? 'transferring' : 'AI call',
          ),
          h('span', { class: 'ago', 'data-started': call.startedAt }, duration(call, now)),
        ),
        h('span', { class: 'item-summary' }, call.facts?.customerName ?? call.from ?? call.callId),
        last ? h('span', { class: 'item-sub' }, `${ROLE_NAMES[last.role] ?? last.role}: ${last.text}`) : null,
      ),
    );
  });
}

function facts(call) {
  const f = call.facts ?? {};
  const rows = [
    ['Caller', call.from],
    ['Name', f.customerName],
    ['Intent', f.intent ? humanize(f.intent) : undefined],
    ['Issue', f.issueType ? humanize(f.issueType) : undefined],
    ['Language', f.language],
    ...Object.entries(f.fields ?? {}).map(([k, v]) => [
      humanize(k),
      typeof v === 'object' ? JSON.stringify(v) : String(v),
    ]),
  ].filter(([, v]) => v !== undefined && v !== '');
  if (rows.length === 0) return h('p', { class: 'muted' }, 'Nothing gathered yet.');
  return h(
    'dl',
    { class: 'facts' },
    rows.map(([t, v]) => h('div', {}, h('dt', {}, t), h('dd', {}, v))),
  );
}

/** A live AI call as a supervisor sees it, with the hint and take-over forms. */
export function renderCall(call, destinations, now) {
  const last = call.sentiment.at(-1);
  return h(
    'article',
    {
      class: 'handoff live-call',
      'data-call': call.callId,
      'data-key': `call-${call.callId}`,
      'aria-labelledby': 'detail-title',
    },
    h(
      'header',
      { class: 'detail-head' },
      h(
        'div',
        { class: 'detail-meta' },
        h('span', { class: 'badge badge-connected' }, call.transferring ? 'transferring' : 'AI call'),
        h('span', { class: 'muted' }, `on for ${duration(call, now)} · ${call.platform}`),
      ),
      h(
        'h2',
        { id: 'detail-title', class: 'one-line', tabindex: '-1' },
        `Live call with ${call.facts?.customerName ?? call.from ?? 'a caller'}`,
      ),
    ),
    h(
      'div',
      { class: 'detail-cols' },
      h(
        'div',
        { class: 'col-main' },
        card(
          'Transcript so far',
          'sec-live-transcript',
          call.turns.length === 0
            ? h('p', { class: 'muted' }, 'No turns yet.')
            : h(
                'ol',
                { class: 'transcript', id: 'transcript' },
                call.turns.map((t) =>
                  h(
                    'li',
                    { class: `turn turn-${t.role}` },
                    h(
                      'div',
                      { class: 'turn-meta' },
                      h('span', { class: 'turn-role' }, ROLE_NAMES[t.role] ?? t.role),
                      h('time', { datetime: isoTime(t.at) }, offset(t.at, call.startedAt)),
                    ),
                    h('p', { class: 'turn-text' }, t.text),
                  ),
                ),
              ),
        ),
      ),
      h(
        'div',
        { class: 'col-side' },
        card(
          'Supervise',
          'sec-supervise',
          h(
            'form',
            { id: 'hint-form', class: 'action-form', 'data-call': call.callId },
            h('label', { for: 'hint-text' }, 'Hint for the AI'),
            h('textarea', { id: 'hint-text', name: 'text', rows: 2, maxlength: 2000, required: true }),
            h('button', { type: 'submit', class: 'button' }, 'Send hint'),
          ),
          h(
            'form',
            { id: 'take-over-form', class: 'action-form', 'data-call': call.callId },
            h('label', { for: 'take-over-destination' }, 'Take over, to'),
            h(
              'select',
              { id: 'take-over-destination', name: 'destination', required: true },
              destinations.map((d) =>
                h('option', { value: d.key }, d.label ? `${d.label} (${d.key})` : d.key),
              ),
            ),
            h('button', { type: 'submit', class: 'button' }, 'Take over the call'),
          ),
        ),
        card(
          'Sentiment',
          'sec-live-sentiment',
          last
            ? h(
                'p',
                { class: 'sentiment-now' },
                h('span', { class: `pill pill-${sentimentTone(last.score)}` }, last.score.toFixed(2)),
              )
            : null,
          call.sentiment.length > 0
            ? sparkline(call.sentiment)
            : h('p', { class: 'muted' }, 'No caller turns scored yet.'),
        ),
        card('Facts so far', 'sec-live-facts', facts(call)),
        card(
          'Rules that almost fired',
          'sec-live-near',
          (call.nearMisses ?? []).length === 0
            ? h('p', { class: 'muted' }, 'None close.')
            : h(
                'ul',
                { class: 'attempts' },
                call.nearMisses.map((m) =>
                  h('li', {}, `${m.why} `, h('span', { class: 'mono muted' }, `(${m.ruleId})`)),
                ),
              ),
        ),
        card(
          'Supervisor actions',
          'sec-live-audit',
          call.audit.length === 0
            ? h('p', { class: 'muted' }, 'None yet.')
            : h(
                'ul',
                { class: 'attempts' },
                call.audit.map((a) =>
                  h(
                    'li',
                    {},
                    `${clock(a.at)} ${a.by.name}: ${a.action === 'hint' ? 'hint' : 'took over'}${a.detail ? ` — ${a.detail}` : ''}`,
                  ),
                ),
              ),
        ),
      ),
    ),
  );
}
