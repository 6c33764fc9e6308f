import XCTest
@testable import Tensor

final class TensorOpsTests: XCTestCase {
    let m = try! Tensor([[1, 2, 3], [4, 5, 6]])

    func testCreation() throws {
        XCTAssertEqual(Tensor.zeros(2, 3).scalars, [0, 0, 0, 0, 0, 0])
        XCTAssertEqual(Tensor.ones(2).shape, [2])
        XCTAssertEqual(Tensor(3.5).shape, [])
        XCTAssertEqual(Tensor(3.5).item, 3.5)
        XCTAssertEqual(Tensor.linspace(-1, 1, count: 5).scalars, [-1, -0.5, 0, 0.5, 1])
        XCTAssertEqual(Tensor.linspace(-1, 1, count: 6).scalars.last, 1)
        XCTAssertEqual(Tensor.arange(5).scalars, [0, 1, 2, 3, 4])
        XCTAssertEqual(Tensor.arange(1, 2, step: 0.25).scalars, [1, 1.25, 1.5, 1.75])
        XCTAssertEqual(Tensor.arange(0, 1, step: 0.3).count, 4) // numpy: [0, .3, .6, .9]
        XCTAssertThrowsError(try Tensor(shape: [2, 2], scalars: [1, 2, 3])) { error in
            XCTAssertEqual("\(error)", "init: (2x2): shape holds 4 elements but 3 were given")
        }
        XCTAssertThrowsError(try Tensor([[1, 2], [3]])) { error in
            XCTAssertEqual("\(error)", "init: (2x2): row 1 has 1 elements, row 0 has 2")
        }
        var g = Xoshiro256StarStar(seed: 1)
        let u = Tensor.uniform(shape: [1000], low: -1, high: 1, using: &g)
        XCTAssert(u.scalars.allSatisfy { $0 >= -1 && $0 < 1 })
        XCTAssertEqual(m[1, 2], 6)
    }

    func testElementwiseArithmetic() throws {
        XCTAssertEqual(try (m + m).scalars, [2, 4, 6, 8, 10, 12])
        XCTAssertEqual(try (m - m).scalars, [0, 0, 0, 0, 0, 0])
        XCTAssertEqual(try (m * m).scalars, [1, 4, 9, 16, 25, 36])
        XCTAssertEqual(try (m / m).scalars, [1, 1, 1, 1, 1, 1])
        XCTAssertEqual((m * 2).scalars, [2, 4, 6, 8, 10, 12])
        XCTAssertEqual((1 - m).scalars, [0, -1, -2, -3, -4, -5])
        XCTAssertEqual((m / 2).scalars, [0.5, 1, 1.5, 2, 2.5, 3])
        XCTAssertEqual((12 / m).scalars, [12, 6, 4, 3, 2.4, 2])
        XCTAssertEqual((-m).scalars, [-1, -2, -3, -4, -5, -6])
        XCTAssertEqual((m + 1).scalars, [2, 3, 4, 5, 6, 7])
    }

    func testUnaryFunctions() throws {
        let t = Tensor([-2, 0, 1])
        XCTAssertEqual(t.clamp(min: 0).scalars, [0, 0, 1])
        XCTAssertEqual(t.clamp(max: 0).scalars, [-2, 0, 0])
        XCTAssertEqual(t.exp().scalars, [0.1353352832366127, 1, 2.718281828459045])
        XCTAssertEqual(Tensor([1, 2.718281828459045]).log().scalars[0], 0)
        XCTAssertEqual(Tensor([1, 2.718281828459045]).log().scalars[1], 1, accuracy: 1e-16)
        XCTAssertEqual(t.tanh().scalars[0], -0.9640275800758169, accuracy: 1e-16)
        XCTAssertEqual(t.abs().scalars, [2, 0, 1])
        XCTAssertEqual(t.squared().scalars, [4, 0, 1])
        XCTAssertEqual(Tensor([4, 9]).sqrt().scalars, [2, 3])
        XCTAssertTrue(t.isFinite)
        XCTAssertFalse(Tensor([1, .nan]).isFinite)
        XCTAssertFalse(Tensor([1, .infinity]).isFinite)
    }

