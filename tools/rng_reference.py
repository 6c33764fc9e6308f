#!/usr/bin/env python3
"""ScratchNet's random numbers in plain Python, to check or regenerate them outside Swift.

Usage: python3 tools/rng_reference.py SEED N
Prints the first N uniform doubles of a generator seeded with SEED, then the first N standard
normals of a fresh generator with the same seed, one per line, with 17 significant digits.

The algorithm is the one documented on Xoshiro256StarStar in Sources/Tensor/Random.swift:
SplitMix64 seeds the four state words of xoshiro256**, a uniform double is the top 53 bits
times 2^-53, and normals come in pairs from Box-Muller (cos first, then sin).
"""
import math
import sys

MASK = (1 << 64) - 1


def splitmix64_states(seed):
    x = seed & MASK
    out = []
    for _ in range(4):
        x = (x + 0x9E3779B97F4A7C15) & MASK
        z = x
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        out.append(z ^ (z >> 31))
    return out


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & MASK


class Xoshiro256StarStar:
    def __init__(self, seed):
        self.s = splitmix64_states(seed)
        self.spare = None

    def next(self):
        s = self.s
        result = (rotl((s[1] * 5) & MASK, 7) * 9) & MASK
        t = (s[1] << 17) & MASK
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        return result

    def uniform(self):
        return (self.next() >> 11) * 2.0 ** -53

    def normal(self):
        if self.spare is not None:
            value, self.spare = self.spare, None
            return value
        u1 = self.uniform()
        u2 = self.uniform()
        r = math.sqrt(-2.0 * math.log(1.0 - u1))
        theta = 2.0 * math.pi * u2
        self.spare = r * math.sin(theta)
        return r * math.cos(theta)


def main(argv):
    if len(argv) != 3:
        sys.exit("usage: rng_reference.py SEED N")
    seed, n = int(argv[1]), int(argv[2])
    if not 0 <= seed <= MASK or n < 0:
        sys.exit("SEED must be in 0...2^64-1 and N non-negative")
    g = Xoshiro256StarStar(seed)
    for _ in range(n):
        print(f"{g.uniform():.17g}")
    g = Xoshiro256StarStar(seed)
    for _ in range(n):
        print(f"{g.normal():.17g}")


if __name__ == "__main__":
    main(sys.argv)
