"""A client speaking the original AILoadBalancer's plain-text protocol, for ailb's tests.

It connects, sends `CLIENT|ADD`, then each prompt given on the command line as raw text, reading
each answer with one 1024-byte read, exactly like the original client.py. Each answer is printed
as one JSON string per line.

Usage: legacy_client.py HOST:PORT PROMPT [PROMPT ...]
"""
import asyncio
import json
import sys


async def main():
    host, port = sys.argv[1].rsplit(":", 1)
    reader, writer = await asyncio.open_connection(host, int(port))
    writer.write("CLIENT|ADD".encode())
    await writer.drain()
    # The original client waited for a person to type; give the greeting its own read.
    await asyncio.sleep(0.05)
    for prompt in sys.argv[2:]:
        writer.write(prompt.encode())
        await writer.drain()
        data = await asyncio.wait_for(reader.read(1024), timeout=60)
        print(json.dumps(data.decode()), flush=True)
    writer.close()
    await writer.wait_closed()


if __name__ == "__main__":
    asyncio.run(main())
