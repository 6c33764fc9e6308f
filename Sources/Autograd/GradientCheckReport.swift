/// Which two gradients a ``GradientDifference`` compares.
public enum GradientPair: String, Sendable, Codable, CaseIterable {
    /// Hand-written backward pass against the autograd engine: should agree to rounding (1e-12).
    case manualVsAutograd
    /// Hand-written backward pass against central differences: agree to about 1e-6 relative.
    case manualVsNumeric
    /// Autograd against central differences.
    case autogradVsNumeric
}

/// One parameter's row in a gradient check table.
public struct GradientComparison: Sendable, Codable, Equatable {
    /// The parameter's name, e.g. `w1`.
    public var name: String
    /// Its shape (and its gradient's).
    public var shape: [Int]
    /// Manual against autograd, when both were given.
    public var manualVsAutograd: GradientDifference?
    /// Manual against numeric, when both were given.
    public var manualVsNumeric: GradientDifference?
    /// Autograd against numeric, when both were given.
    public var autogradVsNumeric: GradientDifference?

    public init(name: String, shape: [Int], manualVsAutograd: GradientDifference? = nil,
                manualVsNumeric: GradientDifference? = nil, autogradVsNumeric: GradientDifference? = nil) {
        self.name = name
        self.shape = shape
        self.manualVsAutograd = manualVsAutograd
        self.manualVsNumeric = manualVsNumeric
        self.autogradVsNumeric = autogradVsNumeric
    }

    /// The difference for one pair, if it was computed.
    public func difference(_ pair: GradientPair) -> GradientDifference? {
        switch pair {
        case .manualVsAutograd: manualVsAutograd
        case .manualVsNumeric: manualVsNumeric
        case .autogradVsNumeric: autogradVsNumeric
        }
    }
}

/// Pre-activation values close enough to a ReLU's kink at 0 that a step of h may cross it.
///
/// There the function is not differentiable: central differences average the two slopes while
/// the backward passes take one side, so a large numeric difference at such a unit is expected
/// and is not a bug. The scan is a warning sign, not an exact bound (moving a weight by h moves a
/// pre-activation by h times an input).
public struct KinkScan: Sendable, Codable, Equatable {
    /// The pre-activation's name, e.g. `l1`.
    public var name: String
    /// Its shape.
    public var shape: [Int]
    /// How many elements have |x| < h.
    public var nearKink: Int
    /// How many elements were scanned.
    public var total: Int
    /// The smallest |x| found (infinity for an empty tensor).
    public var smallestMagnitude: Double
    /// Where it is (full index; empty for an empty tensor).
    public var smallestIndex: [Int]

    public init(name: String, shape: [Int], nearKink: Int, total: Int,
                smallestMagnitude: Double, smallestIndex: [Int]) {
        self.name = name
        self.shape = shape
        self.nearKink = nearKink
        self.total = total
        self.smallestMagnitude = smallestMagnitude
        self.smallestIndex = smallestIndex
    }
}

/// The result of a gradient check: one row per parameter, plus the kink scan, ready to record
/// as a table.
public struct GradientCheckReport: Sendable, Codable, Equatable {
    /// The central-difference step h.
    public var step: Double
    /// One row per parameter, in the parameters' order.
    public var comparisons: [GradientComparison]
    /// One entry per pre-activation scanned.
    public var kinks: [KinkScan]

    public init(step: Double, comparisons: [GradientComparison], kinks: [KinkScan]) {
        self.step = step
        self.comparisons = comparisons
        self.kinks = kinks
    }

    /// The largest relative difference of a pair over all parameters (NaN if any is NaN,
    /// nil if the pair was not computed).
    public func maxRelative(_ pair: GradientPair) -> Double? {
        let values = comparisons.compactMap { $0.difference(pair)?.maxRelative }
        if values.isEmpty { return nil }
        return values.contains(where: \.isNaN) ? .nan : values.max()
    }

    /// The largest absolute difference of a pair over all parameters.
    public func maxAbsolute(_ pair: GradientPair) -> Double? {
        let values = comparisons.compactMap { $0.difference(pair)?.maxAbsolute }
        if values.isEmpty { return nil }
        return values.contains(where: \.isNaN) ? .nan : values.max()
    }

    /// The number of pre-activations within h of a kink, over all scanned tensors.
    public var nearKinkCount: Int { kinks.reduce(0) { $0 + $1.nearKink } }
}
