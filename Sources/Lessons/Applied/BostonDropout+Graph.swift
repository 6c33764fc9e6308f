import NeuralNet
import Tensor
import LessonRecords

/// The passes of `boston-dropout` written out by hand: the forward pass, the backward pass on
/// the computation graph (checked against our modules), and one update.
extension BostonDropoutLesson {
    func recordForward(_ pass: BostonPass) throws {
        let (w1, w2) = (weights.w1, weights.w2)
        try r.step("forward") { s in
            s.tensor("W1", w1, role: .parameter, rowLabels: names)
            s.tensor("W2", w2, role: .parameter)
            s.tensor("Z1", pass.z1, role: .activation)
            s.tensor("X1", pass.x1, role: .activation)
            s.tensor("y", pass.y, role: .output)
            s.scalar("error", pass.error)
            s.shapes("error = 1/2 sum over rows of (y - t)^2 -> a number")
            s.networks.append(bostonState(name: "forward", x0: x0, w1: w1, w2: w2, pass: pass, gradients: false, activeLayer: 2))
            let off = pass.z1.scalars.filter { $0 <= 0 }.count
            s.note("With weights drawn uniformly from [-1, 1), the first error is \(fmt(pass.error, 6)) (per suburb \(fmt(pass.error / Double(n), 4))): the predictions average \(fmt(pass.y.mean(), 4)) against targets averaging \(fmt(t.mean(), 4)). \(off) of the \(pass.z1.count) entries of Z1 are <= 0, switched off by the ReLU.")
        }
    }

    func recordBackward(_ pass: BostonPass) throws {
        let (w1, w2) = (weights.w1, weights.w2)
        // Our modules, as a check of the hand-written backward pass.
        let (l1, l2) = weights.layers()
        let moduleNet = Sequential(l1, ReLU(), l2)
        let moduleLoss = MSELoss(.halfSum)
        _ = try moduleLoss(try moduleNet.forward(x0), t)
        let moduleInputGrad = try moduleNet.backward(try moduleLoss.backward())

        try r.step("backward") { s in
            s.tensor("y.grad", pass.dy, role: .gradient)
            s.tensor("X1.grad", pass.dX1, role: .gradient)
            s.tensor("W2.grad", pass.dW2, role: .gradient)
            s.tensor("Z1.grad", pass.dZ1, role: .gradient)
            s.tensor("X0.grad", pass.dX0, role: .gradient)
            s.tensor("W1.grad", pass.dW1, role: .gradient)
            s.shapes("dy = y - t -> (\(n)x1)")
            s.shapes("dX1 = dy (\(n)x1) @ W2.T (1x4) -> (\(n)x4)")
            s.shapes("dW2 = X1.T (4x\(n)) @ dy (\(n)x1) -> (4x1)")
            s.shapes("dZ1 = (Z1 > 0) * dX1 -> (\(n)x4)")
            s.shapes("dX0 = dZ1 (\(n)x4) @ W1.T (4x3) -> (\(n)x3)")
            s.shapes("dW1 = X0.T (3x\(n)) @ dZ1 (\(n)x4) -> (3x4)")
            s.graphs.append(graph(pass))
            let checks: [(String, Tensor, Tensor)] = [
                ("W1.grad", pass.dW1, l1.weight.grad!), ("W2.grad", pass.dW2, l2.weight.grad!),
                ("X0.grad", pass.dX0, moduleInputGrad),
                ("y.grad", pass.dy, moduleNet.outputGradients[2]), ("Z1.grad", pass.dZ1, moduleNet.outputGradients[0]),
            ]
            s.tables.append(TableRecord(
                name: "against-modules", title: "The graph's gradients against our Linear/ReLU/MSELoss modules",
                header: ["gradient", "shape", "largest |value|", "largest difference"],
                rows: try checks.map { [$0.0, formatShape($0.1.shape), fmt(maxAbs($0.1), 6), fmt(maxAbs(try $0.1 - $0.2), 3)] }))
            s.networks.append(bostonState(name: "backward", x0: x0, w1: w1, w2: w2, pass: pass, gradients: true, activeLayer: 1))
            s.note("Each node shows its first element and the gradient of the loss with respect to it. The graph's gradients are the same numbers our Linear (without bias), ReLU and MSELoss(.halfSum) modules compute: the largest difference over all five is \(fmt(try checks.map { maxAbs(try $0.1 - $0.2) }.max()!, 3)).")
        }
    }

