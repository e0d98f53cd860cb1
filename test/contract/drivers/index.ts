import type { PlatformDriver } from '../driver.js';
import { apiDriver } from './api.js';
import { bolnaDriver } from './bolna.js';
import { elevenLabsDriver } from './elevenlabs.js';
import { livekitDriver } from './livekit.js';
import { realtimeDriver } from './openai-realtime.js';
import { pipecatDriver } from './pipecat.js';
import { retellDriver } from './retell.js';
import { templateDriver } from './template.js';
import { ultravoxDriver } from './ultravox.js';
import { vapiDriver } from './vapi.js';

/** Every platform the suite replays, in the order they run. */
export const DRIVERS: readonly PlatformDriver[] = [
  apiDriver,
  templateDriver,
  livekitDriver,
  realtimeDriver,
  retellDriver,
  pipecatDriver,
  vapiDriver,
  elevenLabsDriver,
  ultravoxDriver,
  bolnaDriver,
];
