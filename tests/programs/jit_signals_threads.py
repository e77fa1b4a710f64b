# A compiled loop is a good citizen (issue #11): signal handlers written in the
# program run while it loops, and other threads get the GIL.  Each loop ends only
# if that happens.
import signal
import threading
import time

count = [0]


def handler(signum, frame):
    count[0] += 1


def spin_until_signalled():
    i = 0
    while count[0] < 20:
        i += 1
    return i > 0


def spin_until_ticked(ticks):
    j = 0
    while ticks[0] < 30:
        j = j + 1
    return j > 0


def spin_for(ticks):
    total = 0
    for k in range(10 ** 12):
        total += k & 7
        if ticks[0] >= 10:
            break
    return total >= 0


signal.signal(signal.SIGALRM, handler)
signal.setitimer(signal.ITIMER_REAL, 0.002, 0.002)
print("signals", spin_until_signalled())
signal.setitimer(signal.ITIMER_REAL, 0)
print("handled", count[0] >= 20)

ticks = [0]


def ticker(ticks, n):
    while ticks[0] < n:
        time.sleep(0.002)
        ticks[0] += 1


t = threading.Thread(target=ticker, args=(ticks, 30))
t.start()
print("threads", spin_until_ticked(ticks))
t.join()

ticks2 = [0]
t = threading.Thread(target=ticker, args=(ticks2, 10))
t.start()
print("for loop", spin_for(ticks2))
t.join()