    /// The computation graph in the tutorial's bar notation, each node with its first element.
    func graph(_ pass: BostonPass) -> ComputationGraph {
        let (w1, w2) = (weights.w1, weights.w2)
        return ComputationGraph(
            name: "3-4-1 network, no biases",
            nodes: [
                .init(id: "X0", label: "X0", shape: x0.shape, value: x0[0, 0], gradient: pass.dX0[0, 0], gradientName: "dX0"),
                .init(id: "W1", label: "W1", shape: w1.shape, value: w1[0, 0], gradient: pass.dW1[0, 0], gradientName: "dW1"),
                .init(id: "Z1", label: "Z1 = X0 W1", shape: pass.z1.shape, value: pass.z1[0, 0], gradient: pass.dZ1[0, 0], gradientName: "dZ1"),
                .init(id: "X1", label: "X1 = relu(Z1)", shape: pass.x1.shape, value: pass.x1[0, 0], gradient: pass.dX1[0, 0], gradientName: "dX1"),
                .init(id: "W2", label: "W2", shape: w2.shape, value: w2[0, 0], gradient: pass.dW2[0, 0], gradientName: "dW2"),
                .init(id: "y", label: "y = X1 W2", shape: pass.y.shape, value: pass.y[0, 0], gradient: pass.dy[0, 0], gradientName: "dy"),
                .init(id: "t", label: "t (targets)", shape: t.shape, value: t[0, 0]),
                .init(id: "L", label: "L = 1/2 sum (y - t)^2", shape: [], value: pass.error, gradient: 1, gradientName: "dL"),
            ],
            edges: [["X0", "Z1"], ["W1", "Z1"], ["Z1", "X1"], ["X1", "y"], ["W2", "y"], ["y", "L"], ["t", "L"]])
    }

    func recordCorrected(_ pass: BostonPass) throws {
        let (w1, w2) = (weights.w1, weights.w2)
        let w1New = try w1 - pass.dW1 * alpha
        let w2New = try w2 - pass.dW2 * alpha
        let after = try BostonPass(x0: x0, t: t, w1: w1New, w2: w2New)
        try r.step("corrected") { s in
            s.scalar("alpha", alpha)
            s.tensor("W1_new", w1New, role: .parameter, rowLabels: names)
            s.tensor("W2_new", w2New, role: .parameter)
            s.tensor("-alpha * dW1", pass.dW1 * -alpha, role: .update)
            s.tensor("-alpha * dW2", pass.dW2 * -alpha, role: .update)
            s.scalar("error before", pass.error)
            s.scalar("error after one step", after.error)
            s.shapes("W1_new = W1 (3x4) - alpha * dW1 (3x4); W2_new = W2 (4x1) - alpha * dW2 (4x1)")
            s.networks.append(bostonState(name: "update", x0: x0, w1: w1, w2: w2, pass: pass, gradients: true,
                                          after: (w1New, w2New), activeLayer: 1))
            s.tables.append(TableRecord(
                name: "bugs", title: "What the tutorial's code does, and what runs here",
                header: ["as written", "what happens", "here"],
                rows: [
                    ["print(X[:5])", "NameError: X is never defined (the data is X0)", "the first rows of X0"],
                    ["W1_new -= alpha*dW1 in the first backward_pass", "W1_new is used before it is assigned", "W1_new = W1 - alpha * dW1"],
                    ["backward_pass(X0, t, W1, W2, X1, y) reads Z1", "Z1 is not a parameter (a global at best)", "Z1 passed in, as the final listing does"],
                    ["n_iter = 10, then n_iter = 1000", "the first value is dead code", "\(iterations) iterations"],
                    ["ylabel 'Mean Squared Error'", "the curve is 1/2 sum (y - t)^2, not a mean", "labelled as what it is"],
                    ["W1 = dropout(W1, prob) inside forward_pass", "rebinds a local name: backward uses the undropped W1 and W2", "reproduced on purpose (WeightDropout)"],
                ]))
            s.note("One step of size 1e-6 takes the error from \(fmt(pass.error, 7)) to \(fmt(after.error, 7)). The gradients are large (dW2 up to \(fmt(maxAbs(pass.dW2), 4))) because the loss is a sum over \(n) suburbs, not a mean: the tiny step size makes up for it.")
        }
    }
}
