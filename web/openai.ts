/**
 * The OpenAI-compatible HTTP API of `ailb balance`, mounted at `/v1` on its HTTP port: `GET /v1/models`,
 * `POST /v1/completions` and `POST /v1/chat/completions`, streaming (server-sent events ending `data: [DONE]`)
 * or not. Every request goes through {@link Balancer.dispatch} like TCP and WebSocket clients (cache,
 * coalescing, strategy, failover, metrics); the headers `x-ailb-backend` and `x-ailb-cache` say who answered.
 * A client that disconnects cancels its generation on the backend at once. See docs/openai.md.
 *
 * @module
 */
import { Hono } from "hono";
import { bearerAuth } from "hono/bearer-auth";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { streamSSE } from "hono/streaming";
import type { Context } from "hono";
import { type Balancer, DispatchError, type DispatchEvent } from "../lib/balancer/balancer.ts";
import { ANY_MODEL } from "../lib/balancer/types.ts";
import type { Logger } from "../lib/log.ts";
import type { DoneStats } from "../lib/protocol.ts";
import {
  chunkBody,
  completionBody,
  fromDispatchError,
  OpenAIError,
  type OpenAIKind,
  parseOpenAIRequest,
  type ResponseHead,
  usageChunk,
} from "./openai_format.ts";

