import Autograd
import Tensor
import XCTest

/// Every operation of the engine against central differences, on random inputs of several
/// shapes (batch 1 included) and seeds.
final class OperationGradientTests: XCTestCase {
    let seeds: [UInt64] = [1, 2, 3]
    /// (rows, columns) pairs: batch 1, a single element, and ordinary matrices.
    let shapes: [(Int, Int)] = [(1, 3), (1, 1), (4, 3), (6, 5)]

    /// Runs `body` for every seed and shape with a fresh generator.
    func forEachCase(_ body: (UInt64, Int, Int, inout Xoshiro256StarStar) throws -> Void) rethrows {
        for seed in seeds {
            for (n, m) in shapes {
                var g = Xoshiro256StarStar(seed: seed &* 1000 &+ UInt64(n * 10 + m))
                try body(seed, n, m, &g)
            }
        }
    }

    func testMatmul() throws {
        try forEachCase { seed, n, m, g in
            let k = 4
            try assertAutogradMatchesNumeric("matmul \(n)x\(k) @ \(k)x\(m)",
                at: ["a": randn([n, k], &g), "b": randn([k, m], &g)], seed: seed) { _, v in
                try v["a"].matmul(v["b"])
            }
            // numpy's vector rules: a row vector on the left, a column vector on the right.
            try assertAutogradMatchesNumeric("matmul (\(k)) @ \(k)x\(m)",
                at: ["a": randn([k], &g), "b": randn([k, m], &g)], seed: seed) { _, v in
                try v["a"].matmul(v["b"])
            }
            try assertAutogradMatchesNumeric("matmul \(n)x\(k) @ (\(k))",
                at: ["a": randn([n, k], &g), "b": randn([k], &g)], seed: seed) { _, v in
                try v["a"].matmul(v["b"])
            }
        }
    }

    func testBroadcastingArithmetic() throws {
        try forEachCase { seed, n, m, g in
            // Same shape, bias row, column, rank-0 scalar, and the scalar on the left.
            let partners: [(String, [Int])] = [("same", [n, m]), ("row", [m]), ("column", [n, 1]),
                                               ("scalar", []), ("1x1", [1, 1])]
            for (label, shape) in partners {
                let p: Named<Tensor> = ["a": randn([n, m], &g), "b": randn(shape, &g)]
                try assertAutogradMatchesNumeric("add \(label)", at: p, seed: seed) { _, v in try v["a"] + v["b"] }
                try assertAutogradMatchesNumeric("add \(label) reversed", at: p, seed: seed) { _, v in try v["b"] + v["a"] }
                try assertAutogradMatchesNumeric("sub \(label)", at: p, seed: seed) { _, v in try v["a"] - v["b"] }
                try assertAutogradMatchesNumeric("sub \(label) reversed", at: p, seed: seed) { _, v in try v["b"] - v["a"] }
                try assertAutogradMatchesNumeric("mul \(label)", at: p, seed: seed) { _, v in try v["a"] * v["b"] }
                let q: Named<Tensor> = ["a": randn([n, m], &g), "b": uniform(shape, 0.5, 2, &g)]
                try assertAutogradMatchesNumeric("div \(label)", at: q, seed: seed) { _, v in try v["a"] / v["b"] }
            }
        }
    }

    func testScalarArithmetic() throws {
        try forEachCase { seed, n, m, g in
            try assertAutogradMatchesNumeric("scalar ops", at: ["a": randn([n, m], &g)], seed: seed) { _, v in
                let a = v["a"]
                return try (2.5 * a + 1.0) * (3.0 - a) - (-a / 4.0) + (a - 0.5) * (a * 0.25)
            }
        }
    }

