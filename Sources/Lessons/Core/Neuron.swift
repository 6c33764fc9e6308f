import NeuralNet
import Tensor
import LessonRecords

extension Catalog {
    /// One neuron, then five neurons side by side on a 1x3 input.
    static let neuron = Lesson(
        id: "neuron", number: 1, title: "One neuron",
        summary: "A weighted sum plus a bias, through a ReLU; then five of them on one input.",
        track: .core,
        steps: [
            Step("weighted-sum", "A weighted sum and a bias", phase: .forward,
                 code: [CodeReference("Sources/Lessons/Core/Neuron.swift", "code:weighted-sum")]),
            Step("relu", "The ReLU keeps positives, zeroes negatives", phase: .forward,
                 code: [.source("NeuralNet/Functions", "relu")]),
            Step("five-neurons", "Five neurons on one 1x3 input", phase: .forward,
                 code: [CodeReference("Sources/Lessons/Core/Neuron.swift", "code:five-neurons"),
                        .source("NeuralNet/Functions", "lin")]),
        ]
    ) { r in
        var g = Xoshiro256StarStar(seed: r.seed)
        // code: weighted-sum
        // Two inputs, the first student's first two test scores / 100.
        let x = Tensor([0.73, 0.80])
        let w = Tensor.randn(2, using: &g)
        let b = 0.1
        let z = try (x * w).sum() + b
        // end code
        try r.step("weighted-sum") { s in
            s.tensor("x", x, role: .input)
            s.tensor("w", w, role: .parameter)
            s.scalar("b", b)
            s.scalar("z", z)
            s.shapes("z = w1*x1 + w2*x2 + b = \(fmt(w[0]))*\(fmt(x[0])) + \(fmt(w[1]))*\(fmt(x[1])) + \(fmt(b)) = \(fmt(z))")
        }
        try r.step("relu") { s in
            let zs = Tensor([z, -z])
            s.tensor("z", zs, role: .activation)
            s.tensor("relu(z)", relu(zs), role: .activation)
            s.note("relu(\(fmt(z))) = \(fmt(max(z, 0))) and relu(\(fmt(-z))) = \(fmt(max(-z, 0))): the same neuron, its sum negated, is silenced.")
        }
        // code: five-neurons
        // The toy example of tutorial 000: one input row through a 3x5 weight matrix.
        let x1 = Tensor.randn(1, 3, using: &g)
        let w1 = Tensor.randn(3, 5, using: &g)
        let b1 = Tensor.zeros(5)
        let out = relu(try lin(x1, w1, b1))
        // end code
        try r.step("five-neurons") { s in
            s.tensor("x", x1, role: .input)
            s.tensor("w", w1, role: .parameter)
            s.tensor("b", b1, role: .parameter)
            s.tensor("out", out, role: .activation)
            s.shapes("x (1x3) @ w (3x5) + b (5) -> relu -> out (1x5)")
            let zeros = out.scalars.filter { $0 == 0 }.count
            s.note("\(zeros) of the 5 outputs are exactly zero: their weighted sums were negative.")
            var input = NetworkState.Layer(name: "x", units: 3)
            input.values = x1.scalars
            input.valueKind = "activation"
            var hidden = NetworkState.Layer(name: "out", units: 5)
            hidden.values = out.scalars
            hidden.valueKind = "activation"
            hidden.weights = w1.scalars
            hidden.bias = b1.scalars
            s.networks.append(NetworkState(name: "five neurons", activeLayer: 1, layers: [input, hidden]))
        }
        r.headline("outputs of the five neurons that the ReLU set to zero", Double(out.scalars.filter { $0 == 0 }.count))
    }
}
