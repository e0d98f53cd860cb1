import { webhook } from '@handoff/core';

export type BodyRead = webhook.BodyRead;
export const { readBody, json, problem, safeEqual, within, isObject } = webhook;
export const TIMEOUT: typeof webhook.TIMEOUT = webhook.TIMEOUT;
