export { escapeMarkdown, type MarkdownOptions, renderMarkdown } from './markdown.js';
export { headerValue, renderSipHeaders, type SipHeaderOptions, toVobizSipHeaderAttr } from './sip-headers.js';
export { renderWhisper, type WhisperOptions } from './whisper.js';
