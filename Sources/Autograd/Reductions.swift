import Tensor

// Reductions and reshapes. A reduction's gradient is the output gradient copied back to every
// element that was summed (divided by the count for a mean).

extension Variable {
    /// The sum of all elements, as a rank-0 variable.
    public func sum() -> Variable {
        let shape = self.shape
        return tape.record(Tensor(value.sum()), operation: "sum", inputs: [self]) { g in
            [Tensor(shape: shape, repeating: g.item)]
        }
    }

    /// The mean of all elements, as a rank-0 variable.
    public func mean() -> Variable {
        let shape = self.shape
        let n = Double(value.count)
        return tape.record(Tensor(value.mean()), operation: "mean", inputs: [self]) { g in
            [Tensor(shape: shape, repeating: g.item / n)]
        }
    }

    /// Sum along `axis`; the axis is removed unless `keepingDimension`.
    public func sum(axis: Int, keepingDimension: Bool = false) throws(ShapeError) -> Variable {
        let shape = self.shape
        let result = try value.sum(axis: axis, keepingDimension: keepingDimension)
        return tape.record(result, operation: "sum over axis \(axis)", inputs: [self]) { g throws(ShapeError) in
            var kept = shape
            kept[axis] = 1
            return [try Tensor.zeros(shape: shape) + g.reshaped(shape: kept)]
        }
    }

    /// Mean along `axis`; the axis is removed unless `keepingDimension`.
    public func mean(axis: Int, keepingDimension: Bool = false) throws(ShapeError) -> Variable {
        let n = Double(shape[axis])
        return try sum(axis: axis, keepingDimension: keepingDimension) / n
    }

    /// The same elements under a new shape (one dimension may be -1).
    public func reshaped(shape newShape: [Int]) throws(ShapeError) -> Variable {
        let shape = self.shape
        let result = try value.reshaped(shape: newShape)
        return tape.record(result, operation: "reshape", inputs: [self]) { g throws(ShapeError) in
            [try g.reshaped(shape: shape)]
        }
    }

    /// Removes axes of size 1: all of them, or only `axis`.
    public func squeezed(axis: Int? = nil) throws(ShapeError) -> Variable {
        let shape = self.shape
        let result = try value.squeezed(axis: axis)
        return tape.record(result, operation: "squeeze", inputs: [self]) { g throws(ShapeError) in
            [try g.reshaped(shape: shape)]
        }
    }

    /// Row i's element at column `indices[i]` of a matrix, as a vector: `x[arange(n), indices]`.
    /// Its gradient scatters back into a matrix of zeros.
    public func pick(_ indices: [Int]) throws(ShapeError) -> Variable {
        let shape = self.shape
        guard shape.count == 2, indices.count == shape[0] else {
            throw ShapeError(operation: "pick", shapes: [shape, [indices.count]],
                             reason: "needs a matrix and one index per row")
        }
        let columns = shape[1]
        if let bad = indices.first(where: { $0 < 0 || $0 >= columns }) {
            throw ShapeError(operation: "pick", shapes: [shape, [indices.count]],
                             reason: "index \(bad) out of range 0..<\(columns)")
        }
        let x = value
        let picked = Tensor(indices.enumerated().map { row, column in x[row, column] })
        return tape.record(picked, operation: "pick", inputs: [self]) { g in
            var result = Tensor.zeros(shape: shape)
            for (row, column) in indices.enumerated() { result[row, column] = g.scalars[row] }
            return [result]
        }
    }
}
