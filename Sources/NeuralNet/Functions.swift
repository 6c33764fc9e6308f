import Tensor

// The network as plain functions, as the tutorials first write it: each forward function has a
// gradient twin that maps the gradient of its output to the gradients of its inputs. The layers
// call these same functions, so the function version and the class version agree bit for bit.

/// The affine map of a layer: `x @ w + b`, with `b` added to every row.
///
/// Shapes: `x` (N x in), `w` (in x out), `b` (out) give (N x out).
public func lin(_ x: Tensor, _ w: Tensor, _ b: Tensor) throws(ShapeError) -> Tensor {
    try x.matmul(w) + b
}

/// The rectified linear unit, `max(x, 0)` element by element.
public func relu(_ x: Tensor) -> Tensor {
    x.clamp(min: 0)
}

/// Mean squared error, `mean((pred - targ)^2)`.
///
/// A trailing axis of size 1 is dropped from either side first, so a column of predictions
/// (N x 1) meets a vector of targets (N) element by element. After that the shapes must be
/// equal: broadcasting (N) against (N x 1) would silently compare every prediction with every
/// target, which is the mistake the tutorials' `squeeze()` is there to avoid.
public func mse(_ pred: Tensor, _ targ: Tensor) throws(ShapeError) -> Double {
    try squaredErrorDifference(pred, targ).squared().mean()
}

/// The gradient of `mse` with respect to `pred`: `2 (pred - targ) / N`, shaped like `pred`,
/// where N is the number of predictions.
public func mseGrad(_ pred: Tensor, _ targ: Tensor) throws(ShapeError) -> Tensor {
    let difference = try squaredErrorDifference(pred, targ)
    return try (2 * difference / Double(difference.count)).reshaped(shape: pred.shape)
}

/// The gradient of `relu` with respect to its input: the incoming gradient where the input was
/// positive, 0 elsewhere (including at 0 itself, where ReLU has no derivative).
public func reluGrad(_ input: Tensor, _ gradOutput: Tensor) throws(ShapeError) -> Tensor {
    try gradOutput * (input > 0)
}

/// The gradients of `lin(x, w, b)` given the gradient of its output:
/// `x.grad = out.grad @ w.T`, `w.grad = x.T @ out.grad`, `b.grad = out.grad` summed over rows.
///
/// Each has the shape of the thing it is the gradient of.
public func linGrad(
    _ x: Tensor, _ w: Tensor, _ gradOutput: Tensor
) throws(ShapeError) -> (x: Tensor, w: Tensor, b: Tensor) {
    (x: try Tensor.matmul(gradOutput, w, transposeB: true),
     w: try Tensor.matmul(x, gradOutput, transposeA: true),
     b: try gradOutput.sum(axis: 0))
}

/// `w.grad` the way tutorial [004] writes it: one outer product `x[n] (x) out.grad[n]` per
/// example, summed over the batch. It equals `x.T @ out.grad` up to rounding (the sums run in
/// a different order) and is much slower; the lesson times both.
///
/// The outer products of `chunkRows` examples are built at once as a (rows x in x out) tensor,
/// as the tutorial does for the whole batch; chunking keeps that tensor small (all 50000 MNIST
/// images at once would be 50000x784x50 doubles, 15.7 GB).
public func linGradWeightOuter(
    _ x: Tensor, _ gradOutput: Tensor, chunkRows: Int = 1024
) throws(ShapeError) -> Tensor {
    guard x.rank == 2, gradOutput.rank == 2, x.shape[0] == gradOutput.shape[0] else {
        throw ShapeError(operation: "outer-product weight gradient", shapes: [x.shape, gradOutput.shape],
                         reason: "needs two matrices with the same number of rows")
    }
    precondition(chunkRows > 0, "linGradWeightOuter: chunkRows must be positive")
    var total = Tensor.zeros(x.shape[1], gradOutput.shape[1])
    for start in stride(from: 0, to: x.shape[0], by: chunkRows) {
        let rows = start..<min(start + chunkRows, x.shape[0])
        let outer = try x.rows(rows).unsqueezed(axis: 2) * gradOutput.rows(rows).unsqueezed(axis: 1)
        try total.add(outer.sum(axis: 0))
    }
    return total
}

/// Drops one trailing axis of size 1 (never the only axis), as `pred.squeeze()` does for a
/// column of predictions, without also collapsing a batch of one to a scalar.
func droppingTrailingUnitAxis(_ t: Tensor) -> Tensor {
    guard t.rank >= 2, t.shape[t.rank - 1] == 1 else { return t }
    // The axis exists and has size 1, so this cannot throw.
    return (try? t.squeezed(axis: t.rank - 1)) ?? t
}

/// `pred - targ` after dropping trailing unit axes, refusing shapes that would broadcast.
func squaredErrorDifference(_ pred: Tensor, _ targ: Tensor) throws(ShapeError) -> Tensor {
    let p = droppingTrailingUnitAxis(pred), t = droppingTrailingUnitAxis(targ)
    guard p.shape == t.shape else {
        throw ShapeError(
            operation: "squared error", shapes: [pred.shape, targ.shape], symbol: "-",
            reason: "prediction and target must have the same shape once a trailing axis of size 1 is dropped")
    }
    return try p - t
}
