# Uncaught UnicodeDecodeError decoding invalid UTF-8; caught encode/decode errors and error handlers.
data = "héllo wörld".encode("utf-8")
print(data)
print(data.decode("utf-8"))
print(data.decode("ascii", errors="replace"))
print(data.decode("ascii", errors="ignore"))
try:
    "snow ☃".encode("ascii")
except UnicodeEncodeError as e:
    print("encode:", e, e.start, e.end)
try:
    data.decode("ascii")
except UnicodeDecodeError as e:
    print("decode:", e.encoding, e.reason, e.start, e.end)
bad = b"ok \xff\xfe bytes"
print(bad.decode("latin-1"))
print(bad.decode("utf-8"))
