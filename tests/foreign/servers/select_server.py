# An echo server as a networking course writes it: one thread, select.select over the listener
# and every connection. ioscope's trace tests must name it "select".
import select
import signal
import socket
import sys

signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
listener = socket.socket()
listener.bind(("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 0))
listener.listen(64)
print(f"listening on 127.0.0.1:{listener.getsockname()[1]}", file=sys.stderr, flush=True)
clients = []
try:
    while True:
        readable, _, _ = select.select([listener] + clients, [], [])
        for s in readable:
            if s is listener:
                conn, _ = listener.accept()
                clients.append(conn)
                continue
            data = s.recv(4096)
            if data:
                s.sendall(data)
            else:
                clients.remove(s)
                s.close()
except KeyboardInterrupt:
    pass
