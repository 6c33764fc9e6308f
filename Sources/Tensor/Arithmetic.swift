// Element-wise arithmetic. Tensor-with-tensor operators broadcast as numpy does and throw a
// `ShapeError` naming both shapes when they cannot; tensor-with-number operators cannot fail.

extension Tensor {
    public static func + (a: Tensor, b: Tensor) throws(ShapeError) -> Tensor {
        try broadcasting(a, b, operation: "add", symbol: "+", +)
    }
    public static func - (a: Tensor, b: Tensor) throws(ShapeError) -> Tensor {
        try broadcasting(a, b, operation: "subtract", symbol: "-", -)
    }
    public static func * (a: Tensor, b: Tensor) throws(ShapeError) -> Tensor {
        try broadcasting(a, b, operation: "multiply", symbol: "*", *)
    }
    public static func / (a: Tensor, b: Tensor) throws(ShapeError) -> Tensor {
        try broadcasting(a, b, operation: "divide", symbol: "/", /)
    }

    public static func + (a: Tensor, s: Double) -> Tensor { a.map { $0 + s } }
    public static func - (a: Tensor, s: Double) -> Tensor { a.map { $0 - s } }
    public static func * (a: Tensor, s: Double) -> Tensor { a.map { $0 * s } }
    public static func / (a: Tensor, s: Double) -> Tensor { a.map { $0 / s } }
    public static func + (s: Double, a: Tensor) -> Tensor { a.map { s + $0 } }
    public static func - (s: Double, a: Tensor) -> Tensor { a.map { s - $0 } }
    public static func * (s: Double, a: Tensor) -> Tensor { a.map { s * $0 } }
    public static func / (s: Double, a: Tensor) -> Tensor { a.map { s / $0 } }
    public static prefix func - (a: Tensor) -> Tensor { a.map { -$0 } }

    /// In place `self -= s * other` for tensors of the same shape: the SGD update.
    public mutating func subtract(_ other: Tensor, scaledBy s: Double) throws(ShapeError) {
        guard other.shape == shape else {
            throw ShapeError(operation: "subtract scaled", shapes: [shape, other.shape], symbol: "-",
                             reason: "an in-place update needs equal shapes")
        }
        other.scalars.withUnsafeBufferPointer { o in
            scalars.withUnsafeMutableBufferPointer { p in
                Tensor.subtractScaled(p.baseAddress, o.baseAddress, s, count: p.count)
            }
        }
    }

    /// p[i] -= s * o[i], split over threads for large tensors (element by element, so the split
    /// never changes a number).
    static func subtractScaled(_ p: UnsafeMutablePointer<Double>?, _ o: UnsafePointer<Double>?, _ s: Double, count: Int) {
        guard let p, let o, count > 0 else { return }
        let threads = Parallel.threadCount
        if count < 32_768 || threads < 2 {
            for i in 0..<count { p[i] -= s * o[i] }
            return
        }
        let parts = Swift.min(threads, count / 16_384)
        let chunk = (count + parts - 1) / parts
        let shared = UpdatePointers(p: p, o: o)
        Parallel.run(parts: parts, threads: threads) { part in
            let begin = part * chunk, end = Swift.min(count, begin + chunk)
            for i in begin..<end { shared.p[i] -= s * shared.o[i] }
        }
    }

    /// In place `self = other` for tensors of the same shape, keeping this tensor's storage
    /// (resetting weights in a loop without allocating).
    public mutating func assign(_ other: Tensor) throws(ShapeError) {
        guard other.shape == shape else {
            throw ShapeError(operation: "assign", shapes: [shape, other.shape], symbol: "=",
                             reason: "an in-place copy needs equal shapes")
        }
        other.scalars.withUnsafeBufferPointer { o in
            scalars.withUnsafeMutableBufferPointer { p in
                for i in 0..<p.count { p[i] = o[i] }
            }
        }
    }

    /// In place `self += other` for tensors of the same shape: gradient accumulation.
    public mutating func add(_ other: Tensor) throws(ShapeError) {
        guard other.shape == shape else {
            throw ShapeError(operation: "accumulate", shapes: [shape, other.shape], symbol: "+",
                             reason: "an in-place sum needs equal shapes")
        }
        other.scalars.withUnsafeBufferPointer { o in
            scalars.withUnsafeMutableBufferPointer { p in
                for i in 0..<p.count { p[i] += o[i] }
            }
        }
    }

    /// A tensor of the same shape with `transform` applied to every element.
    public func map(_ transform: (Double) -> Double) -> Tensor {
        Tensor(uncheckedShape: shape, scalars: scalars.map(transform))
    }

    /// Element-wise e^x.
    public func exp() -> Tensor { map(_exp) }
    /// Element-wise natural logarithm.
    public func log() -> Tensor { map(_log) }
    /// Element-wise hyperbolic tangent.
    public func tanh() -> Tensor { map(_tanh) }
    /// Element-wise square root.
    public func sqrt() -> Tensor { map { $0.squareRoot() } }
    /// Element-wise absolute value.
    public func abs() -> Tensor { map { Swift.abs($0) } }
    /// Element-wise square.
    public func squared() -> Tensor { map { $0 * $0 } }
    /// Element-wise `max(x, minimum)`: with 0, the ReLU.
    public func clamp(min minimum: Double) -> Tensor { map { Swift.max($0, minimum) } }
    /// Element-wise `min(x, maximum)`.
    public func clamp(max maximum: Double) -> Tensor { map { Swift.min($0, maximum) } }
    /// True when every element is finite (no NaN, no infinity).
    public var isFinite: Bool { scalars.allSatisfy { $0.isFinite } }
}

// MARK: - Comparisons giving 0/1 masks

extension Tensor {
    /// 1 where the element is greater than `s`, else 0.
    public static func > (a: Tensor, s: Double) -> Tensor { a.map { $0 > s ? 1 : 0 } }
    /// 1 where the element is less than `s`, else 0.
    public static func < (a: Tensor, s: Double) -> Tensor { a.map { $0 < s ? 1 : 0 } }
    /// 1 where the element is at least `s`, else 0.
    public static func >= (a: Tensor, s: Double) -> Tensor { a.map { $0 >= s ? 1 : 0 } }
    /// 1 where the element is at most `s`, else 0.
    public static func <= (a: Tensor, s: Double) -> Tensor { a.map { $0 <= s ? 1 : 0 } }
    /// 1 where the elements are greater (broadcasting), else 0.
    public static func > (a: Tensor, b: Tensor) throws(ShapeError) -> Tensor {
        try broadcasting(a, b, operation: "greater", symbol: ">") { $0 > $1 ? 1 : 0 }
    }
    /// 1 where the elements are less (broadcasting), else 0.
    public static func < (a: Tensor, b: Tensor) throws(ShapeError) -> Tensor {
        try broadcasting(a, b, operation: "less", symbol: "<") { $0 < $1 ? 1 : 0 }
    }
    /// 1 where the elements are equal (broadcasting), else 0.
    public func equalMask(_ b: Tensor) throws(ShapeError) -> Tensor {
        try Tensor.broadcasting(self, b, operation: "equal", symbol: "==") { $0 == $1 ? 1 : 0 }
    }
}

private struct UpdatePointers: @unchecked Sendable {
    let p: UnsafeMutablePointer<Double>
    let o: UnsafePointer<Double>
}
