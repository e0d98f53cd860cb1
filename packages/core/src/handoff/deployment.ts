import { renderJson } from '../context-schema.js';
import { HandoffError } from '../errors.js';
import { checkFields, type FieldsSchema, isFieldsSchema } from '../fields-schema.js';
import type { HandoffOptions } from '../handoff-types.js';
import { messagesFor } from '../messages.js';
import { renderMarkdown, renderSipHeaders, renderWhisper, type WhisperOptions } from '../render/index.js';
import { resolveDestination } from '../routing/resolve.js';
import type { LadderCapabilities } from '../state/ladder.js';
import { MemoryStore } from '../store/memory-store.js';
import type { HandoffStore } from '../store/store.js';
import type { ToolDefinition } from '../tool.js';
import { buildTool } from '../tool.js';
import type { TransferProvider } from '../transfer.js';
import type { HandoffContext } from '../types.js';
import { CarrierRouter } from './carriers.js';

/**
 * What the handoff's modules share: the deployment's settings and the handles every one of them
 * uses. Built once by the facade; the modules are functions over it, not methods of one class.
 */
export interface Deployment {
  readonly options: HandoffOptions;
  readonly store: HandoffStore;
  readonly now: () => number;
  readonly departments: readonly string[];
  readonly capabilities: LadderCapabilities;
  readonly tool: ToolDefinition;
  readonly carriers: CarrierRouter;
  reportError(error: unknown, where: string): void;
}

/** Checks the options, then builds what the handoff's modules share. */
export function deploymentOf(
  options: HandoffOptions,
  reportError: (error: unknown, where: string) => void,
): Deployment {
  const departments = validateOptions(options);
  const now = options.now ?? Date.now;
  const labels = Object.fromEntries(Object.entries(options.destinations).map(([k, d]) => [k, d.label]));
  return {
    options,
    store: options.store ?? new MemoryStore({ now }),
    now,
    departments,
    capabilities: capabilitiesOf(options),
    tool: buildTool(departments, options.fields, labels),
    carriers: new CarrierRouter(options.transfer, options.gatewayUrl),
    reportError,
  };
}

/** Refuses, at start-up rather than mid-call, options the core cannot run with. Returns the department keys. */
export function validateOptions<Fields extends FieldsSchema>(options: HandoffOptions<Fields>): string[] {
  if (!options || typeof options !== 'object')
    throw new HandoffError('invalid_options', 'createHandoff needs options');
  if (options.fields !== undefined && !isFieldsSchema(options.fields)) {
    throw new HandoffError('invalid_options', '`fields` must be a zod object schema (zod 3.25+ or 4)');
  }
  const transfer = options.transfer as Partial<TransferProvider> | undefined;
  if (!transfer || typeof transfer.transfer !== 'function') {
    throw new HandoffError(
      'invalid_options',
      'createHandoff needs `transfer`, the carrier that moves calls: `vobizCarrier()` from @handoff/vobiz ' +
        '(credentials from VOBIZ_AUTH_ID / VOBIZ_AUTH_TOKEN or its options), or a TransferProvider of your own',
      { issues: [{ path: 'transfer', message: 'required: a carrier with a transfer(request) method' }] },
    );
  }
  const departments = Object.keys(options.destinations ?? {});
  if (departments.length === 0) {
    throw new HandoffError('invalid_options', 'createHandoff needs at least one entry in `destinations`');
  }
  for (const [key, destination] of Object.entries(options.destinations)) {
    const targets = [destination.number, ...(destination.numbers ?? []), destination.sip]
      .flat()
      .filter(Boolean);
    if (targets.length === 0) {
      throw new HandoffError('invalid_options', `Destination "${key}" needs a number, numbers or sip`);
    }
    if (!destination.label) throw new HandoffError('invalid_options', `Destination "${key}" needs a label`);
    // Intl only reports an unknown time zone when asked to use it.
    if (destination.timeZone) resolveDestination(key, destination, Date.now());
  }
  return departments;
}

export function capabilitiesOf(options: HandoffOptions): LadderCapabilities {
  return { backToAi: false, voicemail: true, callback: true, ...options.capabilities };
}

/** The caller's lines in the call's language (detected, else the deployment's), with its overrides. */
export function messagesIn(d: Deployment, language: string | undefined) {
  return messagesFor(language ?? d.options.language, d.options.messages);
}

/** Checks custom `fields` against the deployment's schema, every field optional. */
export function validateFields(
  options: HandoffOptions,
  fields: Record<string, unknown>,
): Record<string, unknown> {
  const schema = options.fields;
  if (!schema) return fields;
  const check = checkFields(schema, fields);
  if (check.ok) return check.data;
  const issues = check.issues.map((i) => ({ path: `fields.${i.path}`, message: i.message }));
  throw new HandoffError(
    'invalid_arguments',
    `Invalid fields: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
    { issues },
  );
}

export interface Renderers {
  whisper(context: HandoffContext, options?: Omit<WhisperOptions, 'pii'>): string;
  sipHeaders(context: HandoffContext): Record<string, string>;
  markdown(context: HandoffContext): string;
  json(context: HandoffContext): string;
}

/** The renderers with the deployment's PII policy applied, so no caller can forget it. */
export function renderersFor(options: HandoffOptions): Renderers {
  const pii = options.pii === undefined ? {} : { pii: options.pii };
  return {
    whisper: (context, whisperOptions = {}) => renderWhisper(context, { ...whisperOptions, ...pii }),
    sipHeaders: (context) => renderSipHeaders(context, pii),
    markdown: (context) => renderMarkdown(context, pii),
    json: (context) => renderJson(context),
  };
}
