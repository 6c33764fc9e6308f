import Tensor

/// Gradients by central differences, the check that needs no calculus at all.
public enum NumericalGradient {
    /// The step the lessons use, as in the tutorials: small enough that the truncation error
    /// (about h^2 times the third derivative) is negligible, large enough that rounding in f
    /// (about 1e-16 |f| / h) stays near 1e-11 |f|.
    public static let defaultStep = 1e-5

    /// d f / d p for every element of every parameter, as (f(p + h) - f(p - h)) / 2h with one
    /// element moved at a time and all others held.
    ///
    /// `f` is evaluated 2 x (number of elements) times; each element is restored to its exact
    /// original bits before the next is moved. The result has the parameters' names and shapes.
    public static func gradients<E: Error>(
        of f: (Named<Tensor>) throws(E) -> Double,
        at parameters: Named<Tensor>,
        step h: Double = defaultStep
    ) throws(E) -> Named<Tensor> {
        var point = parameters
        var result = Named<Tensor>()
        for (index, name) in parameters.names.enumerated() {
            let original = parameters.values[index]
            var gradient = Tensor.zeros(shape: original.shape)
            for flat in 0..<original.count {
                let x = original.scalars[flat]
                point.setValue(original.replacing(flat, with: x + h), at: index)
                let plus = try f(point)
                point.setValue(original.replacing(flat, with: x - h), at: index)
                let minus = try f(point)
                gradient.withUnsafeMutableBufferPointer { $0[flat] = (plus - minus) / (2 * h) }
            }
            point.setValue(original, at: index)
            result[name] = gradient
        }
        return result
    }

    /// d f / d x for a function of one tensor.
    public static func gradient<E: Error>(
        of f: (Tensor) throws(E) -> Double, at x: Tensor, step h: Double = defaultStep
    ) throws(E) -> Tensor {
        try gradients(of: { (p: Named<Tensor>) throws(E) -> Double in try f(p["x"]) },
                      at: ["x": x], step: h)["x"]
    }
}

extension Tensor {
    /// A copy with one element (by row-major position) changed.
    fileprivate func replacing(_ flat: Int, with newValue: Double) -> Tensor {
        var copy = self
        copy.withUnsafeMutableBufferPointer { $0[flat] = newValue }
        return copy
    }
}
