#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { isHandoffError } from '@handoff/core';
import { runDemo } from './demo/run-demo.js';
import { serveConfig } from './serve-config.js';

const USAGE = `handoff — hand a live call from an AI agent to a human, with the whole conversation

Usage:
  handoff demo [--once] [--port N] [--host H]       local Vobiz sandbox + gateway + desk + 3 scripted callers
  handoff gateway --config handoff.config.ts [--port N] [--host H]
  handoff --help

  --once   exit after the three demo calls (exit code 1 if any did not reach a human)
`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: 'string', short: 'c' },
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      once: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0];
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return command || values.help ? 0 : 1;
  }
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    process.stderr.write(`--port must be a port number, got ${values.port}\n`);
    return 1;
  }

  if (command === 'demo') {
    const demo = await runDemo({
      ...(values.once ? { once: true } : {}),
      ...(port !== undefined ? { port } : {}),
      ...(values.host ? { host: values.host } : {}),
    });
    if (values.once) {
      const missed = demo.outcomes.filter((o) => o.status !== 'completed' && o.status !== 'connected');
      return missed.length === 0 ? 0 : 1;
    }
    await untilStopped(demo.close);
    return 0;
  }

  if (command === 'gateway') {
    if (!values.config) {
      process.stderr.write('handoff gateway needs --config <file> (e.g. handoff.config.ts)\n');
      return 1;
    }
    const served = await serveConfig(values.config, {
      ...(port !== undefined ? { port } : {}),
      ...(values.host ? { host: values.host } : {}),
    });
    process.stdout.write(
      `handoff gateway listening on ${served.url} (public URL ${served.gateway.publicUrl})\n`,
    );
    await untilStopped(served.close);
    return 0;
  }

  process.stderr.write(`Unknown command "${command}".\n\n${USAGE}`);
  return 1;
}

function untilStopped(close: () => Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      close().finally(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `${isHandoffError(error) ? `${error.code}: ` : ''}${(error as Error).message ?? error}\n`,
    );
    process.exitCode = 1;
  },
);
