import { webhook } from '@handoff/core';

export const { json, problem, safeEqual, isObject } = webhook;
