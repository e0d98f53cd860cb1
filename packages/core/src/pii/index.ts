export { luhnCheckDigit, luhnValid, verhoeffCheckDigit, verhoeffValid } from './checksums.js';
export { maskPii, maskPiiDeep } from './mask.js';
export { defaultPiiPolicy, type PiiPolicy, resolvePiiPolicy } from './policy.js';
