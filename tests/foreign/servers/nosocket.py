# A program that never touches a socket: tracing it must say so, not name a model.
import time
time.sleep(0.3)
