import { consults } from './consults.js';
import { attempts, extractedForm, sentiment, who, why } from './context-cards.js';
import { card, h } from './dom.js';
import { clock, isoTime, millis, offset, summarySourceLabel } from './format.js';
import { statusLabel, statusTone } from './status.js';
import { phaseRows } from './timings.js';

export function badge(status) {
  return h(
    'span',
    { class: `badge badge-${statusTone(status)}`, 'data-status': status },
    statusLabel(status),
  );
}

/** A compact row per attempt rather than a wide table: it has to fit a side column and a phone. */
function dialAttempts(ctx) {
  const rows = ctx.dialAttempts ?? [];
  const step = (label, at, from) => {
    if (typeof at !== 'number') return h('span', { class: 'muted' }, `${label} —`);
    const delta = typeof from === 'number' ? ` (+${millis(at - from)})` : '';
    return h('span', {}, `${label} `, h('time', { datetime: isoTime(at) }, clock(at)), delta);
  };
  return card(
    'Dial attempts',
    'sec-dials',
    rows.length === 0
      ? h('p', { class: 'muted' }, 'Not dialled yet.')
      : h(
          'ol',
          { class: 'dials' },
          rows.map((a) =>
            h(
              'li',
              {},
              h(
                'div',
                { class: 'dial-head' },
                h('strong', {}, `#${a.n} ${a.destination}`),
                a.outcome ? badge(a.outcome) : h('span', { class: 'muted small' }, 'in progress'),
              ),
              h(
                'div',
                { class: 'dial-steps small' },
                step('started', a.startedAt),
                step('ringing', a.ringingAt, a.startedAt),
                step('answered', a.answeredAt, a.startedAt),
                step('ended', a.endedAt, a.startedAt),
              ),
              a.detail ? h('div', { class: 'muted small' }, a.detail) : null,
            ),
          ),
        ),
  );
}

export const OUTCOMES = [
  ['resolved', 'Resolved'],
  ['needs_follow_up', 'Needs follow-up'],
  ['wrong_team', 'Wrong team'],
];

/** The human's outcome: what is recorded, and the form to record (or change) it. */
function outcome(record) {
  const d = record.disposition;
  const label = OUTCOMES.find(([value]) => value === d?.outcome)?.[1];
  return card(
    'Outcome',
    'sec-outcome',
    d
      ? h(
          'div',
          { class: 'disposition', 'data-outcome': d.outcome },
          h(
            'p',
            {},
            h('strong', {}, label ?? d.outcome),
            ` · ${d.by?.name ?? ''} at `,
            h('time', { datetime: isoTime(d.at) }, clock(d.at)),
          ),
          d.note ? h('p', { class: 'note' }, d.note) : null,
        )
      : h('p', { class: 'muted' }, 'No outcome recorded yet.'),
    h(
      'form',
      { id: 'disposition-form', class: 'action-form', 'data-handoff': record.id },
      h(
        'fieldset',
        {},
        h('legend', {}, d ? 'Change the outcome' : 'Record the outcome'),
        OUTCOMES.map(([value, text]) =>
          h(
            'label',
            { class: 'choice', for: `outcome-${value}` },
            h('input', { type: 'radio', name: 'outcome', value, id: `outcome-${value}`, required: true }),
            ` ${text}`,
          ),
        ),
      ),
      h('label', { for: 'disposition-note' }, 'Note (optional)'),
      h('textarea', { id: 'disposition-note', name: 'note', rows: 2, maxlength: 2000 }),
      h('button', { type: 'submit', class: 'button' }, 'Save outcome'),
    ),
  );
}

/** While the human has the caller: return them to the AI with a note it resumes from. */
function handBackForm(record) {
  if (record.status !== 'connected') return null;
  return card(
    'Hand back to the AI',
    'sec-hand-back',
    h(
      'form',
      { id: 'hand-back-form', class: 'action-form', 'data-handoff': record.id },
      h('label', { for: 'hand-back-note' }, 'Note for the AI'),
      h('textarea', {
        id: 'hand-back-note',
        name: 'note',
        rows: 2,
        maxlength: 2000,
        required: true,
        placeholder: 'Identity verified, proceed with the refund',
      }),
      h('button', { type: 'submit', class: 'button' }, 'Hand back to the AI'),
    ),
  );
}

/** The human's earlier part of the call, when they handed it back. */
function roundTrip(ctx) {
  const trip = ctx.roundTrip;
  if (!trip) return null;
  return card(
    'Handed back to the AI',
    'sec-round-trip',
    h(
      'p',
      { class: 'round-trip' },
      `${trip.by?.name ?? ''} at `,
      h('time', { datetime: isoTime(trip.handedBackAt) }, clock(trip.handedBackAt)),
      typeof trip.humanMs === 'number' ? ` after ${Math.round(trip.humanMs / 1000)} s` : '',
    ),
    trip.note ? h('p', { class: 'note' }, trip.note) : null,
  );
}