    func testMasks() throws {
        let t = Tensor([-1, 0, 2])
        XCTAssertEqual((t > 0).scalars, [0, 0, 1])
        XCTAssertEqual((t >= 0).scalars, [0, 1, 1])
        XCTAssertEqual((t < 0).scalars, [1, 0, 0])
        XCTAssertEqual((t <= 0).scalars, [1, 1, 0])
        XCTAssertEqual(try (t > Tensor([0, 0, 3])).scalars, [0, 0, 0])
        XCTAssertEqual(try (t < Tensor([0, 0, 3])).scalars, [1, 0, 1])
        XCTAssertEqual(try t.equalMask(Tensor([-1, 1, 2])).scalars, [1, 0, 1])
    }

    func testBroadcasting() throws {
        // A bias row added to every row.
        XCTAssertEqual(try (m + Tensor([10, 20, 30])).scalars, [11, 22, 33, 14, 25, 36])
        // A column against a row: the outer sum.
        let col = try Tensor([[1], [2]])
        let sum = try col + Tensor([10, 20, 30])
        XCTAssertEqual(sum.shape, [2, 3])
        XCTAssertEqual(sum.scalars, [11, 21, 31, 12, 22, 32])
        // A scalar tensor on either side.
        XCTAssertEqual(try (Tensor(1) - m).scalars, [0, -1, -2, -3, -4, -5])
        // The tutorials' trap: (N x 1) - (N) is silently (N x N).
        let pred = try Tensor([[1], [2], [3]])
        let targ = Tensor([1, 2, 3])
        let diff = try pred - targ
        XCTAssertEqual(diff.shape, [3, 3])
        XCTAssertEqual(diff.scalars, [0, -1, -2, 1, 0, -1, 2, 1, 0])
        // Rank 3 with a row.
        let cube = try Tensor(shape: [2, 2, 2], scalars: [1, 2, 3, 4, 5, 6, 7, 8])
        XCTAssertEqual(try (cube * Tensor([1, 10])).scalars, [1, 20, 3, 40, 5, 60, 7, 80])
        // Rank 3 with a (2x1x2) against (2x1): general path.
        let a = try Tensor(shape: [2, 1, 2], scalars: [1, 2, 3, 4])
        let b = try Tensor([[10], [20]])
        let ab = try a + b
        XCTAssertEqual(ab.shape, [2, 2, 2])
        XCTAssertEqual(ab.scalars, [11, 12, 21, 22, 13, 14, 23, 24])
    }

    func testBroadcastErrorsNameBothShapes() {
        XCTAssertThrowsError(try m + Tensor([1, 2])) { error in
            XCTAssertEqual("\(error)", "add: (2x3) + (2): sizes 3 and 2 on axis 1 of the broadcast shape cannot broadcast")
        }
        XCTAssertThrowsError(try m * Tensor.zeros(3, 3)) { error in
            XCTAssertEqual("\(error)", "multiply: (2x3) * (3x3): sizes 2 and 3 on axis 0 of the broadcast shape cannot broadcast")
        }
        XCTAssertThrowsError(try m - Tensor.zeros(4)) { error in
            XCTAssert("\(error)".hasPrefix("subtract: (2x3) - (4): "))
        }
        XCTAssertThrowsError(try m / Tensor.zeros(4)) { error in
            XCTAssert("\(error)".hasPrefix("divide: (2x3) / (4): "))
        }
    }

