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
    /// The pointer tables (`Table`), into `storage`.
    private let tables: UnsafeMutablePointer<UnsafeMutablePointer<Double>?>
    var net: sn_dense_small

    /// Whether a network of these sizes on `batch` rows has only small products.
    static func fits(sizes: [Int], batch: Int) -> Bool {
        zip(sizes, sizes.dropFirst()).allSatisfy { 2 * batch * $0 * $1 <= Tensor.smallProductFlops }
    }

    /// The pointer tables of `sn_dense_small`, `layers` entries each, in this order.
    private enum Table: Int, CaseIterable { case w, b, z, a, gz, ga, gw, gb }

    private func slot(_ table: Table, _ k: Int) -> Int { table.rawValue * layers + k }

    init(sizes: [Int], batch: Int) {
        self.sizes = sizes
        self.batch = batch
        let layers = sizes.count - 1
        // Every buffer of the block: w, b (copies of the caller's), z, gz, gw and gb per layer, a and
        // ga for all but the last.
        var buffers: [(table: Table, layer: Int, count: Int)] = []
        for k in 0..<layers {
            let out = sizes[k + 1]
            buffers += [(.w, k, sizes[k] * out), (.b, k, out), (.z, k, batch * out), (.gz, k, batch * out),
                        (.gw, k, sizes[k] * out), (.gb, k, out)]
            if k < layers - 1 { buffers += [(.a, k, batch * out), (.ga, k, batch * out)] }
        }
        let total = buffers.reduce(0) { $0 + $1.count }
        storage = .allocate(capacity: total)
        storage.initialize(repeating: 0, count: total)
        sizeTable = .allocate(capacity: sizes.count)
        for (i, size) in sizes.enumerated() { sizeTable[i] = Int32(size) }
        let list = UnsafeMutablePointer<UnsafeMutablePointer<Double>?>.allocate(capacity: Table.allCases.count * layers)
        list.initialize(repeating: nil, count: Table.allCases.count * layers)
        var next = storage
        for buffer in buffers {
            list[buffer.table.rawValue * layers + buffer.layer] = next
            next += buffer.count
        }
        tables = list
        func table(_ t: Table) -> UnsafePointer<UnsafeMutablePointer<Double>?> { UnsafePointer(list + t.rawValue * layers) }
        net = sn_dense_small(layers: Int32(layers), batch: Int32(batch), sizes: UnsafePointer(sizeTable),
                             w: table(.w), b: table(.b), z: table(.z), a: table(.a),
                             gz: table(.gz), ga: table(.ga), gw: table(.gw), gb: table(.gb))
    }

    deinit {
        storage.deallocate()
        sizeTable.deallocate()
        tables.deallocate()
    }

    private var layers: Int { sizes.count - 1 }

    /// Layer k's pre-activation, as a tensor (a copy).
    func z(_ k: Int) -> Tensor { copy(tables[slot(.z, k)]!, rows: batch, columns: sizes[k + 1]) }
    /// relu(z(k)), as a tensor (a copy), for every layer but the last.
    func activation(_ k: Int) -> Tensor { copy(tables[slot(.a, k)]!, rows: batch, columns: sizes[k + 1]) }

    private func copy(_ p: UnsafeMutablePointer<Double>, rows: Int, columns: Int) -> Tensor {
        try! Tensor(shape: [rows, columns], scalars: Array(UnsafeBufferPointer(start: p, count: rows * columns)))
    }

    /// One SGD step, as `DenseWorkspace.step`: the caller has checked every shape. The batch,
    /// targets and labels come as addresses (valid during the call), so that nothing here holds a
    /// reference to retain and release on every step. The parameters are copied into the block
    /// and, when the loss is finite, back: a few dozen numbers, cheaper than holding every
    /// tensor's storage open at once.
    func step(_ input: UnsafePointer<Double>, weights: inout [Tensor], biases: inout [Tensor],
              objective: DenseWorkspace.Objective, targets: UnsafePointer<Double>, labels: UnsafeBufferPointer<Int>,
              learningRate lr: Double) -> Double {
        // through the arrays' buffers: each tensor is then reached in place, not copied out of
        // the array (which retains its storage)
        weights.withUnsafeMutableBufferPointer { weights in
            biases.withUnsafeMutableBufferPointer { biases in
                for k in 0..<layers {
                    weights[k].withUnsafeBufferPointer { copyNumbers($0, to: tables[slot(.w, k)]!) }
                    biases[k].withUnsafeBufferPointer { copyNumbers($0, to: tables[slot(.b, k)]!) }
                }
                let loss = stepInBlock(input, objective: objective, targets: targets, labels: labels, learningRate: lr)
                // a non-finite loss updates nothing, as in the general path
                guard loss.isFinite else { return loss }
                for k in 0..<layers {
                    weights[k].withUnsafeMutableBufferPointer { copyNumbers(tables[slot(.w, k)]!, to: $0) }
                    biases[k].withUnsafeMutableBufferPointer { copyNumbers(tables[slot(.b, k)]!, to: $0) }
                }
                return loss
            }
        }
    }

    /// The step on the block's own copy of the parameters.
    private func stepInBlock(_ input: UnsafePointer<Double>, objective: DenseWorkspace.Objective, targets: UnsafePointer<Double>,
                      labels: UnsafeBufferPointer<Int>, learningRate lr: Double) -> Double {
        let layers = self.layers, out = sizes[layers], batch = self.batch
        let path = sn_active_path()
        sn_dense_small_forward(path, &net, input)
        let logits = tables[slot(.z, layers - 1)]!, gradient = tables[slot(.gz, layers - 1)]!
        let loss: Double
        switch objective {
        case .softmaxCrossEntropy:
            loss = SoftmaxCrossEntropy.lossAndGradient(logits, labels: labels, rows: batch, columns: out, into: gradient)
        case .mse(let reduction):
            loss = MSELoss.lossAndGradient(logits, targets, count: batch * out, batch: batch, reduction: reduction,
                                           into: gradient)
        }
        if loss.isFinite { sn_dense_small_backward(path, &net, input, lr) }
        return loss
    }
}

/// Element-wise copies of a few numbers (a call to memcpy costs more than the copy here).
@inline(__always)
private func copyNumbers(_ from: UnsafeBufferPointer<Double>, to: UnsafeMutablePointer<Double>) {
    for i in 0..<from.count { to[i] = from[i] }
}

@inline(__always)
private func copyNumbers(_ from: UnsafeMutablePointer<Double>, to: UnsafeMutableBufferPointer<Double>) {
    for i in 0..<to.count { to[i] = from[i] }
}