function timings(ctx) {
  const rows = phaseRows(ctx.timings);
  return card(
    'Timings',
    'sec-timings',
    h(
      'div',
      // Focusable, so a keyboard can scroll the table when the column is too narrow for it.
      { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Phase timings table' },
      h(
        'table',
        { class: 'timings' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['Phase', 'At', 'Since trigger', 'Step'].map((c) => h('th', { scope: 'col' }, c)),
          ),
        ),
        h(
          'tbody',
          {},
          rows.map((r) =>
            h(
              'tr',
              { class: typeof r.at === 'number' ? undefined : 'pending' },
              h('th', { scope: 'row' }, r.label),
              h(
                'td',
                {},
                typeof r.at === 'number' ? h('time', { datetime: isoTime(r.at) }, clock(r.at)) : '—',
              ),
              h('td', { class: 'num' }, millis(r.sinceStart)),
              h('td', { class: 'num' }, typeof r.delta === 'number' ? `+${millis(r.delta)}` : ''),
            ),
          ),
        ),
      ),
    ),
  );
}

function transcript(ctx) {
  const turns = ctx.transcript ?? [];
  const start = ctx.call?.startedAt ?? turns[0]?.at;
  const roleNames = { caller: 'Caller', agent: 'AI agent', tool: 'Tool', system: 'System' };
  return h(
    'section',
    { class: 'card transcript-card', 'aria-labelledby': 'sec-transcript', 'data-key': 'card-sec-transcript' },
    h(
      'h3',
      { id: 'sec-transcript' },
      'Transcript ',
      h('span', { class: 'count' }, `· ${turns.length} ${turns.length === 1 ? 'turn' : 'turns'}`),
    ),
    turns.length === 0
      ? h('p', { class: 'muted' }, 'No turns yet.')
      : h(
          'ol',
          { class: 'transcript', id: 'transcript' },
          turns.map((t) =>
            h(
              'li',
              { class: `turn turn-${t.role}` },
              h(
                'div',
                { class: 'turn-meta' },
                h('span', { class: 'turn-role' }, roleNames[t.role] ?? t.role),
                h('time', { datetime: isoTime(t.at), title: clock(t.at) }, offset(t.at, start)),
                typeof t.confidence === 'number' && t.confidence < 0.7
                  ? h('span', { class: 'pill pill-warn' }, `ASR ${Math.round(t.confidence * 100)}%`)
                  : null,
              ),
              h('p', { class: 'turn-text' }, t.text),
            ),
          ),
        ),
  );
}

/** The whole detail view for one handoff, built fresh from the record. */
export function renderDetail(record) {
  const ctx = record.context ?? {};
  const summary = ctx.summary ?? {};
  const destination = ctx.destination?.label ?? record.destination?.label;
  return h(
    'article',
    { class: 'handoff', 'data-handoff': record.id, 'data-key': record.id, 'aria-labelledby': 'detail-title' },
    h(
      'header',
      { class: 'detail-head' },
      h(
        'div',
        { class: 'detail-meta' },
        badge(record.status),
        destination ? h('span', { class: 'dest' }, `→ ${destination}`) : null,
        h(
          'span',
          { class: 'muted' },
          'triggered ',
          h('time', { datetime: isoTime(ctx.timings?.triggeredAt) }, clock(ctx.timings?.triggeredAt)),
        ),
        record.reason ? h('span', { class: 'pill pill-warn' }, statusLabel(record.reason)) : null,
      ),
      h('h2', { id: 'detail-title', class: 'one-line', tabindex: '-1' }, summary.oneLine || 'No summary yet'),
      ctx.outcome?.detail ? h('p', { class: 'muted small' }, `Outcome: ${ctx.outcome.detail}`) : null,
    ),
    card(
      'Summary',
      'sec-summary',
      h('p', { class: 'summary-full' }, summary.full || summary.spoken || 'No summary yet.'),
      summary.source
        ? h(
            'p',
            { class: 'muted small', 'data-summary-source': summary.source },
            `Written by ${summarySourceLabel(summary.source)}.`,
          )
        : null,
    ),
    h('div', { class: 'cards-3' }, who(ctx), why(ctx), sentiment(ctx)),
    h(
      'div',
      { class: 'detail-cols' },
      h('div', { class: 'col-main' }, transcript(ctx), consults(ctx)),
      h(
        'div',
        { class: 'col-side' },
        handBackForm(record),
        roundTrip(ctx),
        outcome(record),
        extractedForm(ctx),
        attempts(ctx),
        dialAttempts(ctx),
        timings(ctx),
      ),
    ),
    h(
      'p',
      { class: 'muted small ids' },
      'Handoff ',
      h('span', { class: 'mono' }, record.id),
      ' · call ',
      h('span', { class: 'mono' }, record.callId),
    ),
  );
}
