"""A client speaking the original AILoadBalancer's plain-text protocol, for ailb's tests.

It connects, sends `CLIENT|ADD`, then each prompt given on the command line as raw text, reading
each answer with one 1024-byte read, exactly like the original client.py. Each answer is printed
as one JSON string per line.

With --hold S it then keeps the connection open for up to S seconds, and prints
`CLOSED BY BALANCER` if the balancer closes it meanwhile, `STILL OPEN` otherwise.

Usage: legacy_client.py HOST:PORT [--hold S] PROMPT [PROMPT ...]
"""
import asyncio
import json
import sys


async def main():
    args = sys.argv[1:]
    host, port = args.pop(0).rsplit(":", 1)
    hold = None
    if args and args[0] == "--hold":
        hold = float(args[1])
        args = args[2:]
    reader, writer = await asyncio.open_connection(host, int(port))
    writer.write("CLIENT|ADD".encode())
    await writer.drain()
    # The original client waited for a person to type; give the greeting its own read.
    await asyncio.sleep(0.05)
    for prompt in args:
        writer.write(prompt.encode())
        await writer.drain()
        data = await asyncio.wait_for(reader.read(1024), timeout=60)
        print(json.dumps(data.decode()), flush=True)
    if hold is not None:
        print("HOLDING", flush=True)
        try:
            rest = await asyncio.wait_for(reader.read(1024), timeout=hold)
            print("CLOSED BY BALANCER" if rest == b"" else "UNEXPECTED " + json.dumps(rest.decode()), flush=True)
        except asyncio.TimeoutError:
            print("STILL OPEN", flush=True)
    writer.close()
    await writer.wait_closed()


if __name__ == "__main__":
    asyncio.run(main())