    func testInPlaceUpdates() throws {
        var w = Tensor([1, 2, 3])
        try w.subtract(Tensor([10, 20, 30]), scaledBy: 0.1)
        let lr = 0.1
        let expected: [Double] = [1 - lr * 10, 2 - lr * 20, 3 - lr * 30]
        XCTAssertEqual(w.scalars, expected)
        try w.add(Tensor([1, 1, 1]))
        XCTAssertEqual(w.scalars, expected.map { $0 + 1 })
        XCTAssertThrowsError(try w.add(Tensor([1]))) { error in
            XCTAssertEqual("\(error)", "accumulate: (3) + (1): an in-place sum needs equal shapes")
        }
    }

    func testReshapeTransposeAndSqueeze() throws {
        XCTAssertEqual(try m.reshaped(3, 2).shape, [3, 2])
        XCTAssertEqual(try m.reshaped(-1).shape, [6])
        XCTAssertEqual(try m.reshaped(3, -1).shape, [3, 2])
        XCTAssertThrowsError(try m.reshaped(4, 2)) { error in
            XCTAssertEqual("\(error)", "reshape: (2x3) -> (4x2): 6 elements cannot take a shape of 8")
        }
        XCTAssertThrowsError(try m.reshaped(4, -1)) { error in
            XCTAssertEqual("\(error)", "reshape: (2x3) -> (4x-1): 6 elements do not divide into rows of 4")
        }
        XCTAssertEqual(m.T.shape, [3, 2])
        XCTAssertEqual(m.T.scalars, [1, 4, 2, 5, 3, 6])
        XCTAssertEqual(Tensor([1, 2]).T.shape, [2])
        let big = Tensor(shape: [70, 33], repeating: 0).map { $0 } // tiles cross their edges
        var g = Xoshiro256StarStar(seed: 2)
        let r = Tensor.randn(shape: big.shape, using: &g)
        XCTAssertEqual(r.T.T, r)
        XCTAssertEqual(r.T[5, 60], r[60, 5])
        let cube = try Tensor(shape: [2, 3, 4], scalars: (0..<24).map(Double.init))
        let p = try cube.transposed([2, 0, 1])
        XCTAssertEqual(p.shape, [4, 2, 3])
        XCTAssertEqual(p[3, 1, 2], cube[1, 2, 3])
        XCTAssertEqual(try cube.transposed([0, 2, 1])[1, 3, 0], cube[1, 0, 3])
        XCTAssertThrowsError(try cube.transposed([0, 0, 1]))
        let col = try Tensor([[1], [2], [3]])
        XCTAssertEqual(try col.squeezed().shape, [3])
        XCTAssertEqual(try col.squeezed(axis: 1).shape, [3])
        XCTAssertThrowsError(try col.squeezed(axis: 0)) { error in
            XCTAssertEqual("\(error)", "squeeze: (3x1): axis 0 is not of size 1")
        }
        XCTAssertEqual(try Tensor([1, 2, 3]).unsqueezed(axis: 1).shape, [3, 1])
        XCTAssertEqual(try Tensor([1, 2, 3]).unsqueezed(axis: 0).shape, [1, 3])
        XCTAssertThrowsError(try Tensor([1, 2, 3]).unsqueezed(axis: 3))
    }

    func testRowsAndConcatenate() throws {
        let x = try Tensor([[1, 2], [3, 4], [5, 6]])
        XCTAssertEqual(x.rows([2, 0, 2]).scalars, [5, 6, 1, 2, 5, 6])
        XCTAssertEqual(x.rows([2, 0, 2]).shape, [3, 2])
        XCTAssertEqual(x.rows(1..<3).scalars, [3, 4, 5, 6])
        XCTAssertEqual(Tensor([7, 8, 9]).rows([1]).scalars, [8])
        let joined = try Tensor.concatenate([x, x.rows(0..<1)], axis: 0)
        XCTAssertEqual(joined.shape, [4, 2])
        XCTAssertEqual(joined.scalars, [1, 2, 3, 4, 5, 6, 1, 2])
        let side = try Tensor.concatenate([x, try Tensor([[0], [0], [0]])], axis: 1)
        XCTAssertEqual(side.shape, [3, 3])
        XCTAssertEqual(side.scalars, [1, 2, 0, 3, 4, 0, 5, 6, 0])
        XCTAssertThrowsError(try Tensor.concatenate([x, Tensor.zeros(2, 3)], axis: 0)) { error in
            XCTAssertEqual("\(error)", "concatenate: (3x2) , (2x3): sizes differ off axis 0")
        }
    }

