/**
 * With `--token`, everything that reads state or sends prompts needs it, like
 * TCP clients do. Browsers cannot set headers on WebSocket or EventSource,
 * hence the `?token=` query parameter besides `Authorization: Bearer`.
 * `/healthz` stays open for load-balancer probes; the static page holds no secrets.
 *
 * @module
 */
import type { Hono } from "hono";
import { sameSecret } from "../../lib/secret.ts";

/** Paths that need the token. */
export const PROTECTED = ["/api/*", "/metrics", "/ws"];

/** Adds the token check in front of {@link PROTECTED} paths (nothing when `token` is undefined). */
export function authRoutes(app: Hono, token: string | undefined): void {
  if (!token) return;
  for (const path of PROTECTED) {
    app.use(path, async (c, next) => {
      const bearer = c.req.header("authorization")?.match(/^Bearer\s+(.+)$/i)?.[1];
      const given = bearer ?? c.req.query("token");
      if (!sameSecret(given, token)) {
        return c.json({ error: "unauthorized", message: "missing or wrong token" }, 401);
      }
      await next();
    });
  }
}
