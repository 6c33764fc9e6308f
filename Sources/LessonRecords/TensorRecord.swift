/// A tensor as the learner sees it: its name, its role and shape, and its values.
public struct TensorRecord: Codable, Sendable, Equatable {
    /// The name the tutorials give it (`w1`, `l2`, `loss`); a gradient is `w1.grad`.
    public var name: String
    public var role: Role
    public var shape: [Int]
    /// All values, row-major, when the tensor has at most `TensorRecord.fullLimit` elements.
    public var values: [Double]?
    /// Summary statistics, always present.
    public var stats: TensorStats
    /// For a tensor too big to record in full: a block-averaged picture of at most 64x64 cells.
    public var preview: Preview?
    /// Optional labels for the rows and columns of a matrix (a confusion matrix, a table of features).
    public var rowLabels: [String]?
    public var columnLabels: [String]?

    /// Tensors up to this many elements are recorded in full.
    public static let fullLimit = 4096

    public init(name: String, role: Role, shape: [Int], values: [Double]?, stats: TensorStats,
                preview: Preview? = nil, rowLabels: [String]? = nil, columnLabels: [String]? = nil) {
        self.name = name
        self.role = role
        self.shape = shape
        self.values = values
        self.stats = stats
        self.preview = preview
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
    }

    public enum Role: String, Codable, Sendable {
        case input, target, parameter, activation, output, gradient, loss, update, metric, other
    }

    public struct Preview: Codable, Sendable, Equatable {
        /// The grid's size in cells; each cell averages a block of the matrix.
        public var rows: Int
        public var columns: Int
        public var values: [Double]
        public init(rows: Int, columns: Int, values: [Double]) {
            self.rows = rows
            self.columns = columns
            self.values = values
        }
    }
}

/// Summary of a tensor's values. Non-finite elements are counted and left out of the others.
public struct TensorStats: Codable, Sendable, Equatable {
    public var count: Int
    public var min: Double
    public var max: Double
    public var mean: Double
    public var std: Double
    public var zeros: Int
    public var nonFinite: Int
}

extension TensorStats {
    /// Statistics of the finite values; NaN and infinities are only counted.
    public init(_ values: [Double]) {
        var n = 0, zeros = 0, nonFinite = 0
        var lo = Double.infinity, hi = -Double.infinity, sum = 0.0
        for v in values {
            guard v.isFinite else { nonFinite += 1; continue }
            n += 1
            sum += v
            if v < lo { lo = v }
            if v > hi { hi = v }
            if v == 0 { zeros += 1 }
        }
        let mean = n > 0 ? sum / Double(n) : 0
        var squares = 0.0
        for v in values where v.isFinite { squares += (v - mean) * (v - mean) }
        self.count = values.count
        self.min = n > 0 ? lo : 0
        self.max = n > 0 ? hi : 0
        self.mean = mean
        self.std = n > 0 ? (squares / Double(n)).squareRoot() : 0
        self.zeros = zeros
        self.nonFinite = nonFinite
    }
}
