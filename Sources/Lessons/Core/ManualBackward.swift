import NeuralNet
import Tensor
import LessonRecords

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
        try ManualBackwardLesson(r).run()
    }
}

/// The run of `manual-backward`: every gradient, one live element of each worked through with
/// the run's numbers, and diagrams that show only what has been computed so far.
private struct ManualBackwardLesson {
    let r: Recorder
    let x: Tensor, y: Tensor
    let net: ExamNetwork
    let f: ExamNetwork.Forward
    let g: ExamNetwork.Gradients
    /// A hidden unit that is on for some student (a live element to work through), and the first
    /// student for whom it is on.
    let unit: Int, student: Int

    init(_ r: Recorder) throws {
        self.r = r
        let data = try ExamData(r.configuration)
        (x, y) = (data.x, data.y)
        net = ExamNetwork(seed: r.seed)
        f = try net.forward(x, y)
        g = try net.backward(x, y, f)
        let l1 = f.l1
        // with every unit off, no gradient reaches w1: the worked elements are then zeros
        let j = f.firstLiveUnit ?? 0
        unit = j
        student = (0..<l1.shape[0]).first { l1[$0, j] > 0 } ?? 0
    }

    private var students: Range<Int> { 0..<x.shape[0] }

    func run() throws {
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
            let i = student, n = Double(x.shape[0])
            s.scalar("worked student", Double(i))
            s.scalar("l3[i]", f.l3[i, 0])
            s.scalar("y[i]", y[i])
            s.scalar("l3.grad[i] by hand", 2 * (f.l3[i, 0] - y[i]) / n)
            s.scalar("l3.grad[i] recorded", g.l3[i, 0])
            s.networks.append(net.state(name: "backward: loss", x: x, forward: f, gradients: g, stage: .loss, activeLayer: 2))
        }
        try r.step("lin2-grad") { s in
            s.tensor("l2.grad", g.l2, role: .gradient)
            s.tensor("w2.grad", g.w2, role: .gradient)
            s.tensor("b2.grad", g.b2, role: .gradient)
            s.shapes("l2.grad = l3.grad (25x1) @ w2.T (1x5) -> (25x5)")
            s.shapes("w2.grad = l2.T (5x25) @ l3.grad (25x1) -> (5x1)")
            s.shapes("b2.grad = l3.grad summed over rows -> (1)")
            s.scalar("worked unit", Double(unit))
            s.scalar("worked student", Double(student))
            WorkedElement(name: "w2.grad[\(unit), 0]", factors: ["l2[i, \(unit)]", "l3.grad[i, 0]"], index: "i",
                          terms: students.map { [f.l2[$0, unit], g.l3[$0, 0]] }, recorded: g.w2[unit, 0])
                .record(into: &s, key: "w2.grad")
            WorkedElement(name: "b2.grad[0]", factors: ["l3.grad[i, 0]"], index: "i",
                          terms: students.map { [g.l3[$0, 0]] }, recorded: g.b2[0])
                .record(into: &s, key: "b2.grad")
            WorkedElement(name: "l2.grad[\(student), \(unit)]", factors: ["l3.grad[\(student), k]", "w2[\(unit), k]"], index: "k",
                          terms: [[g.l3[student, 0], net.w2[unit, 0]]], recorded: g.l2[student, unit])
                .record(into: &s, key: "l2.grad")
            s.networks.append(net.state(name: "backward: layer 2", x: x, forward: f, gradients: g, stage: .layer2, activeLayer: 1))
        }
        try r.step("relu-grad") { s in
            s.tensor("l1.grad", g.l1, role: .gradient)
            s.shapes("l1.grad = l2.grad (25x5) * (l1 > 0) (25x5) -> (25x5)")
            let blocked = g.l1.scalars.filter { $0 == 0 }.count
            s.scalar("zero entries of l1.grad", Double(blocked))
            s.scalar("entries of l1.grad", Double(g.l1.count))
            s.scalar("l1[i, j]", f.l1[student, unit])
            s.scalar("l1.grad[i, j]", g.l1[student, unit])
            s.scalar("dead units", Double(f.deadUnits.count))
            s.networks.append(net.state(name: "backward: ReLU", x: x, forward: f, gradients: g, stage: .relu, activeLayer: 1))
        }
        try r.step("lin1-grad") { s in
            s.tensor("x.grad", g.x, role: .gradient)
            s.tensor("w1.grad", g.w1, role: .gradient)
            s.tensor("b1.grad", g.b1, role: .gradient)
            s.shapes("w1.grad = x.T (3x25) @ l1.grad (25x5) -> (3x5)")
            s.shapes("b1.grad = l1.grad summed over rows -> (5)")
            s.shapes("x.grad = l1.grad (25x5) @ w1.T (5x3) -> (25x3) (not needed to train, shown for completeness)")
            s.scalar("worked unit", Double(unit))
            WorkedElement(name: "w1.grad[0, \(unit)]", factors: ["x[i, 0]", "l1.grad[i, \(unit)]"], index: "i",
                          terms: students.map { [x[$0, 0], g.l1[$0, unit]] }, recorded: g.w1[0, unit])
                .record(into: &s, key: "w1.grad")
            WorkedElement(name: "b1.grad[\(unit)]", factors: ["l1.grad[i, \(unit)]"], index: "i",
                          terms: students.map { [g.l1[$0, unit]] }, recorded: g.b1[unit])
                .record(into: &s, key: "b1.grad")
            WorkedElement(name: "x.grad[\(student), 0]", factors: ["l1.grad[\(student), j]", "w1[0, j]"], index: "j",
                          terms: (0..<net.w1.shape[1]).map { [g.l1[student, $0], net.w1[0, $0]] }, recorded: g.x[student, 0])
                .record(into: &s, key: "x.grad")
            s.networks.append(net.state(name: "backward: layer 1", x: x, forward: f, gradients: g, stage: .layer1, activeLayer: 0))
        }
        try r.step("graph") { s in
            s.graphs.append(graph())
            s.scalar("worked unit", Double(unit))
            s.scalar("worked student", Double(student))
        }
        r.headline("the loss every gradient here starts from", f.loss,
                   against: .init(label: "predicting the mean", value: ExamBaselines(x: x, y: y).meanPredictor))
    }

    /// Tutorial 003's letters, X0 -> Z1 = X0 W1 + b1 -> X1 = relu(Z1) -> l3 = X1 W2 + b2 -> L, at
    /// one live element: student i, input 0, hidden unit j. Each edge carries its local derivative;
    /// a parameter used by every student gets the sum of their gradients.
    func graph() -> ComputationGraph {
        let (i, j) = (student, unit)
        let n = x.shape[0]
        func d(_ v: Double) -> String { fmt(v, 4) }
        return ComputationGraph(
            name: "3-5-1 network at student \(i), hidden unit \(j)",
            nodes: [
                .init(id: "X0", label: "X0[\(i),0] = x", shape: x.shape, value: x[i, 0], gradient: g.x[i, 0], gradientName: "dX0 (Σ of 5)"),
                .init(id: "W1", label: "W1[0,\(j)] = w1", shape: net.w1.shape, value: net.w1[0, j], gradient: g.w1[0, j], gradientName: "dW1 (Σ of \(n))"),
                .init(id: "b1", label: "b1[\(j)]", shape: net.b1.shape, value: net.b1[j], gradient: g.b1[j], gradientName: "db1 (Σ of \(n))"),
                .init(id: "Z1", label: "Z1[\(i),\(j)] = l1", shape: f.l1.shape, value: f.l1[i, j], gradient: g.l1[i, j], gradientName: "dZ1"),
                .init(id: "X1", label: "X1[\(i),\(j)] = l2", shape: f.l2.shape, value: f.l2[i, j], gradient: g.l2[i, j], gradientName: "dX1"),
                .init(id: "W2", label: "W2[\(j),0] = w2", shape: net.w2.shape, value: net.w2[j, 0], gradient: g.w2[j, 0], gradientName: "dW2 (Σ of \(n))"),
                .init(id: "b2", label: "b2[0]", shape: net.b2.shape, value: net.b2[0], gradient: g.b2[0], gradientName: "db2 (Σ of \(n))"),
                .init(id: "l3", label: "l3[\(i)] (prediction)", shape: f.l3.shape, value: f.l3[i, 0], gradient: g.l3[i, 0], gradientName: "dl3"),
                .init(id: "L", label: "L = mse(l3, y)", shape: [], value: f.loss, gradient: 1, gradientName: "dL"),
            ],
            edges: [
                ["X0", "Z1", "× W1 = \(d(net.w1[0, j]))"],
                ["W1", "Z1", "× X0 = \(d(x[i, 0]))"],
                ["b1", "Z1", "× 1"],
                ["Z1", "X1", "× [Z1 > 0] = \(f.l1[i, j] > 0 ? 1 : 0)"],
                ["X1", "l3", "× W2 = \(d(net.w2[j, 0]))"],
                ["W2", "l3", "× X1 = \(d(f.l2[i, j]))"],
                ["b2", "l3", "× 1"],
                ["l3", "L", "2(l3 − y)/\(n) = \(d(g.l3[i, 0]))"],
            ])
    }
}
