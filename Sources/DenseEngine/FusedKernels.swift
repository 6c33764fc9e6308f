import NeuralNet
import Tensor

// `lin`, `relu`, `reluGrad` and `linGrad` of NeuralNet with the same arithmetic in the same order
// (so the same numbers, bit for bit), written into buffers allocated once: the matrix products
// write into preallocated outputs, the bias and the ReLU are applied to each block of a product as
// it is made, the transposes are flags of the product (never materialised), and the SGD update
// happens in place. `DenseEngine` is built from these; the lessons' teaching code never is.

/// `lin(x, w, b)` written into `out`, which must already have the shape (N x out). The bias is
/// added to each block of the product as soon as it is made (a matmul epilogue).
public func lin(_ x: Tensor, _ w: Tensor, _ b: Tensor, into out: inout Tensor) throws(ShapeError) {
    try checkBias(b, w)
    var failure: ShapeError?
    b.withUnsafeBufferPointer { bias in
        do throws(ShapeError) {
            try Tensor.matmul(x, w, into: &out) { rows, columns, z in
                BlockOps.addBias(z, bias: bias.baseAddress!, relu: nil, width: bias.count, rows: rows, columns: columns)
            }
        } catch { failure = error }
    }
    if let failure { throw failure }
}

/// `z = lin(x, w, b)` and `a = relu(z)`, both applied to each block of the product as soon as it
/// is made (a matmul epilogue); `z` is kept for the backward pass. Both must already have the
/// shape (N x out).
public func linReLU(_ x: Tensor, _ w: Tensor, _ b: Tensor, into z: inout Tensor, activation a: inout Tensor) throws(ShapeError) {
    try checkBias(b, w)
    precondition(a.shape == z.shape, "linReLU: the activation buffer \(formatShape(a.shape)) differs from \(formatShape(z.shape))")
    var failure: ShapeError?
    b.withUnsafeBufferPointer { bias in
        a.withUnsafeMutableBufferPointer { act in
            let act = act.baseAddress!
            do throws(ShapeError) {
                try Tensor.matmul(x, w, into: &z) { rows, columns, z in
                    // z + b, and relu(z) = z.clamp(min: 0) = Swift.max(z, 0)
                    BlockOps.addBias(z, bias: bias.baseAddress!, relu: act, width: bias.count, rows: rows, columns: columns)
                }
            } catch { failure = error }
        }
    }
    if let failure { throw failure }
}

/// The input's gradient of `lin` (`gradOutput @ w.T`) written into `product`, and, when the layer's
/// input came out of a ReLU with pre-activation `reluInput`, `reluGrad(reluInput, product)`
/// written into `masked` in the same pass (a matmul epilogue). Buffers of the input's shape.
public func linGradInput(_ gradOutput: Tensor, _ w: Tensor, reluInput: Tensor, into product: inout Tensor,
                         masked: inout Tensor) throws(ShapeError) {
    precondition(reluInput.shape == product.shape && masked.shape == product.shape, "linGradInput: buffer shapes differ")
    var failure: ShapeError?
    reluInput.withUnsafeBufferPointer { x in
        masked.withUnsafeMutableBufferPointer { out in
            let out = out.baseAddress!
            do throws(ShapeError) {
                try Tensor.matmul(gradOutput, w, into: &product, transposeB: true) { rows, columns, g in
                    // reluGrad: g * (x > 0)
                    BlockOps.reluMask(out, gradient: g, input: x.baseAddress!, width: w.shape[0], rows: rows, columns: columns)
                }
            } catch { failure = error }
        }
    }
    if let failure { throw failure }
}

/// The weight gradient of `lin` (`x.T @ gradOutput`) written into `gradient`, and the SGD update
/// `w -= lr * gradient` applied to each block as soon as it is made (a matmul epilogue): the same
/// numbers as `w.subtract(gradient, scaledBy: lr)` afterwards, without another pass.
public func linGradWeightStep(_ x: Tensor, _ gradOutput: Tensor, into gradient: inout Tensor,
                              updating w: inout Tensor, learningRate lr: Double) throws(ShapeError) {
    guard gradient.shape == w.shape else {
        throw ShapeError(operation: "weight step", shapes: [w.shape, gradient.shape],
                         reason: "the gradient buffer needs the weights' shape")
    }
    var failure: ShapeError?
    w.withUnsafeMutableBufferPointer { weights in
        let weights = weights.baseAddress!
        do throws(ShapeError) {
            try Tensor.matmul(x, gradOutput, into: &gradient, transposeA: true) { rows, columns, g in
                // w -= lr * g
                BlockOps.subtractScaled(weights, g, scale: lr, width: gradOutput.shape[1], rows: rows, columns: columns)
            }
        } catch { failure = error }
    }
    if let failure { throw failure }
}

private func checkBias(_ b: Tensor, _ w: Tensor) throws(ShapeError) {
    guard w.rank == 2, b.shape == [w.shape[1]] else {
        throw ShapeError(operation: "add bias", shapes: [w.shape, b.shape], symbol: "+",
                         reason: "the bias needs one value per column of the weights")
    }
}

/// `gradOutput.sum(axis: 0)` of a matrix written into `out` (its column count): the bias
/// gradient, summed over rows in order from 0 as `sum(axis:)` does.
public func columnSums(_ gradOutput: Tensor, into out: inout Tensor) {
    let (rows, columns) = (gradOutput.shape[0], gradOutput.shape[1])
    precondition(out.count == columns, "columnSums into: \(out.count) outputs for \(columns) columns")
    gradOutput.withUnsafeBufferPointer { g in
        out.withUnsafeMutableBufferPointer { o in
            BlockOps.columnSums(g.baseAddress!, into: o.baseAddress!, rows: rows, columns: columns)
        }
    }
}
