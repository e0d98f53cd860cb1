/** Which kinds of personal data to mask. Every kind defaults to masked; `false` turns masking off. */
export interface PiiPolicy {
  cards?: boolean;
  aadhaar?: boolean;
  pan?: boolean;
  otp?: boolean;
  email?: boolean;
  phone?: boolean;
}

export const defaultPiiPolicy: Readonly<Required<PiiPolicy>> = Object.freeze({
  cards: true,
  aadhaar: true,
  pan: true,
  otp: true,
  email: true,
  phone: true,
});

/** Fills in defaults; `false` (masking off) comes back as `undefined`. */
export function resolvePiiPolicy(policy: PiiPolicy | false | undefined): Required<PiiPolicy> | undefined {
  if (policy === false) return undefined;
  return { ...defaultPiiPolicy, ...stripUndefined(policy ?? {}) };
}

function stripUndefined(policy: PiiPolicy): PiiPolicy {
  return Object.fromEntries(Object.entries(policy).filter(([, v]) => v !== undefined));
}
