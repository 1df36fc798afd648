# An echo server on the selectors module, which picks epoll on Linux (level-triggered).
# ioscope's trace tests must name it "epoll".
import selectors
import signal
import socket
import sys

signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
sel = selectors.DefaultSelector()
listener = socket.socket()
listener.bind(("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 0))
listener.listen(64)
listener.setblocking(False)
sel.register(listener, selectors.EVENT_READ)
print(f"listening on 127.0.0.1:{listener.getsockname()[1]}", file=sys.stderr, flush=True)
try:
    while True:
        for key, _ in sel.select():
            s = key.fileobj
            if s is listener:
                conn, _ = listener.accept()
                conn.setblocking(False)
                sel.register(conn, selectors.EVENT_READ)
                continue
            data = s.recv(4096)
            if data:
                s.send(data)
            else:
                sel.unregister(s)
                s.close()
except KeyboardInterrupt:
    pass
