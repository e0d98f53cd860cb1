import { type StreamSocket, vobizStreamLine } from '@handoff/vobiz';
import { describe, expect, it } from 'vitest';

type Ends = Parameters<NonNullable<StreamSocket['attach']>>[0];

/** A socket that attaches the line (as the bridge's does) rather than taking its listeners. */
function attachingSocket() {
  const sent: string[] = [];
  const held: { line?: Ends } = {};
  const socket: StreamSocket = {
    readyState: 1,
    send: (data) => sent.push(data),
    on: () => {
      throw new Error('an attaching socket is given no listener');
    },
    attach: (line) => {
      held.line = line;
    },
  };
  return { socket, sent, held };
}

const start = JSON.stringify({
  sequenceNumber: 0,
  event: 'start',
  start: {
    callId: 'c1',
    streamId: 's1',
    tracks: ['inbound'],
    mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000 },
  },
  extra_headers: '{}',
});
const media = JSON.stringify({
  sequenceNumber: 1,
  streamId: 's1',
  event: 'media',
  media: { track: 'inbound', timestamp: '0', chunk: 1, payload: 'AAAA' },
  extra_headers: '{}',
});

describe('vobizStreamLine on a socket that attaches it', () => {
  it('takes frames through receive, counts them, and settles checkpoints on settle', async () => {
    const { socket, sent, held } = attachingSocket();
    const audio: string[] = [];
    const stream = vobizStreamLine(socket, {
      onError: (error) => expect.fail(String(error)),
      onMedia: (p) => audio.push(p),
    });
    const line = held.line!;
    expect(line).toBe(stream.line);
    line.receive(Buffer.from(start));
    line.receive(Buffer.from(media));
    stream.line.play('//8=');
    expect(audio).toEqual(['AAAA']);
    expect(JSON.parse(sent[0]!)).toMatchObject({ event: 'playAudio', streamId: 's1' });
    // The counts are read live, from the line and from the object `vobizStreamLine` returned.
    expect([line.framesIn, line.framesOut]).toEqual([1, 1]);
    expect({ ...stream.counts }).toEqual({ framesIn: 1, framesOut: 1 });
    const played = stream.line.played('farewell');
    line.settle();
    await expect(played).resolves.toBe('unknown');
  });
});
