# threading.settrace: a new thread's frames are traced from its first call
import sys
import threading

events = []


def tracer(frame, event, arg):
    if frame.f_code.co_filename == __file__:
        events.append((threading.current_thread().name, event, frame.f_code.co_name,
                       frame.f_lineno))
    return tracer


def job(n):
    total = 0
    for i in range(n):
        total += i
    return total


threading.settrace(tracer)
t = threading.Thread(target=job, args=(3,), name="worker")
t.start()
t.join()
threading.settrace(None)
print(sys.gettrace())
for e in events:
    print(*e)
