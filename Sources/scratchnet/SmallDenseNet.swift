import BenchKernels
import CKernels
import Tensor

/// `scratchnet bench`'s exam workload (tutorial 000's 3-5-1 on 25 rows, MSE) as one block of
/// memory and a C call a pass (`sn_dense_small_forward` / `_backward`), because there a call per
/// product, epilogue and reduction costs more than the arithmetic. The loss too is the bench's own
/// C copy of `MSELoss(.mean)` (`sn_dense_small_mse`): allocating the module's tensors would cost
/// more than this network's whole step. No lesson uses any of this: it serves one bench row.
final class SmallDenseNet {
    let sizes: [Int]
    let batch: Int
    private let storage: UnsafeMutablePointer<Double>
    private let sizeTable: UnsafeMutablePointer<Int32>
    /// The pointer tables (`Table`), into `storage`.
    private let tables: UnsafeMutablePointer<UnsafeMutablePointer<Double>?>
    private var net: sn_dense_small

    /// Whether a network of these sizes on `batch` rows has only small products.
    static func fits(sizes: [Int], batch: Int) -> Bool {
        zip(sizes, sizes.dropFirst()).allSatisfy { 2 * batch * $0 * $1 <= Tensor.smallProductFlops }
    }

    /// The pointer tables of `sn_dense_small`, `layers` entries each, in this order.
    private enum Table: Int, CaseIterable { case w, b, z, a, gz, ga, gw, gb }

    private func slot(_ table: Table, _ k: Int) -> Int { table.rawValue * layers + k }
    private var layers: Int { sizes.count - 1 }

    /// Buffers for layer sizes `sizes` on batches of `batch` rows; parameters start at zero.
    init(sizes: [Int], batch: Int) {
        precondition(Self.fits(sizes: sizes, batch: batch), "SmallDenseNet: every product must be small")
        self.sizes = sizes
        self.batch = batch
        let layers = sizes.count - 1
        // w, b, z, gz, gw and gb per layer, a and ga for all but the last
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

    /// Sets every layer's weights and biases.
    func load(weights: [Tensor], biases: [Tensor]) {
        for k in 0..<layers {
            weights[k].withUnsafeBufferPointer { copyNumbers($0, to: tables[slot(.w, k)]!) }
            biases[k].withUnsafeBufferPointer { copyNumbers($0, to: tables[slot(.b, k)]!) }
        }
    }

    /// Layer k's weights and bias as they are now.
    func parameters(_ k: Int) -> (weight: Tensor, bias: Tensor) {
        func tensor(_ p: UnsafeMutablePointer<Double>, _ shape: [Int]) -> Tensor {
            try! Tensor(shape: shape, scalars: Array(UnsafeBufferPointer(start: p, count: shape.reduce(1, *))))
        }
        return (tensor(tables[slot(.w, k)]!, [sizes[k], sizes[k + 1]]), tensor(tables[slot(.b, k)]!, [sizes[k + 1]]))
    }

    /// One SGD step on `x` (batch x sizes[0]) against `targets` (batch x sizes.last): the loss
    /// before the update; when it is not finite, nothing is updated.
    func step(_ x: Tensor, _ targets: Tensor, learningRate lr: Double) -> Double {
        precondition(x.shape == [batch, sizes[0]] && targets.count == batch * sizes[layers], "SmallDenseNet.step: shapes")
        let path = sn_active_path()
        return x.withUnsafeBufferPointer { x in
            sn_dense_small_forward(path, &net, x.baseAddress!)
            let value = targets.withUnsafeBufferPointer { sn_dense_small_mse(&net, $0.baseAddress!) }
            if value.isFinite { sn_dense_small_backward(path, &net, x.baseAddress!, lr) }
            return value
        }
    }
}

/// Element-wise copies of a few numbers (a call to memcpy costs more than the copy here).
@inline(__always)
private func copyNumbers(_ from: UnsafeBufferPointer<Double>, to: UnsafeMutablePointer<Double>) {
    for i in 0..<from.count { to[i] = from[i] }
}
