import Autograd
import NeuralNet
import Tensor
import LessonRecords

/// Tutorial 003's mistake: weights dropped in the forward pass and forgotten in the backward pass.
extension PitfallsLesson {
    func dropoutMask(_ s: inout StepRecord) throws -> Bool {
        // Tutorial 003's network on its data: 3-4-1, no biases, weights uniform in [-1, 1),
        // floor(count x 0.2) weights of each matrix dropped per forward pass, loss 1/2 sum (y - t)^2.
        let boston = try r.configuration.data.boston()
        let (x0, t) = (boston.features, boston.target)
        let weights = BostonWeights(seed: r.seed)
        let model = weights.model(.weights, probability: 0.2, seed: r.seed &+ 2)
        let loss = MSELoss(.halfSum)
        _ = try loss(try model.forward(x0), t)
        _ = try model.backward(try loss.backward())
        let layers = model.layers.compactMap { $0 as? WeightDropout }
        let masks = layers.map { layer in
            var m = Tensor.ones(shape: layer.layer.weight.value.shape)
            m.withUnsafeMutableBufferPointer { p in for i in layer.droppedIndices { p[i] = 0 } }
            return m
        }
        // The gradient of the loss the forward pass really computed: the same masks, held fixed.
        let numeric = try NumericalGradient.gradients(of: { p in
            let hidden = relu(try x0.matmul(try p["W1"] * masks[0]))
            return 0.5 * (try hidden.matmul(try p["W2"] * masks[1]) - t).squared().sum()
        }, at: ["W1": weights.w1, "W2": weights.w2])
        var differing: [Int] = [], notDropped = 0
        for (k, name) in ["W1", "W2"].enumerated() {
            let reported = layers[k].layer.weight.grad!, exact = numeric[name]
            // An entry differs when it is off by more than finite differences' rounding, measured
            // against the gradient's largest element.
            let scale = maxAbs(exact)
            let differs = (try reported - exact).abs().map { $0 > 1e-6 * scale ? 1 : 0 }
            differing.append(Int(differs.sum()))
            notDropped += Int((try differs * masks[k]).sum())
            s.tensor(name, layers[k].layer.weight.value, role: .parameter)
            s.tensor("\(name) as the forward pass used it", layers[k].droppedWeight!, role: .parameter)
            s.tensor("\(name).grad (mask ignored)", reported, role: .gradient)
            s.tensor("\(name).grad (numeric, same mask)", exact, role: .gradient)
            s.tensor("\(name) entries whose gradient differs", differs, role: .other)
            s.scalar("\(name) weights dropped", Double(layers[k].droppedIndices.count))
            s.scalar("\(name) entries that differ", Double(differing[k]))
        }
        s.scalar("entries that differ but were not dropped", Double(notDropped))
        s.note("The check: a gradient check with the masks held fixed. \(differing[0]) of W1's \(layers[0].droppedIndices.count) dropped entries get a gradient where the loss computed has none (those weights took no part); W2 has \(layers[1].droppedIndices.count) dropped of 4 (floor(4 x 0.2) = 0), and \(differing[1]) of its entries differ. Every other entry agrees to rounding: \(notDropped) differ without having been dropped.")
        return differing.reduce(0, +) > 0
    }
}
