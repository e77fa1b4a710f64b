"""Prime sieves and number theory: Eratosthenes, segmented counting, factorization, totients, Miller-Rabin with fixed bases."""
def sieve(n):
    is_p = bytearray([1]) * (n + 1)
    is_p[0] = is_p[1] = 0
    for i in range(2, int(n ** 0.5) + 1):
        if is_p[i]:
            is_p[i * i::i] = bytearray(len(range(i * i, n + 1, i)))
    return [i for i in range(n + 1) if is_p[i]]
ps = sieve(20000)
print(len(ps), ps[:10], ps[-3:], sum(ps) % 1000003)
def sieve_loop(n):
    flags = [True] * (n + 1)
    flags[0] = flags[1] = False
    p = 2
    while p * p <= n:
        if flags[p]:
            m = p * p
            while m <= n:
                flags[m] = False
                m += p
        p += 1
    return sum(flags)
print(sieve_loop(5000))
def factorize(n):
    out = {}
    d = 2
    while d * d <= n:
        while n % d == 0:
            out[d] = out.get(d, 0) + 1
            n //= d
        d += 1 if d == 2 else 2
    if n > 1:
        out[n] = out.get(n, 0) + 1
    return out
for n in [360, 9973, 2 ** 20 - 1, 600851475143, 1001 * 1003]:
    print(n, factorize(n))
def phi(n):
    r = n
    for p in factorize(n):
        r -= r // p
    return r
print([phi(n) for n in range(1, 21)], sum(phi(n) for n in range(1, 500)))
def is_probable_prime(n):
    if n < 2:
        return False
    for p in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37):
        if n % p == 0:
            return n == p
    d, s = n - 1, 0
    while d % 2 == 0:
        d //= 2
        s += 1
    for a in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37):
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True
print([n for n in range(10 ** 12, 10 ** 12 + 200) if is_probable_prime(n)])
print(is_probable_prime(2 ** 127 - 1), is_probable_prime(2 ** 128 + 1), all(is_probable_prime(p) for p in ps[:500]))
twins = [(p, q) for p, q in zip(ps, ps[1:]) if q - p == 2]
print(len(twins), twins[-2:])
gaps = {}
for p, q in zip(ps, ps[1:]):
    gaps[q - p] = gaps.get(q - p, 0) + 1
print(sorted(gaps.items())[:8])
