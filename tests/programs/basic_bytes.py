"""bytes and bytearray: literals, indexing, slicing, methods, mutation, hex, memoryview."""
b = b"hello world"
print(b, b[0], b[-1], b[1:5], b[::-1], len(b), b.upper(), b.split(), b.replace(b"o", b"0"))
print(b.find(b"wor"), b.count(b"l"), b.startswith(b"he"), b"x" in b, 104 in b, b.hex(), b.hex(":", 2))
print(bytes(5), bytes([65, 66, 67]), bytes(range(3)), bytes.fromhex("de ad be ef"), b"%d-%s" % (5, b"x"))
ba = bytearray(b"abc")
ba.append(100)
ba.extend(b"ef")
ba[0] = 65
ba[1:3] = b"XYZ"
del ba[-1]
print(ba, len(ba), bytes(ba), ba.pop(), ba, ba.decode())
ba2 = bytearray(10)
for i in range(10):
    ba2[i] = i * 25
print(list(ba2), ba2.hex(), sum(ba2))
mv = memoryview(b"abcdef")
print(mv[1], bytes(mv[1:4]), mv.tobytes(), mv.nbytes, mv.readonly, list(mv[:3]))
mba = memoryview(bytearray(b"xyz"))
mba[0] = ord("X")
print(mba.tobytes(), mba.obj)
print(b"a" * 3, b"ab" + b"cd", b"abc" < b"abd", b"\x00\xff\n", repr(b"'\""), b"A\tB".expandtabs(4))
print(int.from_bytes(b"\x01\x00", "little"), (1024).to_bytes(4, "big"), (-2).to_bytes(2, "big", signed=True))
print(b" x ".strip(), b"a,b".split(b","), b"-".join([b"a", b"b"]), b"abc".center(7, b"*"), b"Ab".swapcase())
crc = 0
data = bytes(i % 256 for i in range(4000))
for byte in data:
    crc = ((crc << 1) ^ byte) & 0xFFFF
print(crc, data[250:260], data.count(7))
print(bytes([x ^ 0x55 for x in b"secret"]), b"caf\xc3\xa9".decode("utf-8"), "naïve".encode("latin-1"))
print(b"abc".decode("ascii", "replace"), b"\xff".decode("utf-8", "replace"), b"\xff".decode("latin-1"))
