import NeuralNet
import Tensor

extension Catalog {
    /// The backward pass by hand: each gradient function, called in reverse order.
    static let manualBackward = Lesson(
        id: "manual-backward", number: 4, title: "The backward pass, by hand",
        summary: "The chain rule one function at a time: mse_grad, lin_grad, relu_grad, lin_grad.",
        track: .core,
        steps: [
            Step("forward", "Forward, keeping every intermediate", phase: .forward,
                 code: [.source("Lessons/Core/ExamNetwork", "ExamNetwork.forward")]),
            Step("mse-grad", "Gradient of the loss", phase: .backward,
                 code: [.source("NeuralNet/Functions", "mseGrad")]),
            Step("lin2-grad", "Through the second layer", phase: .backward,
                 code: [.source("NeuralNet/Functions", "linGrad")]),
            Step("relu-grad", "Through the ReLU", phase: .backward,
                 code: [.source("NeuralNet/Functions", "reluGrad")]),
            Step("lin1-grad", "Through the first layer", phase: .backward,
                 code: [.source("Lessons/Core/ExamNetwork", "ExamNetwork.backward")]),
            Step("graph", "The same chain as a computation graph", phase: .backward),
        ]
    ) { r in
        let data = try ExamData(r.configuration)
        let (x, y) = (data.x, data.y)
        let net = ExamNetwork(seed: r.seed)
        let f = try net.forward(x, y)
        let g = try net.backward(x, y, f)
        try r.step("forward") { s in
            s.tensor("x", x, role: .input)
            s.tensor("y", y, role: .target)
            for (name, t) in net.named { s.tensor(name, t, role: .parameter) }
            s.tensor("l1", f.l1, role: .activation)
            s.tensor("l2", f.l2, role: .activation)
            s.tensor("l3", f.l3, role: .output)
            s.tensor("loss", Tensor(f.loss), role: .loss)
            s.networks.append(net.state(name: "forward", x: x, forward: f, activeLayer: 2))
        }
        try r.step("mse-grad") { s in
            s.tensor("l3.grad", g.l3, role: .gradient)
            s.shapes("l3.grad = 2 (l3.squeeze() - y) / N -> (25x1), the shape of l3")
            s.networks.append(net.state(name: "backward: loss", x: x, forward: f, gradients: g, activeLayer: 2))
        }
        try r.step("lin2-grad") { s in
            s.tensor("l2.grad", g.l2, role: .gradient)
            s.tensor("w2.grad", g.w2, role: .gradient)
            s.tensor("b2.grad", g.b2, role: .gradient)
            s.shapes("l2.grad = l3.grad (25x1) @ w2.T (1x5) -> (25x5)")
            s.shapes("w2.grad = l2.T (5x25) @ l3.grad (25x1) -> (5x1)")
            s.shapes("b2.grad = l3.grad summed over rows -> (1)")
            s.networks.append(net.state(name: "backward: layer 2", x: x, forward: f, gradients: g, activeLayer: 2))
        }
        try r.step("relu-grad") { s in
            s.tensor("l1.grad", g.l1, role: .gradient)
            s.shapes("l1.grad = l2.grad (25x5) * (l1 > 0) (25x5) -> (25x5)")
            let blocked = g.l1.scalars.filter { $0 == 0 }.count
            s.note("\(blocked) of \(g.l1.count) entries of l1.grad are zero: where a unit was off (l1 <= 0), no gradient passes.")
            s.networks.append(net.state(name: "backward: ReLU", x: x, forward: f, gradients: g, activeLayer: 1))
        }
        try r.step("lin1-grad") { s in
            s.tensor("x.grad", g.x, role: .gradient)
            s.tensor("w1.grad", g.w1, role: .gradient)
            s.tensor("b1.grad", g.b1, role: .gradient)
            s.shapes("w1.grad = x.T (3x25) @ l1.grad (25x5) -> (3x5)")
            s.shapes("b1.grad = l1.grad summed over rows -> (5)")
            s.shapes("x.grad = l1.grad (25x5) @ w1.T (5x3) -> (25x3) (not needed to train, shown for completeness)")
            s.networks.append(net.state(name: "backward: layer 1", x: x, forward: f, gradients: g, activeLayer: 1))
        }
        try r.step("graph") { s in
            // Tutorial 003's letters: X0 -> Z1 = X0 W1 -> X1 = relu(Z1) -> y = X1 W2, with biases here.
            s.graphs.append(ComputationGraph(
                name: "3-5-1 network",
                nodes: [
                    .init(id: "X0", label: "X0 = x", shape: x.shape, value: x[0, 0], gradient: g.x[0, 0], gradientName: "dX0"),
                    .init(id: "W1", label: "W1 = w1", shape: net.w1.shape, value: net.w1[0, 0], gradient: g.w1[0, 0], gradientName: "dW1"),
                    .init(id: "Z1", label: "Z1 = X0 W1 + b1", shape: f.l1.shape, value: f.l1[0, 0], gradient: g.l1[0, 0], gradientName: "dZ1"),
                    .init(id: "X1", label: "X1 = relu(Z1)", shape: f.l2.shape, value: f.l2[0, 0], gradient: g.l2[0, 0], gradientName: "dX1"),
                    .init(id: "W2", label: "W2 = w2", shape: net.w2.shape, value: net.w2[0, 0], gradient: g.w2[0, 0], gradientName: "dW2"),
                    .init(id: "y", label: "y = X1 W2 + b2", shape: f.l3.shape, value: f.l3[0, 0], gradient: g.l3[0, 0], gradientName: "dy"),
                    .init(id: "L", label: "L = mse(y, t)", shape: [], value: f.loss, gradient: 1, gradientName: "dL"),
                ],
                edges: [["X0", "Z1"], ["W1", "Z1"], ["Z1", "X1"], ["X1", "y"], ["W2", "y"], ["y", "L"]]))
            s.note("Each node shows its first element and, below, the gradient of the loss with respect to it (the bar notation's d-name).")
        }
        r.headline("loss", f.loss)
    }
}