/** Options of {@link createOpenAIApp}. */
export interface OpenAIAppOptions {
  /** When set, every `/v1` request needs `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  log: Logger;
}

/** Seconds a client told 429 should wait before retrying. */
const RETRY_AFTER_S = 1;

function errorResponse(c: Context, error: OpenAIError): Response {
  if (error.status === 429) c.header("retry-after", String(RETRY_AFTER_S));
  return c.json(error.body(), error.status);
}

/** Builds the `/v1` app serving `balancer` (mount it with `app.route("/v1", …)`). */
export function createOpenAIApp(balancer: Balancer, options: OpenAIAppOptions): Hono {
  const { log } = options;
  const app = new Hono();
  app.onError((error, c) => {
    if (error instanceof HTTPException) return error.getResponse();
    if (error instanceof OpenAIError) return errorResponse(c, error);
    log.error(`${c.req.method} ${c.req.path} failed: ${error.stack ?? error}`);
    return errorResponse(c, new OpenAIError(500, error.message, "server_error"));
  });

  if (options.apiKey !== undefined) {
    const refuse = (message: string) => (c: Context) =>
      c.json(new OpenAIError(401, message, "authentication_error", "invalid_api_key").body(), 401);
    app.use(
      "*",
      bearerAuth({
        token: options.apiKey,
        noAuthenticationHeader: { message: refuse("missing API key: send 'Authorization: Bearer <key>'") },
        invalidAuthenticationHeader: { message: refuse("malformed Authorization header") },
        invalidToken: { message: refuse("wrong API key") },
      }),
    );
  }

  app.get("/models", (c) => {
    const created = Math.floor(balancer.startedAt / 1000);
    const model = (id: string) => ({ id, object: "model", created, owned_by: "ailb" });
    return c.json({ object: "list", data: [model(ANY_MODEL), ...balancer.models().map(model)] });
  });

  const limit = bodyLimit({
    maxSize: balancer.options.maxFrame,
    onError: (c) =>
      errorResponse(
        c,
        new OpenAIError(
          413,
          `request body exceeds ${balancer.options.maxFrame} bytes`,
          "invalid_request_error",
        ),
      ),
  });
  app.post("/completions", limit, (c) => complete(c, "text"));
  app.post("/chat/completions", limit, (c) => complete(c, "chat"));

  async function complete(c: Context, kind: OpenAIKind): Promise<Response> {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw new OpenAIError(400, "the request body is not valid JSON");
    }
    const request = parseOpenAIRequest(kind, body);
    // Cancelled when a streaming client goes away. (Deno's request.signal is not used: it also fires after
    // every successful response, with a warning on stderr; a non-streaming request runs to its end and its
    // answer goes to the cache.)
    const cancel = new AbortController();
    const events = balancer.dispatch({
      id: balancer.nextRequestId("o"),
      prompt: request.prompt,
      params: request.params,
      useCache: true,
      signal: cancel.signal,
      model: request.model,
      messages: request.messages,
    });
    const head: ResponseHead = {
      id: `${kind === "chat" ? "chatcmpl" : "cmpl"}-${crypto.randomUUID().replaceAll("-", "")}`,
      created: Math.floor(Date.now() / 1000),
      model: request.model,
    };
    // The first event decides the status: an error before any output is an HTTP error, not a 200 stream.
    let first: IteratorResult<DispatchEvent>;
    try {
      first = await events.next();
    } catch (error) {
      throw toOpenAIError(error);
    }
    if (first.done) throw new OpenAIError(500, "the request ended without an answer", "server_error");
    const who = first.value.type === "routed" ? first.value : first.value.type === "done"
      ? {
        backend: first.value.stats.backend,
        model: first.value.stats.model,
        cached: first.value.stats.cached,
      }
      : undefined;
    if (who) {
      c.header("x-ailb-backend", who.backend);
      c.header("x-ailb-cache", who.cached ? "hit" : "miss");
      if (request.model === ANY_MODEL && who.model) head.model = who.model;
    }
    if (!request.stream) {
      try {
        const { text, stats } = await collect(first.value, events);
        return c.json(completionBody(kind, head, text, stats));
      } catch (error) {
        throw toOpenAIError(error);
      }
    }
    return streamSSE(c, async (stream) => {
      stream.onAbort(() => cancel.abort());
      const write = (data: unknown) => stream.writeSSE({ data: JSON.stringify(data) });
      let sentRole = false;
      try {
        for (let next: IteratorResult<DispatchEvent> = first; !next.done; next = await events.next()) {
          const event = next.value;
          if (event.type === "chunk") {
            await write(chunkBody(kind, head, event.text, null, !sentRole));
            sentRole = true;
          } else if (event.type === "done") {
            if (!sentRole && kind === "chat") await write(chunkBody(kind, head, "", null, true));
            await write(chunkBody(kind, head, undefined, event.stats.finish_reason ?? "length"));
            if (request.includeUsage) await write(usageChunk(kind, head, event.stats));
          }
        }
      } catch (error) {
        if (cancel.signal.aborted) return; // the client left: nobody to tell
        // Mid-stream the status is already 200: the error travels as an event, as OpenAI-compatible servers do.
        await write(toOpenAIError(error).body());
      }
      if (!cancel.signal.aborted) await stream.writeSSE({ data: "[DONE]" });
    });
  }

  function toOpenAIError(error: unknown): OpenAIError {
    if (error instanceof OpenAIError) return error;
    if (error instanceof DispatchError) return fromDispatchError(error.code, error.message);
    log.error(`OpenAI request failed: ${(error as Error).stack ?? error}`);
    return new OpenAIError(500, (error as Error).message ?? String(error), "server_error");
  }

  // Last, so it only sees what no route above took; a mounted app's notFound would never be asked.
  app.all("*", (c) => {
    throw new OpenAIError(404, `no route ${c.req.method} ${c.req.path}`, "invalid_request_error");
  });

  return app;
}

/** Reads a dispatch to its end (so its bookkeeping finishes too): the whole text and the final stats. */
async function collect(
  first: DispatchEvent,
  rest: AsyncGenerator<DispatchEvent>,
): Promise<{ text: string; stats: DoneStats }> {
  let text = "";
  let stats: DoneStats | undefined;
  for (let next: IteratorResult<DispatchEvent> = { value: first }; !next.done; next = await rest.next()) {
    if (next.value.type === "chunk") text += next.value.text;
    else if (next.value.type === "done") stats = next.value.stats;
  }
  if (!stats) throw new OpenAIError(500, "the request ended without final statistics", "server_error");
  return { text, stats };
}
