import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

export type ClientEvent = { type: string; [key: string]: unknown };

/** One Realtime connection as the fake server sees it. */
export class FakeConnection {
  readonly received: ClientEvent[] = [];
  readonly #waiters: Array<() => void> = [];
  closed = false;

  constructor(
    readonly socket: WebSocket,
    readonly request: IncomingMessage,
  ) {
    socket.on('message', (data) => {
      this.received.push(JSON.parse(String(data)) as ClientEvent);
      for (const wake of this.#waiters.splice(0)) wake();
    });
    socket.on('close', () => {
      this.closed = true;
      for (const wake of this.#waiters.splice(0)) wake();
    });
  }

  send(event: Record<string, unknown>): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(event));
  }

  /** Resolves with the first client event of `type` (matching `match`) received so far or later. */
  async waitFor(
    type: string,
    match: (event: ClientEvent) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<ClientEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find((e) => e.type === type && match(e));
      if (found) return found;
      if (Date.now() > deadline) {
        throw new Error(`no ${type} from the bridge; got ${this.received.map((e) => e.type).join(', ')}`);
      }
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  async waitClosed(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('the bridge did not close the Realtime socket');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  count(type: string): number {
    return this.received.filter((e) => e.type === type).length;
  }
}

/** A loopback stand-in for `wss://api.openai.com/v1/realtime` that the test scripts event by event. */
export class FakeRealtime {
  readonly connections: FakeConnection[] = [];
  readonly rejected: string[] = [];
  readonly #server: WebSocketServer;
  readonly #waiters: Array<() => void> = [];

  private constructor(
    server: WebSocketServer,
    readonly apiKey: string,
  ) {
    this.#server = server;
  }

  static async start(apiKey = 'sk-test-fake'): Promise<FakeRealtime> {
    let fake!: FakeRealtime;
    const server = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      verifyClient: (info: { req: IncomingMessage }) => {
        const ok = info.req.headers.authorization === `Bearer ${apiKey}`;
        if (!ok) fake.rejected.push(String(info.req.headers.authorization));
        return ok;
      },
    });
    fake = new FakeRealtime(server, apiKey);
    server.on('connection', (socket, request) => {
      fake.connections.push(new FakeConnection(socket, request));
      for (const wake of fake.#waiters.splice(0)) wake();
    });
    await new Promise<void>((resolve) => server.once('listening', resolve));
    return fake;
  }

  get url(): string {
    const { port } = this.#server.address() as AddressInfo;
    return `ws://127.0.0.1:${port}/v1/realtime`;
  }

  async connection(index = 0, timeoutMs = 5000): Promise<FakeConnection> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.connections[index];
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no Realtime connection #${index}`);
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  async close(): Promise<void> {
    for (const c of this.#server.clients) c.terminate();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

/** `n` base64 μ-law chunks of 20 ms (160 bytes) each, as the model streams them. */
export function audioDeltas(n: number): string[] {
  return Array.from({ length: n }, (_, i) => Buffer.alloc(160, 0x7f - (i % 8)).toString('base64'));
}

/** The GA event sequence of one spoken assistant reply. */
export function spokenReply(
  responseId: string,
  itemId: string,
  transcript: string,
  chunks: number,
): Record<string, unknown>[] {
  return [
    { type: 'response.created', response: { id: responseId, status: 'in_progress' } },
    {
      type: 'response.output_item.added',
      response_id: responseId,
      output_index: 0,
      item: { id: itemId, type: 'message', role: 'assistant' },
    },
    ...audioDeltas(chunks).map((delta) => ({
      type: 'response.output_audio.delta',
      response_id: responseId,
      item_id: itemId,
      output_index: 0,
      content_index: 0,
      delta,
    })),
    {
      type: 'response.output_audio.done',
      response_id: responseId,
      item_id: itemId,
      output_index: 0,
      content_index: 0,
    },
    {
      type: 'response.output_audio_transcript.done',
      response_id: responseId,
      item_id: itemId,
      output_index: 0,
      content_index: 0,
      transcript,
    },
    { type: 'response.done', response: { id: responseId, status: 'completed' } },
  ];
}

/** The GA event sequence of a reply that is one function call, `name(args)`. */
export function functionCall(responseId: string, name: string, args: string): Record<string, unknown>[] {
  const item = { id: `fc_${responseId}`, type: 'function_call', name, call_id: `call_${responseId}` };
  return [
    { type: 'response.created', response: { id: responseId, status: 'in_progress' } },
    { type: 'response.output_item.added', response_id: responseId, output_index: 0, item },
    {
      type: 'response.function_call_arguments.done',
      response_id: responseId,
      item_id: item.id,
      output_index: 0,
      call_id: item.call_id,
      name,
      arguments: args,
    },
    { type: 'response.done', response: { id: responseId, status: 'completed' } },
  ];
}

/** What the server sends while the person on the line says `transcript` (item `itemId`). */
export function userSays(itemId: string, transcript: string): Record<string, unknown>[] {
  return [
    { type: 'input_audio_buffer.speech_started', item_id: itemId, audio_start_ms: 1000 },
    { type: 'input_audio_buffer.speech_stopped', item_id: itemId, audio_end_ms: 2500 },
    { type: 'input_audio_buffer.committed', item_id: itemId, previous_item_id: null },
    {
      type: 'conversation.item.input_audio_transcription.completed',
      item_id: itemId,
      content_index: 0,
      transcript,
    },
  ];
}
