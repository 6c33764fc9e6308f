import NeuralNet
import Tensor
import LessonRecords

extension Catalog {
    /// Neurons sharing inputs are one matrix product; the shape bookkeeping of tutorial 003.
    static let layer = Lesson(
        id: "layer", number: 2, title: "A layer is a matrix product",
        summary: "Five neurons over 25 students at once: one matmul, and the shapes that make it fit.",
        track: .core,
        steps: [
            Step("data", "The exam scores as a matrix", phase: .data,
                 code: [.source("Lessons/Core/ExamData", "ExamData")]),
            Step("neuron-by-neuron", "Five neurons, one at a time", phase: .forward,
                 code: [CodeReference("Sources/Lessons/Core/Layer.swift", "code:loops")]),
            Step("one-matmul", "The same five neurons as one product", phase: .forward,
                 code: [.source("NeuralNet/Functions", "lin")]),
            Step("shapes", "Shape bookkeeping", phase: .none),
        ]
    ) { r in
        let data = try ExamData(r.configuration)
        let net = ExamNetwork(seed: r.seed)
        let (n, d, h) = (data.x.shape[0], data.x.shape[1], net.w1.shape[1])
        try r.step("data") { s in
            s.tensor("x", data.x, role: .input)
            s.tensor("y", data.y, role: .target)
            s.shapes("x (\(n)x\(d)): \(n) students (N) by \(d) test scores (D), each / 100")
            s.shapes("y (\(n)): the final score / 200")
        }
        // code: loops
        // Neuron j looks at every student: column j of the layer's output.
        var columns = [[Double]](repeating: [], count: h)
        for j in 0..<h {
            for i in 0..<n {
                // Fused multiply-adds in increasing k, then the bias: the order `lin` uses.
                var sum = 0.0
                for k in 0..<d { sum.addProduct(data.x[i, k], net.w1[k, j]) }
                columns[j].append(sum + net.b1[j])
            }
        }
        // end code
        var byNeuron = Tensor.zeros(n, h)
        for j in 0..<h { for i in 0..<n { byNeuron[i, j] = columns[j][i] } }
        try r.step("neuron-by-neuron") { s in
            s.tensor("w1", net.w1, role: .parameter)
            s.tensor("b1", net.b1, role: .parameter)
            s.tensor("z (loops)", byNeuron, role: .activation)
            s.shapes("z[i, j] = (sum over k of x[i, k] * w1[k, j]) + b1[j]   (25 x 5 sums of 3 products)")
        }
        let l1 = try lin(data.x, net.w1, net.b1)
        try r.step("one-matmul") { s in
            s.tensor("l1", l1, role: .activation)
            s.shapes("x (\(n)x\(d)) @ w1 (\(d)x\(h)) + b1 (\(h)) -> l1 (\(n)x\(h))")
            let diff = try (l1 - byNeuron).abs().max()
            s.scalar("max |l1 - z (loops)|", diff)
            s.note(diff == 0 ? "The loops and the matrix product agree to the last bit."
                             : "The loops and the matrix product differ by at most \(fmt(diff)) (rounding order).")
            s.networks.append(net.state(name: "layer 1", x: data.x,
                                        forward: try net.forward(data.x, data.y), activeLayer: 1))
        }
        try r.step("shapes") { s in
            s.tables.append(TableRecord(
                name: "dimensions", title: "Every tensor's shape, in the letters of tutorial 003",
                header: ["tensor", "shape", "here", "meaning"],
                rows: [
                    ["X0 = x", "(N, D)", "(\(n), \(d))", "inputs: one row per student"],
                    ["W1 = w1", "(D, n_h)", "(\(d), \(h))", "one column per hidden unit"],
                    ["Z1 = l1", "(N, n_h)", "(\(n), \(h))", "weighted sums"],
                    ["X1 = l2", "(N, n_h)", "(\(n), \(h))", "after the ReLU"],
                    ["W2 = w2", "(n_h, 1)", "(\(h), 1)", "one weight per hidden unit"],
                    ["l3 (tutorial 003's y)", "(N, 1)", "(\(n), 1)", "one prediction per student"],
                    ["y (tutorial 003's t)", "(N)", "(\(n))", "one target per student"],
                ]))
            s.shapes("inner dimensions must match: (N, D) @ (D, n_h) -> (N, n_h)")
            s.note("A gradient has the shape of the thing it is the gradient of: w1.grad is (\(d)x\(h)), like w1.")
        }
        r.headline("weighted sums in one matrix product (\(h) units × \(n) students)", Double(n * h))
    }
}
