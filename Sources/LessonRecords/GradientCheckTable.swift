/// A three-way gradient comparison: per parameter, the largest differences between the
/// hand-written backward pass, the autograd engine and central finite differences.
public struct GradientCheckTable: Codable, Sendable, Equatable {
    public var name: String
    /// The finite-difference step.
    public var h: Double
    /// The relative difference a row must stay under to pass.
    public var tolerance: Double
    public var rows: [Row]

    public struct Row: Codable, Sendable, Equatable {
        public var parameter: String
        public var shape: [Int]
        public var manualVsAutogradAbs: Double
        public var manualVsAutogradRel: Double
        public var manualVsNumericAbs: Double
        public var manualVsNumericRel: Double
        public var autogradVsNumericAbs: Double
        public var autogradVsNumericRel: Double
        /// Flat index of the element with the largest manual-vs-numeric difference.
        public var worstIndex: Int
        /// ReLU inputs within h of zero, where finite differences straddle the kink.
        public var kinks: Int
        public var passed: Bool
        public init(parameter: String, shape: [Int], manualVsAutogradAbs: Double, manualVsAutogradRel: Double,
                    manualVsNumericAbs: Double, manualVsNumericRel: Double, autogradVsNumericAbs: Double,
                    autogradVsNumericRel: Double, worstIndex: Int, kinks: Int, passed: Bool) {
            self.parameter = parameter
            self.shape = shape
            self.manualVsAutogradAbs = manualVsAutogradAbs
            self.manualVsAutogradRel = manualVsAutogradRel
            self.manualVsNumericAbs = manualVsNumericAbs
            self.manualVsNumericRel = manualVsNumericRel
            self.autogradVsNumericAbs = autogradVsNumericAbs
            self.autogradVsNumericRel = autogradVsNumericRel
            self.worstIndex = worstIndex
            self.kinks = kinks
            self.passed = passed
        }
    }

    public init(name: String, h: Double, tolerance: Double, rows: [Row]) {
        self.name = name
        self.h = h
        self.tolerance = tolerance
        self.rows = rows
    }
}

/// A table of text cells (a dimension table, per-class accuracy).
public struct TableRecord: Codable, Sendable, Equatable {
    public var name: String
    public var title: String
    public var header: [String]
    public var rows: [[String]]
    public init(name: String, title: String, header: [String], rows: [[String]]) {
        self.name = name
        self.title = title
        self.header = header
        self.rows = rows
    }
}
