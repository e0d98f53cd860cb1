import {
  type AttachedCall,
  claimInboundCall,
  type FieldsSchema,
  type Handoff,
  type ToolReply,
  webhook,
} from '@handoff/core';
import { findCallUuid, usableCallId } from './call-id.js';
import type { RetellEvent } from './events.js';
import type { Settings } from './options.js';
import type { CallObject } from './payloads.js';
import { type PortContext, RetellPort } from './port.js';
import { missingSdkField, sdkCall } from './sdk-call.js';

export const PLATFORM = 'retell';

/** Header `retellTool({ argsAtRoot: true })` asks Retell to send, as bare arguments name no call. */
export const CALL_HEADER = 'x-handoff-call';

/** What the function-call and webhook paths share for one handler. */
export interface RetellContext {
  handoff: Handoff<FieldsSchema>;
  settings: Settings;
  report: (error: unknown, where: string) => void;
  notify: (event: RetellEvent) => Promise<void>;
  callUuidOf: (call: CallObject | undefined, request: Request) => Promise<string | undefined>;
  attach: (
    callUuid: string,
    call: CallObject | undefined,
    context: PortContext,
  ) => { port: RetellPort; attached: AttachedCall };
  /** The core's own words for a request it never saw (no call to attach), for the LLM. */
  refusal: () => ToolReply;
}

export function retellContext(handoff: Handoff<FieldsSchema>, settings: Settings): RetellContext {
  const report = (e: unknown, where: string) => handoff.reportError(e, where);

  /**
   * The Vobiz call UUID: what the call carries (SIP header, dynamic variables, our header or query
   * parameter), else the user's hook, else the gateway's record of the SIP call it dialled.
   */
  async function callUuidOf(call: CallObject | undefined, request: Request): Promise<string | undefined> {
    const found =
      (call ? findCallUuid(call) : undefined) ??
      usableCallId(request.headers.get(CALL_HEADER)) ??
      usableCallId(new URL(request.url).searchParams.get('handoff_call'));
    if (found || !call) return found;
    const resolved = await resolveWithHook(call);
    if (resolved) return resolved;
    try {
      return await claimInboundCall(handoff.store, {
        platform: PLATFORM,
        platformCallId: call.call_id,
        from: call.from_number,
        to: call.to_number,
        arrivedAt: call.start_timestamp,
      });
    } catch (e) {
      report(e, 'retell-inbound-call');
      return undefined;
    }
  }

  async function resolveWithHook(call: CallObject): Promise<string | undefined> {
    if (!settings.resolveCallId) return undefined;
    const typed = sdkCall(call);
    if (!typed) {
      // The hook is typed with the SDK's call; one missing a field it promises is not passed off as one.
      report(
        new Error(
          `resolveCallId skipped: Retell call ${call.call_id} has no valid ${missingSdkField(call)}, which retell-sdk's CallResponse requires`,
        ),
        'retell-resolve-call-id',
      );
      return undefined;
    }
    return usableCallId(
      await webhook.guarded(report, 'retell-resolve-call-id', settings.resolveCallId, typed),
    );
  }

  function attach(callUuid: string, call: CallObject | undefined, context: PortContext) {
    const port = new RetellPort(settings.client, call?.call_id, context);
    const attached = handoff.attachCall({
      callId: callUuid,
      platform: PLATFORM,
      port,
      ...(call?.from_number ? { from: call.from_number } : {}),
      ...(call?.to_number ? { to: call.to_number } : {}),
      ...(call ? { platformCallId: call.call_id } : {}),
    });
    return { port, attached };
  }

  return {
    handoff,
    settings,
    report,
    notify: async (event) => {
      await webhook.guarded(report, 'retell-on-event', settings.onEvent, event);
    },
    callUuidOf,
    attach,
    refusal: () => webhook.refusal(handoff.options),
  };
}
