import { webhook } from '@handoff/core';

export type BodyRead = webhook.BodyRead;
/** Retell signs the raw body: the core's reader keeps it byte for byte, under the limit. */
export const { readBody } = webhook;
