import XCTest
@testable import Tensor

/// The fast matmul must equal `matmulReference` bit for bit: every kernel this CPU can run, every
/// transpose combination, one or several threads.
final class MatmulTests: XCTestCase {
    private var savedThreadCount = 1

    override func setUp() {
        super.setUp()
        savedThreadCount = Parallel.threadCount
    }

    override func tearDown() {
        MatmulKernel.force(nil)
        Parallel.threadCount = savedThreadCount
        Parallel.minimumParallelFlops = Parallel.defaultMinimumParallelFlops
        super.tearDown()
    }

    /// (M, K, N): vectors, odd sizes, sizes around the register tiles (4x4, 6x8, 8x24), products
    /// larger than the cache blocks (k blocks of at most 256, column blocks set from L2: 504 columns
    /// with a 2 MiB L2 on AVX-512, 240 with 1 MiB, at most 4096).
    static let shapes: [(Int, Int, Int)] = [
        (1, 1, 1), (1, 17, 50), (50, 17, 1), (1, 1, 33), (33, 1, 1), (2, 3, 4),
        (37, 61, 29), (8, 24, 24), (9, 25, 25), (7, 23, 23), (6, 8, 8), (13, 5, 17),
        (16, 300, 48), (65, 30, 97), (5, 513, 3), (9, 20, 520), (300, 513, 257),
        // more columns than one column block, B beyond the 512 KiB kept whole
        (3, 50, 1600), (20, 40, 1700),
        // a transposed A large enough to be packed in row blocks (K x rows >= 256 Ki elements at
        // 1 and 2 threads; blocks of about 150-300 rows, the last strip short), five k blocks, the
        // last one shorter, and op(B) over the 512 KiB up to which the rows go outermost
        (530, 1101, 70),
        // the exam network's small products (4x4 blocks, leftover rows and columns, one column)
        (25, 3, 5), (25, 5, 1), (25, 1, 5), (5, 25, 1), (3, 25, 5), (1, 3, 4), (4, 2, 4), (11, 7, 9),
    ]

    private func bits(_ t: Tensor) -> [UInt64] { t.scalars.map(\.bitPattern) }

    /// op(A) @ op(B) through every stored layout, compared with the reference on the plain operands.
    private func checkAllLayouts(
        _ a: Tensor, _ b: Tensor, expected: Tensor, context: String,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let aT = a.T, bT = b.T
        let layouts: [(Tensor, Tensor, Bool, Bool, String)] = [
            (a, b, false, false, "a@b"), (aT, b, true, false, "a.T'@b"),
            (a, bT, false, true, "a@b.T'"), (aT, bT, true, true, "a.T'@b.T'"),
        ]
        for (sa, sb, tA, tB, name) in layouts {
            let c = try Tensor.matmul(sa, sb, transposeA: tA, transposeB: tB)
            XCTAssertEqual(c.shape, expected.shape, "\(context) \(name)", file: file, line: line)
            XCTAssertTrue(bits(c) == bits(expected), "\(context) \(name): differs from the reference",
                          file: file, line: line)
            var into = Tensor(shape: expected.shape, repeating: .nan)
            try Tensor.matmul(sa, sb, into: &into, transposeA: tA, transposeB: tB)
            XCTAssertTrue(bits(into) == bits(expected), "\(context) \(name) into: differs from the reference",
                          file: file, line: line)
        }
    }

    func testEveryKernelMatchesReferenceBitForBit() throws {
        var rng = Xoshiro256StarStar(seed: 2024)
        var shapes = Self.shapes
        for _ in 0..<6 { shapes.append((1 + rng.nextInt(below: 40), 1 + rng.nextInt(below: 70), 1 + rng.nextInt(below: 40))) }
        let kernels = MatmulKernel.available
        XCTAssertTrue(kernels.contains(.portable))
        XCTAssertTrue(kernels.contains(MatmulKernel.best))
        // Split even small products across threads, so the row ranges are exercised too.
        Parallel.minimumParallelFlops = 0
        for (m, k, n) in shapes {
            let a = Tensor.randn(shape: [m, k], using: &rng)
            let b = Tensor.randn(shape: [k, n], using: &rng)
            let expected = try Tensor.matmulReference(a, b)
            for kernel in kernels {
                XCTAssertTrue(MatmulKernel.force(kernel))
                XCTAssertEqual(MatmulKernel.active, kernel)
                for threads in [1, 2, 3, 4] {
                    Parallel.threadCount = threads
                    try checkAllLayouts(a, b, expected: expected,
                                        context: "\(kernel) threads=\(threads) (\(m)x\(k))@(\(k)x\(n))")
                }
            }
        }
    }

