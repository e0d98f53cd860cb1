import { svg } from './dom.js';
import { sentimentFromScore } from './format.js';

/** The colour follows the label, so a badge never reads "neutral" in a negative colour. */
export function sentimentTone(score) {
  if (typeof score !== 'number') return 'neutral';
  const label = sentimentFromScore(score);
  return label === 'very_negative' ? 'negative' : label;
}

/** Running sentiment in [-1, 1] per caller turn, drawn as a line over a zero baseline. */
export function sparkline(points, { width = 240, height = 56, pad = 5 } = {}) {
  const scores = points.map((p) => Math.max(-1, Math.min(1, Number(p.score) || 0)));
  const first = scores[0];
  const last = scores.at(-1);
  const label =
    scores.length === 0
      ? 'No sentiment yet'
      : `Sentiment over ${scores.length} caller turn${scores.length === 1 ? '' : 's'}: from ${first.toFixed(2)} to ${last.toFixed(2)}`;
  const x = (i) => (scores.length < 2 ? width / 2 : pad + (i * (width - 2 * pad)) / (scores.length - 1));
  const y = (s) => pad + ((1 - s) / 2) * (height - 2 * pad);
  const coords = scores.map((s, i) => `${x(i).toFixed(1)},${y(s).toFixed(1)}`).join(' ');
  return svg(
    'svg',
    {
      class: `spark spark-${sentimentTone(last)}`,
      viewBox: `0 0 ${width} ${height}`,
      width,
      height,
      role: 'img',
      'aria-label': label,
    },
    svg('title', {}, label),
    svg('line', { class: 'spark-zero', x1: 0, x2: width, y1: y(0), y2: y(0) }),
    scores.length > 1 ? svg('polyline', { class: 'spark-line', points: coords }) : null,
    scores.length > 0
      ? svg('circle', { class: 'spark-dot', cx: x(scores.length - 1), cy: y(last), r: 3.5 })
      : null,
  );
}
