/**
 * Routes that read state or take prompts answer only requests addressed to
 * this server by name ({@link HostGuard}): a page on another site that
 * rebinds its own domain to 127.0.0.1 sends its own name as Host, and is
 * refused. Runs before the token check, so a foreign page learns nothing.
 *
 * @module
 */
import type { Hono } from "hono";
import type { Logger } from "../../lib/log.ts";
import { clip } from "../../lib/protocol.ts";
import type { HostGuard } from "../guard.ts";
import { OpenAIError } from "../openai_format.ts";
import { PROTECTED } from "./auth.ts";

/**
 * The host a request is addressed to. HTTP/1.1 says it in the `Host` header;
 * HTTP/2 (what browsers and curl negotiate over TLS) in the `:authority`
 * pseudo-header, which Deno does not expose as a header but puts in the
 * request URL. A HTTP/1 request without any Host also gets a URL (Deno
 * fills in "localhost"), but browsers always send Host, so only non-browser
 * clients, which can name any Host anyway, take that path.
 */
export function requestHost(request: Request): string {
  return request.headers.get("host") ?? new URL(request.url).host;
}

/** Adds the Host check in front of the protected paths and the OpenAI-compatible API. */
export function hostRoutes(app: Hono, guard: HostGuard, log: Logger): void {
  for (const path of [...PROTECTED, "/v1/*"]) {
    app.use(path, async (c, next) => {
      const host = requestHost(c.req.raw);
      if (!guard.hostAllowed(host)) {
        log.warn(`Refused ${c.req.method} ${c.req.path}: Host ${clip(String(host))} is not this server`);
        const message = "this Host is not allowed (see --allowed-origin)";
        // OpenAI clients read errors as {"error": {"message", ...}}; the rest of the API as {error, message}.
        if (c.req.path.startsWith("/v1/")) {
          return c.json(new OpenAIError(403, message, "permission_error", "forbidden_host").body(), 403);
        }
        return c.json({ error: "forbidden", message }, 403);
      }
      await next();
    });
  }
}
