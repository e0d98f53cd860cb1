import { type Context, Hono } from 'hono';
import { nodeIncoming, readForm } from './body.js';
import type { GatewayContext } from './context.js';
import { xml } from './handoff-xml.js';
import { type VobizRequest, vobizHandlers } from './vobiz-handlers.js';

export { LOST_BRIEF } from './vobiz-handlers.js';

/**
 * Everything Vobiz calls, as Hono routes: what `gateway.fetch` and `gateway.app` serve. A
 * gateway listening itself (or mounted through `nodeHandler`) answers the same routes before
 * Hono, in `vobiz-fast-path.ts`; both run the handlers of `vobiz-handlers.ts`.
 */
export function vobizRoutes(ctx: GatewayContext): Hono {
  const app = new Hono();

  // Before the body is read: a refused callback costs nothing and changes nothing.
  app.use('*', ctx.signatureGuard);

  const request = (c: Context): VobizRequest => ({
    handoffId: c.req.param('handoffId') ?? '',
    query: (name) => c.req.query(name),
    form: () => readForm(c.req.raw, ctx.maxBodyBytes, nodeIncoming(c.env)),
  });

  for (const route of vobizHandlers(ctx)) {
    app.on([...route.methods], route.path, async (c) => xml(await route.handle(request(c))));
  }
  return app;
}
