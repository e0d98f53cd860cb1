// Copies static files (the desk page) next to the compiled code, since tsc copies only .ts output.
import { cpSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';

const [from, to] = process.argv.slice(2);
if (!from || !to) throw new Error('usage: copy-assets.mjs <from> <to>');
if (existsSync(resolve(from))) cpSync(resolve(from), resolve(to), { recursive: true });
