"""A server speaking the original AILoadBalancer's plain-text protocol, for ailb's tests.

It registers with `REGISTER|host|port`, sends `HEARTBEAT n` on that connection, and answers each
`<uuid>|<prompt>` it receives on its own port with `<uuid>|<prompt><continuation>` in one write,
as the original GPT-2 server did (the answer repeats the prompt). It prints one line per event on
stdout (REGISTERED, REQUEST <prompt>, ...) so tests can follow it.

Usage: legacy_server.py --lb HOST:PORT --port PORT [--heartbeat-interval S] [--heartbeats N]
                        [--no-echo] [--delay S] [--pad N] [--split] [--register-message TEXT]
"""
import argparse
import asyncio
import sys

MAX_DATA_SIZE = 1024


def say(*parts):
    print(*parts, flush=True)


async def handle_request(reader, writer, args):
    try:
        while True:
            data = await reader.read(MAX_DATA_SIZE)
            if not data:
                break
            request_id, prompt = data.decode().strip().split("|", 1)
            say("REQUEST", prompt)
            if args.delay:
                await asyncio.sleep(args.delay)
            continuation = f" and the legacy server on port {args.port} told the rest." + " more" * args.pad
            text = continuation if args.no_echo else prompt + continuation
            answer = f"{request_id}|{text}".encode()
            if args.split:
                # Over 1024 bytes and in two pieces: the balancer must wait for the rest.
                writer.write(answer[:1100])
                await writer.drain()
                await asyncio.sleep(0.01)
                answer = answer[1100:]
            writer.write(answer)
            await writer.drain()
    finally:
        writer.close()


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lb", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--heartbeat-interval", type=float, default=5.0)
    parser.add_argument("--heartbeats", type=int, default=-1, help="go silent after N (default: never)")
    parser.add_argument("--no-echo", action="store_true", help="answer without repeating the prompt")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds to take before answering")
    parser.add_argument("--pad", type=int, default=0, help="append N words to the answer")
    parser.add_argument("--split", action="store_true", help="send the answer in two writes (first 1100 bytes)")
    parser.add_argument("--register-message", help="send this instead of a valid REGISTER, print the answer, exit")
    args = parser.parse_args()
    lb_host, lb_port = args.lb.rsplit(":", 1)

    if args.register_message is not None:
        reader, writer = await asyncio.open_connection(lb_host, int(lb_port))
        writer.write(args.register_message.encode())
        await writer.drain()
        answer = (await asyncio.wait_for(reader.read(MAX_DATA_SIZE), timeout=10)).decode()
        say("ANSWER", answer)
        if answer != "REGISTERED":
            # A refused registration must be followed by the balancer closing the connection.
            rest = await asyncio.wait_for(reader.read(MAX_DATA_SIZE), timeout=10)
            say("CLOSED" if rest == b"" else "OPEN")
        return

    server = await asyncio.start_server(lambda r, w: handle_request(r, w, args), "127.0.0.1", args.port)
    reader, writer = await asyncio.open_connection(lb_host, int(lb_port))
    writer.write(f"REGISTER|127.0.0.1|{args.port}".encode())
    await writer.drain()
    answer = (await reader.read(MAX_DATA_SIZE)).decode().strip()
    if answer != "REGISTERED":
        say("REFUSED", answer)
        sys.exit(1)
    say("REGISTERED")
    count = 0
    async with server:
        while args.heartbeats < 0 or count < args.heartbeats:
            writer.write(f"HEARTBEAT {count}".encode())
            await writer.drain()
            count += 1
            await asyncio.sleep(args.heartbeat_interval)
        say("SILENT")
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
