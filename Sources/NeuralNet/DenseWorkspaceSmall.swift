import CKernels
import Tensor

/// The buffers of a `DenseWorkspace` whose every product is a small one (tutorial 000's 3-5-1 on
/// 25 rows): one block of memory, and a pass is one C call (`sn_dense_small_forward` / `_backward`)
/// with the same operations as the general path, because there a call per product, epilogue and
/// reduction costs more than the arithmetic.
final class SmallDenseBuffers {
    let sizes: [Int]
    let batch: Int
    private let storage: UnsafeMutablePointer<Double>
    private let sizeTable: UnsafeMutablePointer<Int32>
    /// w, b (set for each step from the caller's tensors), z, a, gz, ga, gw, gb: `layers` each.
    private let tables: UnsafeMutablePointer<UnsafeMutablePointer<Double>?>
    var net: sn_dense_small

    /// Whether a network of these sizes on `batch` rows has only small products.
    static func fits(sizes: [Int], batch: Int) -> Bool {
        zip(sizes, sizes.dropFirst()).allSatisfy { 2 * batch * $0 * $1 <= Tensor.smallProductFlops }
    }

    init(sizes: [Int], batch: Int) {
        self.sizes = sizes
        self.batch = batch
        let layers = sizes.count - 1
        let outs = sizes.dropFirst()
        // z, gz per layer; a, ga for all but the last; gw, gb per layer
        let perBatch = outs.reduce(0, +), hidden = outs.dropLast().reduce(0, +)
        let weights = zip(sizes, outs).map { $0 * $1 }.reduce(0, +)
        let total = batch * (2 * perBatch + 2 * hidden) + weights + perBatch
        storage = .allocate(capacity: total)
        storage.initialize(repeating: 0, count: total)
        sizeTable = .allocate(capacity: sizes.count)
        for (i, size) in sizes.enumerated() { sizeTable[i] = Int32(size) }
        tables = .allocate(capacity: 8 * layers)
        tables.initialize(repeating: nil, count: 8 * layers)
        var next = storage
        func take(_ count: Int) -> UnsafeMutablePointer<Double> {
            defer { next += count }
            return next
        }
        for k in 0..<layers {
            let out = sizes[k + 1]
            tables[2 * layers + k] = take(batch * out)                              // z
            if k < layers - 1 { tables[3 * layers + k] = take(batch * out) }        // a
            tables[4 * layers + k] = take(batch * out)                              // gz
            if k < layers - 1 { tables[5 * layers + k] = take(batch * out) }        // ga
            tables[6 * layers + k] = take(sizes[k] * out)                           // gw
            tables[7 * layers + k] = take(out)                                      // gb
        }
        net = sn_dense_small(
            layers: Int32(layers), batch: Int32(batch), sizes: UnsafePointer(sizeTable),
            w: UnsafePointer(tables), b: UnsafePointer(tables + layers), z: UnsafePointer(tables + 2 * layers),
            a: UnsafePointer(tables + 3 * layers), gz: UnsafePointer(tables + 4 * layers),
            ga: UnsafePointer(tables + 5 * layers), gw: UnsafePointer(tables + 6 * layers),
            gb: UnsafePointer(tables + 7 * layers))
    }

    deinit {
        storage.deallocate()
        sizeTable.deallocate()
        tables.deallocate()
    }

    private var layers: Int { sizes.count - 1 }

    /// Layer k's pre-activation, as a tensor (a copy).
    func z(_ k: Int) -> Tensor { copy(tables[2 * layers + k]!, rows: batch, columns: sizes[k + 1]) }
    /// relu(z(k)), as a tensor (a copy), for every layer but the last.
    func activation(_ k: Int) -> Tensor { copy(tables[3 * layers + k]!, rows: batch, columns: sizes[k + 1]) }

    private func copy(_ p: UnsafeMutablePointer<Double>, rows: Int, columns: Int) -> Tensor {
        try! Tensor(shape: [rows, columns], scalars: Array(UnsafeBufferPointer(start: p, count: rows * columns)))
    }

    /// One SGD step, as `DenseWorkspace.step`: the caller has checked every shape.
    func step(_ x: Tensor, weights: inout [Tensor], biases: inout [Tensor], objective: DenseWorkspace.Objective,
              targets: Tensor, labels: [Int], learningRate lr: Double) -> Double {
        let layers = self.layers, out = sizes[layers]
        return withStorage(of: &weights) { w in
            withStorage(of: &biases) { b in
                for k in 0..<layers {
                    tables[k] = w[k]
                    tables[layers + k] = b[k]
                }
                return x.withUnsafeBufferPointer { input in
                    let path = sn_active_path()
                    sn_dense_small_forward(path, &net, input.baseAddress)
                    let logits = tables[2 * layers + layers - 1]!, gradient = tables[4 * layers + layers - 1]!
                    let loss: Double
                    switch objective {
                    case .softmaxCrossEntropy:
                        loss = SoftmaxCrossEntropy.lossAndGradient(logits, labels: labels, rows: batch, columns: out,
                                                                   into: gradient)
                    case .mse(let reduction):
                        loss = targets.withUnsafeBufferPointer { t in
                            MSELoss.lossAndGradient(logits, t.baseAddress!, count: batch * out, batch: batch,
                                                    reduction: reduction, into: gradient)
                        }
                    }
                    // a non-finite loss updates nothing, as in the general path
                    if loss.isFinite { sn_dense_small_backward(path, &net, input.baseAddress, lr) }
                    for k in 0..<(2 * layers) { tables[k] = nil }
                    return loss
                }
            }
        }
    }
}

/// Calls `body` with the address of each tensor's storage, in order, each made unique first (as
/// any in-place write makes it); the addresses are valid during `body` only.
func withStorage<R>(of tensors: inout [Tensor], _ body: (UnsafeMutablePointer<UnsafeMutablePointer<Double>>) -> R) -> R {
    withUnsafeTemporaryAllocation(of: UnsafeMutablePointer<Double>.self, capacity: Swift.max(1, tensors.count)) { list in
        tensors.withUnsafeMutableBufferPointer { all in collectStorage(all, 0, list.baseAddress!, body) }
    }
}

private func collectStorage<R>(
    _ all: UnsafeMutableBufferPointer<Tensor>, _ k: Int, _ list: UnsafeMutablePointer<UnsafeMutablePointer<Double>>,
    _ body: (UnsafeMutablePointer<UnsafeMutablePointer<Double>>) -> R
) -> R {
    if k == all.count { return body(list) }
    return all[k].withUnsafeMutableBufferPointer { storage in
        (list + k).initialize(to: storage.baseAddress!)
        return collectStorage(all, k + 1, list, body)
    }
}