    func testRowsIntoMatchesRowsForEveryBatchShape() throws {
        // Rows copied eight side by side a cache line at a time, split over threads for large
        // batches: widths with and without a partial last line, batches not a multiple of eight.
        var rng = Xoshiro256StarStar(seed: 5)
        let saved = Parallel.threadCount
        defer { Parallel.threadCount = saved }
        for (rows, width, batch) in [(50, 1, 7), (40, 13, 9), (300, 784, 32), (100, 785, 33), (20, 8, 20), (5, 3, 0)] {
            let x = Tensor.randn(shape: [rows, width], using: &rng)
            let indices = (0..<batch).map { _ in rng.nextInt(below: rows) }
            for threads in [1, 2] {
                Parallel.threadCount = threads
                var out = Tensor(shape: [batch, width], repeating: .nan)
                x.rows(indices, into: &out)
                XCTAssertEqual(out.scalars, x.rows(indices).scalars, "\(rows)x\(width) batch \(batch) threads \(threads)")
            }
        }
    }

    func testRowsIntoDuringABodyMatchesRowsAndTheBodysProducts() throws {
        // the copy on another core while the body multiplies (its products find the pool busy and
        // run on the caller); a copy started inside another's body finds the pool busy too and is
        // done at once. Every result is the plain one.
        var rng = Xoshiro256StarStar(seed: 9)
        let saved = (Parallel.threadCount, Parallel.minimumParallelFlops)
        defer { (Parallel.threadCount, Parallel.minimumParallelFlops) = saved }
        Parallel.minimumParallelFlops = 0
        let x = Tensor.randn(shape: [300, 785], using: &rng)
        let a = Tensor.randn(shape: [64, 90], using: &rng), b = Tensor.randn(shape: [90, 70], using: &rng)
        let product = try Tensor.matmulReference(a, b)
        for threads in [1, 2, 4] {
            Parallel.threadCount = threads
            for batch in [0, 1, 9, 33] {
                let indices = (0..<batch).map { _ in rng.nextInt(below: 300) }
                let inner = (0..<30).map { _ in rng.nextInt(below: 300) }
                var out = Tensor(shape: [batch, 785], repeating: .nan)
                var innerOut = Tensor(shape: [30, 785], repeating: .nan)
                var runs = 0
                let c = try x.rows(indices, into: &out) { () throws(ShapeError) -> Tensor in
                    runs += 1
                    x.rows(inner, into: &innerOut) { runs += 1 }
                    return try Tensor.matmul(a, b)
                }
                XCTAssertEqual(runs, 2)
                XCTAssertEqual(out.scalars, x.rows(indices).scalars, "batch \(batch) threads \(threads)")
                XCTAssertEqual(innerOut.scalars, x.rows(inner).scalars, "threads \(threads)")
                XCTAssertEqual(c.scalars.map(\.bitPattern), product.scalars.map(\.bitPattern))
            }
        }
    }

