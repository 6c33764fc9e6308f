/// ScratchNet's random number generator: xoshiro256** seeded through SplitMix64.
///
/// Every random number in ScratchNet comes from here, so that one seed gives the same site on
/// every platform. The algorithm, exactly (all arithmetic on unsigned 64-bit integers, wrapping):
///
/// **Seeding (SplitMix64).** Start with `x = seed`. Four times: `x += 0x9E3779B97F4A7C15`;
/// `z = x`; `z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9`; `z = (z ^ (z >> 27)) * 0x94D049BB133111EB`;
/// `z = z ^ (z >> 31)`; the four `z` are the state `s0, s1, s2, s3`.
///
/// **Next 64 bits (xoshiro256\*\*).** `result = rotl(s1 * 5, 7) * 9`; `t = s1 << 17`;
/// `s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 45)`; return `result`.
///
/// **Uniform double in [0, 1).** The top 53 bits: `Double(next() >> 11) * 2^-53`.
///
/// **Standard normal (Box-Muller).** Draw `u1`, then `u2` (uniform as above);
/// `r = sqrt(-2 * log(1 - u1))`, `theta = 2 * pi * u2`; return `r * cos(theta)` now and keep
/// `r * sin(theta)` for the next call, which returns it without drawing. (`1 - u1` lies in
/// (0, 1], so the logarithm is finite.)
///
/// **Integer in [0, n).** Rejection, unbiased: `threshold = (2^64 - n) mod n`; draw `r = next()`
/// until `r >= threshold`; return `r mod n`.
///
/// **Shuffle (Fisher-Yates).** For `i` from `count - 1` down to 1: `j = int(i + 1)`, swap `i`, `j`.
///
/// **Sampling** `k` of `n` with replacement: `k` draws of `int(n)`. Without replacement: a partial
/// Fisher-Yates over `0..<n`: for `i` in `0..<k`, `j = i + int(n - i)`, swap `i`, `j`; the first
/// `k` entries are the sample.
///
/// `tools/rng_reference.py` reproduces the uniforms and normals in plain Python.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable, Equatable {
    /// The four words of state.
    public private(set) var state: (UInt64, UInt64, UInt64, UInt64)
    /// The second Box-Muller normal, kept for the next `nextNormal()`.
    private var spareNormal: Double?

    /// A generator seeded from one 64-bit number through SplitMix64.
    public init(seed: UInt64) {
        var x = seed
        func splitmix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (splitmix(), splitmix(), splitmix(), splitmix())
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.state == b.state && a.spareNormal == b.spareNormal
    }

    @inline(__always)
    private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = Self.rotl(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = Self.rotl(state.3, 45)
        return result
    }

    /// A uniform double in [0, 1) from the top 53 bits.
    public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A standard normal sample (Box-Muller; see the type's documentation).
    public mutating func nextNormal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        let u1 = nextUniform()
        let u2 = nextUniform()
        let r = (-2 * _log(1 - u1)).squareRoot()
        let theta = 2 * Double.pi * u2
        spareNormal = r * _sin(theta)
        return r * _cos(theta)
    }

    /// An unbiased integer in `0..<bound` (rejection sampling; see the type's documentation).
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "nextInt(below:) needs a positive bound, got \(bound)")
        let n = UInt64(bound)
        let threshold = (0 &- n) % n
        while true {
            let r = next()
            if r >= threshold { return Int(r % n) }
        }
    }

    /// Shuffles `array` in place (Fisher-Yates, from the last element down).
    public mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            let j = nextInt(below: i + 1)
            array.swapAt(i, j)
        }
    }

    /// A random permutation of `0..<n`.
    public mutating func permutation(_ n: Int) -> [Int] {
        var indices = Array(0..<n)
        shuffle(&indices)
        return indices
    }

    /// `k` indices from `0..<n`, drawn independently (with replacement).
    public mutating func sampleWithReplacement(_ k: Int, from n: Int) -> [Int] {
        (0..<k).map { _ in nextInt(below: n) }
    }

    /// `k` distinct indices from `0..<n` in the order drawn (without replacement).
    public mutating func sampleWithoutReplacement(_ k: Int, from n: Int) -> [Int] {
        precondition(k <= n, "cannot draw \(k) distinct indices from \(n)")
        var pool = Array(0..<n)
        for i in 0..<k {
            let j = i + nextInt(below: n - i)
            pool.swapAt(i, j)
        }
        return Array(pool[0..<k])
    }
}