    func testDefaultThresholdAndThreadsMatchReference() throws {
        // The product as the library runs it by default (large enough to be split).
        var rng = Xoshiro256StarStar(seed: 7)
        let a = Tensor.randn(shape: [130, 200], using: &rng)
        let b = Tensor.randn(shape: [200, 70], using: &rng)
        let expected = try Tensor.matmulReference(a, b)
        for threads in [1, 2] {
            Parallel.threadCount = threads
            try checkAllLayouts(a, b, expected: expected, context: "default threads=\(threads)")
        }
    }

    func testSignedZerosAndInfinitiesFollowTheReference() throws {
        // -0 products summed from +0, infinities: the same operations give the same bits.
        let values: [Double] = [-0.0, 0.0, 1, -1, .infinity, 2.5, -0.0, 1e308, 1e-308, -3]
        var rng = Xoshiro256StarStar(seed: 11)
        let a = try Tensor(shape: [9, 7], scalars: (0..<63).map { _ in values[rng.nextInt(below: 10)] })
        let b = try Tensor(shape: [7, 26], scalars: (0..<182).map { _ in values[rng.nextInt(below: 4)] })
        let expected = try Tensor.matmulReference(a, b)
        Parallel.minimumParallelFlops = 0
        for kernel in MatmulKernel.available {
            MatmulKernel.force(kernel)
            for threads in [1, 2] {
                Parallel.threadCount = threads
                let c = try Tensor.matmul(a, b)
                // NaN != NaN, so compare bit patterns.
                XCTAssertEqual(bits(c), bits(expected), "\(kernel) threads=\(threads)")
            }
        }
    }

    func testEmptyShapes() throws {
        for kernel in MatmulKernel.available {
            MatmulKernel.force(kernel)
            for threads in [1, 2] {
                Parallel.threadCount = threads
                XCTAssertEqual(try Tensor.matmul(Tensor.zeros(0, 3), Tensor.ones(3, 4)).shape, [0, 4])
                XCTAssertEqual(try Tensor.matmul(Tensor.ones(2, 3), Tensor.zeros(3, 0)).shape, [2, 0])
                // K = 0: the empty sum is zero.
                let c = try Tensor.matmul(Tensor.zeros(5, 0), Tensor.zeros(0, 3))
                XCTAssertEqual(c, Tensor.zeros(5, 3))
                var into = Tensor(shape: [3, 5], repeating: .nan)
                try Tensor.matmul(Tensor.zeros(0, 3), Tensor.zeros(0, 5), into: &into, transposeA: true)
                XCTAssertEqual(into, Tensor.zeros(3, 5))
                XCTAssertEqual(try Tensor.matmul(Tensor.zeros(0, 0), Tensor.zeros(0, 0)).shape, [0, 0])
            }
        }
    }

    func testShapeErrors() throws {
        XCTAssertThrowsError(try Tensor.matmul(Tensor.ones(2, 3), Tensor.ones(2, 3))) { error in
            XCTAssertEqual("\(error)", "matmul: (2x3) @ (2x3): inner dimensions 3 and 2 differ")
        }
        XCTAssertNoThrow(try Tensor.matmul(Tensor.ones(2, 3), Tensor.ones(2, 3), transposeB: true))
        XCTAssertNoThrow(try Tensor.matmul(Tensor.ones(2, 3), Tensor.ones(2, 3), transposeA: true))
        XCTAssertThrowsError(try Tensor.matmul(Tensor.ones(2, 3), Tensor.ones(2, 3), transposeA: true, transposeB: true))
        XCTAssertThrowsError(try Tensor.matmul(Tensor.ones(3), Tensor.ones(3, 1)))
        var wrong = Tensor.zeros(2, 5)
        XCTAssertThrowsError(try Tensor.matmul(Tensor.ones(2, 3), Tensor.ones(3, 4), into: &wrong)) { error in
            XCTAssertEqual("\(error)", "matmul into: (2x3) @ (3x4): the output has shape (2x5), the product (2x4)")
        }
    }

    func testVectorMatmulStillWorks() throws {
        let v = Tensor([1, 2, 3])
        let m = try Tensor([[1, 0], [0, 1], [1, 1]])
        XCTAssertEqual(try v.matmul(m), Tensor([4, 5]))
        XCTAssertEqual(try m.T.matmul(v), Tensor([4, 5]))
    }

    func testThreadCountSetting() {
        XCTAssertGreaterThanOrEqual(Parallel.processorCount, 1)
        Parallel.threadCount = 3
        XCTAssertEqual(Parallel.threadCount, 3)
        Parallel.threadCount = 0
        XCTAssertEqual(Parallel.threadCount, 1)
    }

    func testForcingAndNames() {
        XCTAssertTrue(MatmulKernel.force(.portable))
        XCTAssertEqual(MatmulKernel.active, .portable)
        XCTAssertTrue(MatmulKernel.force(nil))
        XCTAssertEqual(MatmulKernel.active, MatmulKernel.best)
        #if arch(x86_64)
        #else
        XCTAssertFalse(MatmulKernel.force(.avx512))
        XCTAssertEqual(MatmulKernel.active, .portable)
        #endif
    }
}
