import { badge } from './detail.js';
import { h } from './dom.js';
import { ago, isoTime } from './format.js';

export function renderList(records, selectedId, now) {
  return records.map((r) => {
    const ctx = r.context ?? {};
    const selected = r.id === selectedId;
    const sub = [ctx.extracted?.customer?.name, ctx.destination?.label ?? r.destination?.label].filter(
      Boolean,
    );
    return h(
      'li',
      { 'data-key': r.id },
      h(
        'a',
        {
          href: `#${r.id}`,
          class: selected ? 'item selected' : 'item',
          'aria-current': selected ? 'true' : undefined,
          'data-handoff': r.id,
        },
        h(
          'span',
          { class: 'item-top' },
          badge(r.status),
          h(
            'time',
            { class: 'ago', datetime: isoTime(r.createdAt), 'data-since': r.createdAt },
            ago(r.createdAt, now),
          ),
        ),
        h('span', { class: 'item-summary' }, ctx.summary?.oneLine || 'No summary yet'),
        sub.length > 0 ? h('span', { class: 'item-sub' }, sub.join(' · ')) : null,
      ),
    );
  });
}
