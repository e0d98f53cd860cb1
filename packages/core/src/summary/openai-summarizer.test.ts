import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isHandoffError } from '../errors.js';
import type { Summary } from '../types.js';
import { openaiSummarizer } from './openai-summarizer.js';
import { SummarizerError, type SummarizerInput } from './summarizer.js';

interface Seen {
  method?: string;
  url?: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

let server: Server;
let baseUrl: string;
let seen: Seen[];
let reply: (res: ServerResponse) => void;

beforeEach(async () => {
  seen = [];
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => {
      raw += chunk;
    });
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body: JSON.parse(raw || '{}') });
      reply(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const completion = (content: unknown) => (res: ServerResponse) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({ id: 'chatcmpl-1', choices: [{ index: 0, message: { role: 'assistant', content } }] }),
  );
};

const previous: Summary = {
  oneLine: 'Refund',
  spoken: 'Refund',
  full: 'Refund.',
  source: 'extractive',
  updatedAt: 1,
};
const input: SummarizerInput = {
  transcript: [
    { role: 'caller', text: 'I want a refund of 15,000 rupees. My OTP is 482913.', at: 1 },
    { role: 'agent', text: 'I have raised a refund request.', at: 2 },
  ],
  extracted: {
    intent: 'refund',
    customer: { name: 'Priya', accountNumber: '001234564321' },
    fields: {},
    sentimentTrajectory: [],
  },
  previous,
};

describe('openaiSummarizer', () => {
  it('posts a JSON-mode chat completion and returns the LLM summary', async () => {
    reply = completion(
      JSON.stringify({
        oneLine: 'Refund of ₹15,000',
        spoken: 'Priya wants a refund.',
        full: 'Priya wants a refund.',
      }),
    );
    const summarizer = openaiSummarizer({ apiKey: 'sk-test', baseUrl: `${baseUrl}/` });
    await expect(summarizer.summarize(input)).resolves.toEqual({
      oneLine: 'Refund of ₹15,000',
      spoken: 'Priya wants a refund.',
      full: 'Priya wants a refund.',
      source: 'llm',
      model: 'gpt-4o-mini',
    });

    const [request] = seen;
    expect(request).toMatchObject({ method: 'POST', url: '/v1/chat/completions' });
    expect(request!.headers['authorization']).toBe('Bearer sk-test');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.body).toMatchObject({ model: 'gpt-4o-mini', response_format: { type: 'json_object' } });
    const messages = request!.body['messages'] as Array<{ role: string; content: string }>;
    expect(messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(messages[1]!.content).toContain('caller: I want a refund of 15,000 rupees. My OTP is [code].');
    expect(messages[1]!.content).toContain('"accountEnding":"4321"');
    expect(messages[1]!.content).not.toContain('482913');
    expect(messages[1]!.content).not.toContain('001234564321');
  });

  it('records the model that answered, so the packet says which summary the human read', async () => {
    reply = (res: ServerResponse) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const content = JSON.stringify({ oneLine: 'Refund', spoken: 'Refund.', full: 'Refund.' });
      res.end(
        JSON.stringify({
          model: 'gpt-4o-mini-2024-07-18',
          choices: [{ index: 0, message: { role: 'assistant', content } }],
        }),
      );
    };
    const summary = await openaiSummarizer({ apiKey: 'sk-test', baseUrl }).summarize(input);
    expect(summary).toMatchObject({ source: 'llm', model: 'gpt-4o-mini-2024-07-18' });
  });

  it('sends only the most recent entries and the chosen model', async () => {
    reply = completion(JSON.stringify({ oneLine: 'a', spoken: 'b', full: 'c' }));
    const transcript = Array.from({ length: 10 }, (_, i) => ({
      role: 'caller' as const,
      text: `turn ${i}`,
      at: i,
    }));
    await openaiSummarizer({ apiKey: 'k', baseUrl, maxEntries: 3, model: 'gpt-test' }).summarize({
      ...input,
      transcript,
    });
    const body = seen[0]!.body;
    expect(body['model']).toBe('gpt-test');
    const user = (body['messages'] as Array<{ content: string }>)[1]!.content;
    expect(user).toContain('Transcript (last 3 turns):');
    expect(user).toContain('caller: turn 9');
    expect(user).not.toContain('caller: turn 6');
  });

  it('enforces the one-line and spoken limits on what the model returns', async () => {
    reply = completion(
      JSON.stringify({ oneLine: 'x '.repeat(200), spoken: 'word '.repeat(100), full: ' full ' }),
    );
    const result = await openaiSummarizer({ apiKey: 'k', baseUrl }).summarize(input);
    expect(result.oneLine!.length).toBeLessThanOrEqual(120);
    expect(result.spoken!.split(' ').length).toBeLessThanOrEqual(40);
    expect(result.full).toBe('full');
  });

  it('fails with the HTTP status, and never with the API key in the message', async () => {
    reply = (res) => {
      res.writeHead(429, { 'content-type': 'application/json' });
      res.end('{"error":{"message":"Rate limit reached"}}');
    };
    const error = await openaiSummarizer({ apiKey: 'sk-secret', baseUrl })
      .summarize(input)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SummarizerError);
    expect((error as SummarizerError).status).toBe(429);
    expect((error as Error).message).toContain('HTTP 429');
    expect((error as Error).message).not.toContain('sk-secret');
  });

  it.each([
    ['content that is not JSON', completion('Sure! Here is a summary.')],
    ['JSON missing keys', completion(JSON.stringify({ oneLine: 'only this' }))],
    ['no choices', (res: ServerResponse) => res.end(JSON.stringify({ choices: [] }))],
  ])('fails on %s', async (_, handler) => {
    reply = handler;
    await expect(openaiSummarizer({ apiKey: 'k', baseUrl }).summarize(input)).rejects.toThrow(
      'summarizer reply was not the expected JSON',
    );
  });

  it('times out', async () => {
    reply = () => {};
    await expect(openaiSummarizer({ apiKey: 'k', baseUrl, timeoutMs: 50 }).summarize(input)).rejects.toThrow(
      'summarizer request timed out after 50 ms',
    );
  });

  it('stops when the caller aborts', async () => {
    reply = () => {};
    const controller = new AbortController();
    const pending = openaiSummarizer({ apiKey: 'k', baseUrl }).summarize(input, controller.signal);
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toThrow('summarizer request aborted');
  });

  it('uses an injected fetch', async () => {
    const calls: string[] = [];
    const fakeFetch: typeof fetch = async (url) => {
      calls.push(String(url));
      return new Response(
        JSON.stringify({
          choices: [{ message: { content: JSON.stringify({ oneLine: 'a', spoken: 'b', full: 'c' }) } }],
        }),
      );
    };
    await openaiSummarizer({ apiKey: 'k', fetch: fakeFetch }).summarize(input);
    expect(calls).toEqual(['https://api.openai.com/v1/chat/completions']);
  });

  it('needs an API key', () => {
    try {
      openaiSummarizer({ apiKey: ' ' });
      expect.unreachable();
    } catch (error) {
      expect(isHandoffError(error, 'invalid_options')).toBe(true);
    }
  });
});
