import Tensor

/// How far apart two gradients of the same tensor are, element by element.
///
/// For elements `a` and `b` the **absolute difference** is `|a - b|` and the **relative
/// difference** is `|a - b| / max(|a|, |b|, floor)`, where `floor` (``relativeFloor``) keeps an
/// element that is zero in both from dividing by zero; with the default floor
/// (`Double.leastNormalMagnitude`) two equal elements differ by 0 and a zero against a non-zero
/// by 1. The relative difference is symmetric and at most 2 (opposite signs).
///
/// A NaN in either gradient makes both maxima NaN, reported at the first such element.
public struct GradientDifference: Sendable, Codable, Equatable {
    /// The largest absolute difference.
    public var maxAbsolute: Double
    /// The full index (one entry per axis) of the element with the largest absolute difference.
    public var maxAbsoluteIndex: [Int]
    /// The largest relative difference.
    public var maxRelative: Double
    /// The full index of the element with the largest relative difference.
    public var maxRelativeIndex: [Int]
    /// The floor of the denominator used for ``maxRelative``.
    public var relativeFloor: Double

    public init(maxAbsolute: Double, maxAbsoluteIndex: [Int], maxRelative: Double,
                maxRelativeIndex: [Int], relativeFloor: Double) {
        self.maxAbsolute = maxAbsolute
        self.maxAbsoluteIndex = maxAbsoluteIndex
        self.maxRelative = maxRelative
        self.maxRelativeIndex = maxRelativeIndex
        self.relativeFloor = relativeFloor
    }

    /// The default floor: the smallest normal double, so only exact zeros are affected.
    public static let defaultRelativeFloor = Double.leastNormalMagnitude

    /// Compares two tensors of the same shape.
    public init(_ a: Tensor, _ b: Tensor, relativeFloor: Double = defaultRelativeFloor) throws(ShapeError) {
        guard a.shape == b.shape else {
            throw ShapeError(operation: "compare gradients", shapes: [a.shape, b.shape], symbol: "vs",
                             reason: "a gradient must have the shape of the thing it is the gradient of")
        }
        var maxAbs = 0.0, maxRel = 0.0
        var absAt = 0, relAt = 0
        var sawNaN = false
        for i in 0..<a.count {
            let (x, y) = (a.scalars[i], b.scalars[i])
            let difference = Swift.abs(x - y)
            if difference.isNaN {
                if !sawNaN { sawNaN = true; absAt = i; relAt = i }
                continue
            }
            // Equal elements (including equal infinities) do not differ at all.
            let absolute = x == y ? 0 : difference
            let relative = x == y ? 0 : absolute / Swift.max(Swift.abs(x), Swift.abs(y), relativeFloor)
            if !sawNaN && absolute > maxAbs { maxAbs = absolute; absAt = i }
            if !sawNaN && relative > maxRel { maxRel = relative; relAt = i }
        }
        self.init(maxAbsolute: sawNaN ? .nan : maxAbs, maxAbsoluteIndex: a.fullIndex(absAt),
                  maxRelative: sawNaN ? .nan : maxRel, maxRelativeIndex: a.fullIndex(relAt),
                  relativeFloor: relativeFloor)
    }

    // NaN never equals itself; two reports that both found a NaN at the same place are equal.
    public static func == (l: Self, r: Self) -> Bool {
        func same(_ x: Double, _ y: Double) -> Bool { x == y || (x.isNaN && y.isNaN) }
        return same(l.maxAbsolute, r.maxAbsolute) && l.maxAbsoluteIndex == r.maxAbsoluteIndex
            && same(l.maxRelative, r.maxRelative) && l.maxRelativeIndex == r.maxRelativeIndex
            && same(l.relativeFloor, r.relativeFloor)
    }
}

extension Tensor {
    /// The full index of a row-major position; empty for a rank-0 tensor.
    func fullIndex(_ flat: Int) -> [Int] {
        var index = [Int](repeating: 0, count: rank)
        var rest = flat
        for axis in stride(from: rank - 1, through: 0, by: -1) where shape[axis] > 0 {
            index[axis] = rest % shape[axis]
            rest /= shape[axis]
        }
        return index
    }
}
