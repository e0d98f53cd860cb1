export { type MarkdownOptions, renderMarkdown, summaryAuthor } from './markdown.js';
export {
  renderSipHeaders,
  type SipHeaderOptions,
  sipHeaderValue,
  toVobizSipHeaderAttr,
} from './sip-headers.js';
export { TIMING_PHASES } from './timing-phases.js';
export { renderWhisper, type WhisperOptions } from './whisper.js';