    func testElementwiseFunctions() throws {
        try forEachCase { seed, n, m, g in
            let x = randn([n, m], &g) * 2
            let scan = GradientCheck.scanKinks(name: "x", x, step: NumericalGradient.defaultStep)
            XCTAssertEqual(scan.nearKink, 0, "random inputs should stay away from the ReLU kink")
            try assertAutogradMatchesNumeric("relu", at: ["x": x], seed: seed) { _, v in v["x"].relu() }
            try assertAutogradMatchesNumeric("tanh", at: ["x": x], seed: seed) { _, v in v["x"].tanh() }
            try assertAutogradMatchesNumeric("sigmoid", at: ["x": x], seed: seed) { _, v in v["x"].sigmoid() }
            try assertAutogradMatchesNumeric("exp", at: ["x": x], seed: seed) { _, v in v["x"].exp() }
            try assertAutogradMatchesNumeric("squared", at: ["x": x], seed: seed) { _, v in v["x"].squared() }
            try assertAutogradMatchesNumeric("log", at: ["x": uniform([n, m], 0.2, 3, &g)], seed: seed) { _, v in
                v["x"].log()
            }
        }
    }

    func testReductionsAndReshapes() throws {
        try forEachCase { seed, n, m, g in
            let p: Named<Tensor> = ["x": randn([n, m], &g)]
            try assertAutogradMatchesNumeric("sum", at: p, seed: seed) { _, v in v["x"].sum() }
            try assertAutogradMatchesNumeric("mean", at: p, seed: seed) { _, v in v["x"].mean() }
            for axis in 0..<2 {
                for keep in [false, true] {
                    try assertAutogradMatchesNumeric("sum axis \(axis) keep \(keep)", at: p, seed: seed) { _, v in
                        try v["x"].sum(axis: axis, keepingDimension: keep)
                    }
                    try assertAutogradMatchesNumeric("mean axis \(axis) keep \(keep)", at: p, seed: seed) { _, v in
                        try v["x"].mean(axis: axis, keepingDimension: keep)
                    }
                }
            }
            try assertAutogradMatchesNumeric("reshape", at: p, seed: seed) { _, v in
                try v["x"].reshaped(shape: [-1])
            }
            let column: Named<Tensor> = ["x": randn([n, 1], &g)]
            try assertAutogradMatchesNumeric("squeeze", at: column, seed: seed) { _, v in
                try v["x"].squeezed(axis: 1)
            }
            let labels = (0..<n).map { ($0 * 7 + Int(seed)) % m }
            try assertAutogradMatchesNumeric("pick", at: p, seed: seed) { _, v in try v["x"].pick(labels) }
        }
    }

    func testLosses() throws {
        try forEachCase { seed, n, m, g in
            let target = randn([n], &g)
            try assertAutogradMatchesNumeric("mse column vs vector", at: ["p": randn([n, 1], &g)], seed: seed) { t, v in
                try Variable.meanSquaredError(v["p"], t.constant(target))
            }
            // The target's gradient is checked too: it is the negative of the prediction's.
            try assertAutogradMatchesNumeric("mse both", at: ["p": randn([n, m], &g), "t": randn([n, m], &g)],
                                             seed: seed) { _, v in
                try Variable.meanSquaredError(v["p"], v["t"])
            }
            let labels = (0..<n).map { ($0 * 3 + Int(seed)) % m }
            try assertAutogradMatchesNumeric("softmax cross-entropy", at: ["z": randn([n, m], &g) * 3], seed: seed) { _, v in
                try Variable.softmaxCrossEntropy(logits: v["z"], labels: labels)
            }
        }
    }

    /// A small network with every operation in one graph, values reused along several paths.
    func testComposite() throws {
        for seed in seeds {
            var g = Xoshiro256StarStar(seed: seed)
            let p: Named<Tensor> = ["x": randn([5, 3], &g), "w": randn([3, 4], &g), "b": randn([4], &g)]
            try assertAutogradMatchesNumeric("composite", at: p, seed: seed) { _, v in
                let h = try v["x"].matmul(v["w"]) + v["b"]
                let mixed = try h.tanh() * h.sigmoid() + h.exp().sum(axis: 1, keepingDimension: true).log()
                return try (mixed - h).mean(axis: 0)
            }
        }
    }
}
