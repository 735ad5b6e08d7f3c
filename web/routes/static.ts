/**
 * The page's static assets, read from `web/static/` next to this module so the
 * page works from any working directory and offline.
 *
 * @module
 */
import type { Hono } from "hono";

const HTML = "text/html; charset=utf-8";
/** Paths served, and their file in web/static/. */
const ASSETS: Record<string, { file: string; type: string }> = {
  "/": { file: "index.html", type: HTML },
  "/dashboard": { file: "index.html", type: HTML },
  "/app.js": { file: "app.js", type: "text/javascript; charset=utf-8" },
  "/chat.js": { file: "chat.js", type: "text/javascript; charset=utf-8" },
  "/dashboard.js": { file: "dashboard.js", type: "text/javascript; charset=utf-8" },
  "/charts.js": { file: "charts.js", type: "text/javascript; charset=utf-8" },
  "/style.css": { file: "style.css", type: "text/css; charset=utf-8" },
  "/dashboard.css": { file: "dashboard.css", type: "text/css; charset=utf-8" },
};
const STATIC_DIR = new URL("../static/", import.meta.url);

/** Everything the page loads comes from this origin; WebSocket and SSE included. */
const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; " +
  "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Serves the page and its assets. */
export function staticRoutes(app: Hono): void {
  for (const [path, asset] of Object.entries(ASSETS)) {
    app.get(path, async (c) => {
      const body = await Deno.readFile(new URL(asset.file, STATIC_DIR));
      return c.body(body, 200, {
        "content-type": asset.type,
        "cache-control": "no-cache",
        "x-content-type-options": "nosniff",
        ...(asset.type === HTML ? { "content-security-policy": CSP } : {}),
      });
    });
  }
}
