// On your server (never in the page): a token for one web session, by the customer's number.
const minted = await fetch('https://handoff.example.com/v1/client-tokens', {
  method: 'POST',
  headers: {
    authorization: `Bearer ${process.env.HANDOFF_API_KEY}`,
    'content-type': 'application/json',
  },
  body: JSON.stringify({ callbackNumber: '+919822222222', ttlSeconds: 1800 }),
});
const { token, callId, expiresAt } = (await minted.json()) as {
  token: string;
  callId: string;
  expiresAt: string;
};

// → the page: { token, callId }. For a phone call, send { callId: '<Vobiz CallUUID>' } instead.
export { callId, expiresAt, token };