    func testReductions() throws {
        XCTAssertEqual(m.sum(), 21)
        XCTAssertEqual(m.mean(), 3.5)
        XCTAssertEqual(m.max(), 6)
        XCTAssertEqual(m.min(), 1)
        XCTAssertEqual(m.argmax(), 5)
        XCTAssertEqual(try m.sum(axis: 0).scalars, [5, 7, 9])
        XCTAssertEqual(try m.sum(axis: 0).shape, [3])
        XCTAssertEqual(try m.sum(axis: 1).scalars, [6, 15])
        XCTAssertEqual(try m.sum(axis: 1, keepingDimension: true).shape, [2, 1])
        XCTAssertEqual(try m.mean(axis: 0).scalars, [2.5, 3.5, 4.5])
        XCTAssertEqual(try m.max(axis: 1).scalars, [3, 6])
        XCTAssertEqual(try Tensor([[1, 9, 9], [7, 2, 3]]).argmax(axis: 1).scalars, [1, 0])
        XCTAssertEqual(try Tensor([[1, 9, 9], [7, 2, 3]]).argmax(axis: 0).scalars, [1, 0, 0])
        let cube = try Tensor(shape: [2, 2, 2], scalars: [1, 2, 3, 4, 5, 6, 7, 8])
        XCTAssertEqual(try cube.sum(axis: 1).scalars, [4, 6, 12, 14])
        XCTAssertEqual(try cube.sum(axis: 0).scalars, [6, 8, 10, 12])
        XCTAssertEqual(try cube.sum(axis: 2).scalars, [3, 7, 11, 15])
        XCTAssertThrowsError(try m.sum(axis: 2)) { error in
            XCTAssertEqual("\(error)", "sum: (2x3): axis 2 out of range for rank 2")
        }
    }

    func testMatmulShapesAndErrors() throws {
        let w = try Tensor([[1, 0], [0, 1], [1, 1]])
        XCTAssertEqual(try m.matmul(w).scalars, [4, 5, 10, 11])
        XCTAssertEqual(try Tensor([1, 1]).matmul(m).shape, [3])
        XCTAssertEqual(try Tensor([1, 1]).matmul(m).scalars, [5, 7, 9])
        XCTAssertEqual(try m.matmul(Tensor([1, 1, 1])).scalars, [6, 15])
        XCTAssertThrowsError(try Tensor.zeros(1, 5).matmul(Tensor.zeros(25, 1))) { error in
            XCTAssertEqual("\(error)", "matmul: (1x5) @ (25x1): inner dimensions 5 and 25 differ")
        }
        XCTAssertThrowsError(try Tensor.matmul(m, m, transposeB: false)) { error in
            XCTAssertEqual("\(error)", "matmul: (2x3) @ (2x3): inner dimensions 3 and 2 differ")
        }
        XCTAssertEqual(try Tensor.matmul(m, m, transposeB: true).scalars, [14, 32, 32, 77])
        XCTAssertEqual(try Tensor.matmul(m, m, transposeA: true).shape, [3, 3])
        XCTAssertEqual(try Tensor.matmulReference(m, w).scalars, [4, 5, 10, 11])
    }

    func testDescriptionPrintsLikeNumpy() throws {
        XCTAssertEqual(Tensor([1, 2, 3]).description, "[1. 2. 3.]")
        XCTAssertEqual(Tensor([0.5, 0.25]).description, "[0.5  0.25]")
        XCTAssertEqual(try Tensor([[1, -2.5], [3, 4]]).description, "[[ 1.  -2.5]\n [ 3.   4. ]]")
        XCTAssertEqual(Tensor([1.0 / 3]).description, "[0.33333333]")
        XCTAssertEqual(Tensor(2).description, "2.")
        XCTAssertEqual(Tensor([1e9, 1]).description, "[1.e+09 1.e+00]")
        XCTAssertEqual(Tensor([.nan, 1]).description, "[nan  1.]")
        let big = Tensor.arange(2000)
        XCTAssertEqual(big.description, "[   0.    1.    2. ... 1997. 1998. 1999.]")
        let grid = try Tensor.arange(0, 10000).reshaped(100, 100)
        let lines = grid.description.split(separator: "\n")
        XCTAssertEqual(lines.count, 7) // 3 rows, "...", 3 rows
        XCTAssertEqual(lines[0], "[[   0.    1.    2. ...   97.   98.   99.]")
        XCTAssertEqual(lines[3], " ...")
        let cube = try Tensor(shape: [2, 1, 2], scalars: [1, 2, 3, 4])
        XCTAssertEqual(cube.description, "[[[1. 2.]]\n\n [[3. 4.]]]")
    }
}
