/// A dense, row-major tensor of `Double`s with a shape.
///
/// Rank 0 is a scalar, rank 1 a vector, rank 2 a matrix (rows x columns), rank 3 a stack of
/// matrices; higher ranks work for the shape-generic operations too. The element at index
/// `(i, j, k)` of a `(A x B x C)` tensor lives at `scalars[(i * B + j) * C + k]`.
///
/// `Tensor` is a value type: copies share storage until one of them is written to.
public struct Tensor: Sendable, Equatable {
    /// The size of each axis, outermost first.
    public internal(set) var shape: [Int]
    /// The elements in row-major order. Its count always equals the product of `shape`.
    public internal(set) var scalars: [Double]

    /// A tensor with the given shape and elements, which must number the product of the shape.
    public init(shape: [Int], scalars: [Double]) throws(ShapeError) {
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw ShapeError(operation: "init", shapes: [shape], reason: "negative dimension")
        }
        let expected = shape.reduce(1, *)
        guard expected == scalars.count else {
            throw ShapeError(
                operation: "init", shapes: [shape],
                reason: "shape holds \(expected) elements but \(scalars.count) were given")
        }
        self.shape = shape
        self.scalars = scalars
    }

    /// Internal initialiser for callers that have already checked the count.
    init(uncheckedShape shape: [Int], scalars: [Double]) {
        assert(shape.reduce(1, *) == scalars.count)
        self.shape = shape
        self.scalars = scalars
    }

    /// A rank-0 tensor holding one number.
    public init(_ scalar: Double) {
        self.init(uncheckedShape: [], scalars: [scalar])
    }

    /// A rank-1 tensor holding `values`.
    public init(_ values: [Double]) {
        self.init(uncheckedShape: [values.count], scalars: values)
    }

    /// A rank-2 tensor from rows, which must all have the same length.
    public init(_ rows: [[Double]]) throws(ShapeError) {
        let columns = rows.first?.count ?? 0
        for (index, row) in rows.enumerated() where row.count != columns {
            throw ShapeError(
                operation: "init", shapes: [[rows.count, columns]],
                reason: "row \(index) has \(row.count) elements, row 0 has \(columns)")
        }
        self.init(uncheckedShape: [rows.count, columns], scalars: rows.flatMap { $0 })
    }

    /// A tensor of the given shape with every element equal to `value`.
    public init(shape: [Int], repeating value: Double) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in \(formatShape(shape))")
        self.init(uncheckedShape: shape, scalars: Array(repeating: value, count: shape.reduce(1, *)))
    }

    /// The number of elements.
    public var count: Int { scalars.count }
    /// The number of axes.
    public var rank: Int { shape.count }
    /// The single value of a tensor with one element (any rank), e.g. a loss.
    public var item: Double {
        precondition(scalars.count == 1, "item: tensor of shape \(formatShape(shape)) has \(scalars.count) elements")
        return scalars[0]
    }

    /// Read or write one element by its full index.
    public subscript(indices: Int...) -> Double {
        get { scalars[flatIndex(indices)] }
        set { scalars[flatIndex(indices)] = newValue }
    }

    /// The row-major position of a full index.
    public func flatIndex(_ indices: [Int]) -> Int {
        precondition(indices.count == shape.count,
                     "index \(indices) has \(indices.count) components, tensor has rank \(shape.count)")
        var flat = 0
        for (axis, index) in indices.enumerated() {
            precondition(index >= 0 && index < shape[axis],
                         "index \(index) out of range for axis \(axis) of size \(shape[axis])")
            flat = flat * shape[axis] + index
        }
        return flat
    }

    /// Gives mutable access to the elements for kernels that fill a tensor in place.
    /// The shape cannot change.
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (inout UnsafeMutableBufferPointer<Double>) throws -> R
    ) rethrows -> R {
        try scalars.withUnsafeMutableBufferPointer(body)
    }

    /// Gives read access to the elements.
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows -> R {
        try scalars.withUnsafeBufferPointer(body)
    }
}

// MARK: - Creation

extension Tensor {
    /// All zeros.
    public static func zeros(_ shape: Int...) -> Tensor { Tensor(shape: shape, repeating: 0) }
    /// All zeros.
    public static func zeros(shape: [Int]) -> Tensor { Tensor(shape: shape, repeating: 0) }
    /// All ones.
    public static func ones(_ shape: Int...) -> Tensor { Tensor(shape: shape, repeating: 1) }
    /// All ones.
    public static func ones(shape: [Int]) -> Tensor { Tensor(shape: shape, repeating: 1) }

    /// `count` evenly spaced numbers from `start` to `end`, both included, as numpy's `linspace`:
    /// element i is `start + i * (end - start) / (count - 1)`, and the last is exactly `end`.
    public static func linspace(_ start: Double, _ end: Double, count: Int) -> Tensor {
        precondition(count >= 0, "linspace: negative count \(count)")
        if count == 1 { return Tensor([start]) }
        let step = (end - start) / Double(count - 1)
        var values = (0..<count).map { start + Double($0) * step }
        if count > 1 { values[count - 1] = end }
        return Tensor(values)
    }

    /// 0, 1, 2, ... up to but excluding `end`, as numpy's `arange(end)`.
    public static func arange(_ end: Double) -> Tensor { arange(0, end) }

    /// Numbers from `start` up to but excluding `end`, `step` apart, as numpy's `arange`.
    public static func arange(_ start: Double, _ end: Double, step: Double = 1) -> Tensor {
        precondition(step != 0, "arange: step must not be zero")
        let n = Swift.max(0, Int(((end - start) / step).rounded(.up)))
        return Tensor((0..<n).map { start + Double($0) * step })
    }

    /// Standard normal samples N(0, 1) from `generator`, filled in row-major order.
    public static func randn(_ shape: Int..., using generator: inout Xoshiro256StarStar) -> Tensor {
        randn(shape: shape, using: &generator)
    }

    /// Standard normal samples N(0, 1) from `generator`, filled in row-major order.
    public static func randn(shape: [Int], using generator: inout Xoshiro256StarStar) -> Tensor {
        let n = shape.reduce(1, *)
        return Tensor(uncheckedShape: shape, scalars: (0..<n).map { _ in generator.nextNormal() })
    }

    /// Uniform samples in `[low, high)` from `generator`, filled in row-major order.
    public static func uniform(
        shape: [Int], low: Double = 0, high: Double = 1, using generator: inout Xoshiro256StarStar
    ) -> Tensor {
        let n = shape.reduce(1, *)
        return Tensor(uncheckedShape: shape, scalars: (0..<n).map { _ in
            low + (high - low) * generator.nextUniform()
        })
    }
}
