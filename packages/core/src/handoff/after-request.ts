import type { HandoffResult } from '../handoff-types.js';
import type { HandoffRecord } from '../record.js';
import type { TransferOptions } from '../session.js';
import type { Deployment } from './deployment.js';
import { updateRecord } from './records.js';

const DEFAULT_BEFORE_TRANSFER_TIMEOUT_MS = 8_000;

/** The platform's farewell, bounded: one that throws or never ends does not strand the caller. */
export async function beforeTransfer(
  d: Deployment,
  options: TransferOptions,
  result: HandoffResult,
): Promise<void> {
  const timeoutMs = options.beforeTransferTimeoutMs ?? DEFAULT_BEFORE_TRANSFER_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      Promise.resolve().then(() => options.beforeTransfer?.(result)),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
  } catch (error) {
    // A failed farewell must not strand the caller: transfer anyway.
    d.reportError(error, 'before-transfer');
  } finally {
    if (timer) clearTimeout(timer);
  }
}

/** The LLM summary, written into the persisted packet once it comes; the handoff never waits for it. */
export function summarizeLater(d: Deployment, record: HandoffRecord): void {
  const summarizer = d.options.summarizer;
  if (!summarizer) return;
  // The packet just persisted, not a new one: building it again would cost the transfer that
  // follows a second packet's worth of CPU. The attempt's start changes the record's status and
  // dial attempts later, never these three.
  const { transcript, extracted, summary: previous } = record.context;
  const handoffId = record.id;
  // Off the critical path: the summarizer's own synchronous start (a prompt built, a request
  // opened) runs on a later turn of the event loop than the one the carrier was asked in (called
  // once it was, when nothing came between). A summarizer that throws, even synchronously, costs
  // only the summary.
  setImmediate(() =>
    Promise.resolve()
      .then(() => summarizer.summarize({ transcript, extracted, previous }))
      .then((summary) =>
        updateRecord(
          d.store,
          handoffId,
          (record) => {
            record.context.summary = {
              ...record.context.summary,
              ...summary,
              source: 'llm',
              updatedAt: d.now(),
            };
            record.updatedAt = d.now();
            return record;
          },
          d.options.retentionMs,
        ),
      )
      .catch((error: unknown) => d.reportError(error, 'summarizer')),
  );
}
