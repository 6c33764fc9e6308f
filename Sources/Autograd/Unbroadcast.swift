import Tensor

extension Tensor {
    /// Sums a gradient of the broadcast shape back down to an operand's `shape`.
    ///
    /// Broadcasting reuses each element of the smaller operand along the broadcast axes, and a
    /// value used several times receives the sum of the gradients of its uses: leading axes the
    /// operand lacks are summed away, and axes where it has size 1 are summed keeping the axis.
    func unbroadcast(to shape: [Int]) throws(ShapeError) -> Tensor {
        if self.shape == shape { return self }
        var result = self
        while result.rank > shape.count {
            result = try result.sum(axis: 0)
        }
        for axis in 0..<shape.count where shape[axis] == 1 && result.shape[axis] != 1 {
            result = try result.sum(axis: axis, keepingDimension: true)
        }
        guard result.shape == shape else {
            throw ShapeError(operation: "unbroadcast", shapes: [self.shape, shape], symbol: "->",
                             reason: "the gradient does not reduce to the operand's shape")
        }
        return result
    }
}
