# An echo server on asyncio: an event loop over epoll (level-triggered), with the reads and
# writes in callbacks. ioscope's trace tests must name it "epoll".
import asyncio
import signal
import sys


async def echo(reader, writer):
    while data := await reader.read(4096):
        writer.write(data)
        await writer.drain()
    writer.close()


async def main():
    server = await asyncio.start_server(
        echo, "127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 0)
    port = server.sockets[0].getsockname()[1]
    print(f"listening on 127.0.0.1:{port}", file=sys.stderr, flush=True)
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        asyncio.get_running_loop().add_signal_handler(sig, stop.set)
    async with server:
        await stop.wait()


asyncio.run(main())
