import { formatConsoleTime } from './clock.js';
import type { MediaFormat } from './codec.js';
import type { StreamConfig, StreamHost } from './stream-client.js';

/** What a stream tells the app: its `start` message on the socket, and its status callbacks. */

/** The first message on the socket, in the shape the sandbox is set to (`ctx.startShape`). */
export function startMessage(
  host: Pick<StreamHost, 'ctx' | 'rec'>,
  config: StreamConfig,
  format: MediaFormat | undefined,
  streamId: string,
  sequenceNumber: number,
): Record<string, unknown> {
  const { ctx, rec } = host;
  const tracks = config.audioTrack === 'both' ? ['inbound', 'outbound'] : [config.audioTrack];
  const mediaFormat = { encoding: format?.encoding, sampleRate: format?.sampleRate };
  if (ctx.startShape === 'flat') {
    return {
      event: 'start',
      sequenceNumber,
      streamId,
      callId: rec.uuid,
      accountId: ctx.accountId,
      from: rec.setup.from.replace(/^\+/, ''),
      to: rec.setup.to.replace(/^\+/, ''),
      contentType: config.contentType,
      tracks,
      extra_headers: '{}',
    };
  }
  return {
    sequenceNumber,
    event: 'start',
    start: { callId: rec.uuid, streamId, accountId: ctx.accountId, tracks, mediaFormat },
    // extraHeaders never reach the socket on real Vobiz: the field stays the literal "{}".
    extra_headers: '{}',
  };
}

/** A stream status callback (StartStream, PlayedStream, ClearedAudio, DroppedStream, StopStream). */
export function streamStatusParams(
  host: Pick<StreamHost, 'ctx' | 'identityParams'>,
  config: StreamConfig,
  streamId: string,
  event: string,
  extra: Record<string, string>,
): Record<string, string> {
  const { ctx } = host;
  const headers = Object.fromEntries(Object.entries(config.extraHeaders).map(([k, v]) => [`X-VH-${k}`, v]));
  return {
    ...host.identityParams(),
    Event: event,
    StreamID: streamId,
    Timestamp: formatConsoleTime(ctx.clock.now(), ctx.consoleTimeZone),
    status_callback_url: config.statusCallbackUrl ?? '',
    status_callback_method: config.statusCallbackMethod,
    bidirectional: String(config.bidirectional),
    audioTrack: config.audioTrack,
    streamTimeout: String(config.streamTimeoutS),
    contentType: config.contentType,
    extraHeaders: Object.entries(config.extraHeaders)
      .map(([k, v]) => `${k}=${v}`)
      .join(','),
    maxRetries: String(config.maxRetries),
    keepCallAlive: String(config.keepCallAlive),
    Error: '',
    ...extra,
    ...headers,
  };
}
