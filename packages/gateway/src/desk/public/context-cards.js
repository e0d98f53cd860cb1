import { card, h } from './dom.js';
import { formatValue, humanize, languageLabel, maskAccount, sentimentFromScore } from './format.js';
import { sentimentTone, sparkline } from './sparkline.js';

/** A `<dl>` of the rows that have a value; a card with nothing known says so. */
function facts(rows) {
  const present = rows.filter(([, value]) => value !== undefined && value !== null && value !== '');
  if (present.length === 0) return h('p', { class: 'muted' }, 'Not captured yet.');
  return h(
    'dl',
    { class: 'facts' },
    present.map(([term, value]) => h('div', {}, h('dt', {}, term), h('dd', {}, value))),
  );
}

export function who(ctx) {
  const customer = ctx.extracted?.customer ?? {};
  const account = maskAccount(customer.accountNumber);
  let verified;
  if (customer.verified === true) verified = h('span', { class: 'pill pill-ok' }, 'verified');
  else if (customer.verified === false) verified = h('span', { class: 'pill pill-warn' }, 'not verified');
  return card(
    'Who',
    'sec-who',
    facts([
      ['Name', customer.name],
      ['Account', account ? h('span', {}, h('span', { class: 'mono' }, account), ' ', verified) : undefined],
      ['Caller', ctx.call?.from ? h('span', { class: 'mono' }, ctx.call.from) : undefined],
      ['Called', ctx.call?.to ? h('span', { class: 'mono' }, ctx.call.to) : undefined],
      ['Language', languageLabel(ctx.extracted?.language)],
      ['Platform', ctx.call?.platform],
    ]),
  );
}

export function why(ctx) {
  const t = ctx.trigger ?? {};
  const kinds = {
    tool: 'AI asked for a human',
    rule: 'Rule fired',
    api: 'Requested via API',
    supervisor: 'Supervisor took over',
  };
  return card(
    'Why',
    'sec-why',
    facts([
      ['Trigger', kinds[t.kind] ?? t.kind],
      ['Rule', t.rule ? h('span', { class: 'mono' }, t.rule) : undefined],
      ['Reason', t.reason],
      ['Urgency', t.urgency ? h('span', { class: `pill pill-urgency-${t.urgency}` }, t.urgency) : undefined],
    ]),
    t.evidence
      ? h(
          'blockquote',
          { class: 'evidence' },
          h('p', {}, t.evidence),
          typeof t.turnIndex === 'number' ? h('footer', {}, `turn ${t.turnIndex + 1}`) : null,
        )
      : null,
  );
}

/** One label from one score: the packet's score decides; a bare label is used only without one. */
function moodOf(ex) {
  const points = ex.sentimentTrajectory ?? [];
  const score = typeof ex.sentimentScore === 'number' ? ex.sentimentScore : points.at(-1)?.score;
  const label = typeof score === 'number' ? sentimentFromScore(score) : ex.sentiment;
  return { score, label };
}

export function sentiment(ctx) {
  const ex = ctx.extracted ?? {};
  const points = ex.sentimentTrajectory ?? [];
  const { score, label } = moodOf(ex);
  return card(
    'Sentiment',
    'sec-sentiment',
    h(
      'p',
      { class: 'sentiment-now' },
      h(
        'span',
        { class: `pill pill-${sentimentTone(score)}`, 'data-sentiment': label ?? 'unknown' },
        label ? humanize(label) : 'Unknown',
      ),
      typeof score === 'number' ? h('span', { class: 'mono muted' }, ` ${score.toFixed(2)}`) : null,
    ),
    points.length > 0 ? sparkline(points) : h('p', { class: 'muted' }, 'No caller turns scored yet.'),
  );
}

function field(id, label, value) {
  const text = formatValue(value);
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    h('input', { id, type: 'text', readonly: true, value: text, placeholder: '—', title: text || undefined }),
  );
}

/** Read-only inputs rather than text: the human can select and copy a value into their own tools. */
export function extractedForm(ctx) {
  const ex = ctx.extracted ?? {};
  const builtIns = [
    ['intent', 'Intent', ex.intent ? humanize(ex.intent) : undefined],
    ['issueType', 'Issue type', ex.issueType ? humanize(ex.issueType) : undefined],
    ['sentiment', 'Sentiment', moodOf(ex).label ? humanize(moodOf(ex).label) : undefined],
    ['name', 'Customer name', ex.customer?.name],
    ['account', 'Account number', maskAccount(ex.customer?.accountNumber)],
    ['verified', 'Verified', ex.customer?.verified],
    ['language', 'Language', languageLabel(ex.language)],
    ['amounts', 'Amounts mentioned', ex.amounts],
  ];
  const custom = Object.entries(ex.fields ?? {});
  return card(
    'Facts the AI gathered',
    'sec-fields',
    h(
      'form',
      { class: 'fields', 'aria-label': 'Extracted facts (read only)', onsubmit: (e) => e.preventDefault() },
      builtIns.map(([key, label, value]) => field(`f-${key}`, label, value)),
      custom.length > 0 ? h('h4', { class: 'fields-custom' }, 'Custom fields') : null,
      custom.map(([key, value]) =>
        field(`f-custom-${key.replace(/[^A-Za-z0-9_-]/g, '_')}`, humanize(key), value),
      ),
    ),
  );
}

export function attempts(ctx) {
  const list = ctx.attempts ?? [];
  return card(
    'What the AI already tried',
    'sec-attempts',
    list.length === 0
      ? h('p', { class: 'muted' }, 'Nothing recorded.')
      : h(
          'ul',
          { class: 'attempts' },
          list.map((a) => h('li', {}, a)),
        ),
  );
}
