/**
 * The first exchange on every connection: a `hello` within a deadline, with a
 * supported protocol version and, when one is configured, the right token.
 *
 * @module
 */
import type { Connection } from "./connection.ts";
import { type Message, type MessageOf, PROTOCOL_VERSION, ProtocolError } from "./protocol.ts";
import { sameSecret } from "./secret.ts";

const HELLO_TIMEOUT_MS = 5000;

/** Checks a hello's version and token; throws the error to answer with. */
export function checkHello(hello: Message, token: string | undefined): asserts hello is MessageOf<"hello"> {
  if (hello.type !== "hello") {
    throw new ProtocolError("bad_message", `the first message must be "hello", got "${hello.type}"`);
  }
  if (Math.trunc(hello.v) !== PROTOCOL_VERSION) {
    throw new ProtocolError(
      "unsupported_version",
      `protocol version ${hello.v} is not supported (this peer speaks ${PROTOCOL_VERSION})`,
    );
  }
  if (token && !sameSecret(hello.token, token)) {
    throw new ProtocolError("unauthorized", "missing or wrong token");
  }
}

/**
 * Reads the first message of a connection within a deadline, so a peer that
 * connects and says nothing cannot hold a socket forever.
 */
export async function readHello(
  connection: Connection,
  messages: AsyncIterator<Message>,
): Promise<Message | undefined> {
  const timer = setTimeout(
    () => connection.fail(new ProtocolError("timeout", "no hello within 5 s")),
    HELLO_TIMEOUT_MS,
  );
  try {
    const first = await messages.next();
    return first.done ? undefined : first.value;
  } finally {
    clearTimeout(timer);
  }
}
