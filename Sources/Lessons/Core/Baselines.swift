import Foundation
import Tensor
import LessonRecords

/// What a loss on the exam data should be compared with: predicting the mean of the targets for
/// every student, and the best straight-line fit (least squares with an intercept). A network
/// that ends above the first has learned less than a constant.
struct ExamBaselines {
    /// mean((y - mean(y))^2): the loss of predicting mean(y) for everyone.
    let meanPredictor: Double
    /// The mean squared error of the least-squares fit y ~ x b + c.
    let leastSquares: Double
    /// The fit's coefficients, one per input column, then the intercept.
    let coefficients: [Double]

    /// The baselines of inputs `x` (N x D) and targets `y` (N).
    init(x: Tensor, y: Tensor) {
        let (n, d) = (x.shape[0], x.shape[1])
        let targets = y.scalars
        let mean = targets.reduce(0, +) / Double(n)
        meanPredictor = targets.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n)
        // The normal equations A^T A b = A^T y, with A = [x, 1].
        let columns = d + 1
        func a(_ i: Int, _ k: Int) -> Double { k < d ? x[i, k] : 1 }
        var system = [[Double]](repeating: [Double](repeating: 0, count: columns + 1), count: columns)
        for r in 0..<columns {
            for c in 0..<columns { system[r][c] = (0..<n).reduce(0) { $0 + a($1, r) * a($1, c) } }
            system[r][columns] = (0..<n).reduce(0) { $0 + a($1, r) * targets[$1] }
        }
        let b = Self.solve(system)
        coefficients = b
        let fitted = (0..<n).map { i in (0..<columns).reduce(0) { $0 + a(i, $1) * b[$1] } }
        leastSquares = zip(fitted, targets).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Double(n)
    }

    /// The two baselines as flat lines over epochs 1 to `epochs`, for a loss chart's reference.
    func series(epochs: Int) -> [ChartRecord.Series] {
        [.init(name: "predict the mean", x: [1, Double(epochs)], y: [meanPredictor, meanPredictor]),
         .init(name: "least squares", x: [1, Double(epochs)], y: [leastSquares, leastSquares])]
    }

    /// Gaussian elimination with partial pivoting on an augmented matrix (n x n+1).
    static func solve(_ matrix: [[Double]]) -> [Double] {
        var m = matrix
        let n = m.count
        for column in 0..<n {
            let pivot = (column..<n).max { Swift.abs(m[$0][column]) < Swift.abs(m[$1][column]) }!
            m.swapAt(column, pivot)
            for row in (column + 1)..<n {
                let factor = m[row][column] / m[column][column]
                for c in column...n { m[row][c] -= factor * m[column][c] }
            }
        }
        var solution = [Double](repeating: 0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            let rest = ((row + 1)..<n).reduce(0) { $0 + m[row][$1] * solution[$1] }
            solution[row] = (m[row][n] - rest) / m[row][row]
        }
        return solution
    }
}

/// The same 30-epoch run of the exam network from many seeds: where one seed's result sits among
/// the results a start could have had.
struct SeedSpread {
    /// The loss after `epochs` epochs, one per seed (seeds 0, 1, 2, ...).
    let finalLosses: [Double]

    init(seeds: Int, scaling: ExamNetwork.Scaling, x: Tensor, y: Tensor, epochs: Int, learningRate: Double) throws {
        finalLosses = try (0..<seeds).map { seed in
            var net = ExamNetwork(seed: UInt64(seed), scaling: scaling)
            return try net.train(x, y, epochs: epochs, learningRate: learningRate).last!
        }
    }

    var median: Double {
        let sorted = finalLosses.sorted()
        let n = sorted.count
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }

    /// The fraction of seeds whose loss is at most `value`.
    func share(atMost value: Double) -> Double {
        Double(finalLosses.filter { $0 <= value }.count) / Double(finalLosses.count)
    }

    /// Counts per bin of log10(loss): `bins` equal bins from `low` to `high`, as (bin centre, count).
    func histogram(low: Double, high: Double, bins: Int) -> (x: [Double], y: [Double]) {
        let width = (high - low) / Double(bins)
        var counts = [Double](repeating: 0, count: bins)
        for loss in finalLosses where loss.isFinite && loss > 0 {
            let bin = Int(((log10(loss) - low) / width).rounded(.down))
            counts[Swift.min(Swift.max(bin, 0), bins - 1)] += 1
        }
        return ((0..<bins).map { low + (Double($0) + 0.5) * width }, counts)
    }
}
