import Datasets
import NeuralNet
import Tensor
import LessonRecords

/// Tutorial 001's backward pass by hand through the last two layers of `Net((2,7,7,3,1))` for
/// one batch, then the same through `net.backward()` and `SGD.step()`: the steps `forward`,
/// `last-layer`, `second-last-layer` and `optimizer` of `synthetic-sgd`.
struct SyntheticHandWalk {
    let lesson: SyntheticSGDLesson
    /// The network as written (ReLU on the output), and its initial parameter values.
    let asWritten: Sequential
    let initial: [Tensor]
    /// The batch: its row numbers, inputs and targets.
    let rows: [Int]
    let xb: Tensor, yb: Tensor
    let writtenOut: Tensor
    /// Every layer's output of the network as written on the batch.
    let writtenZ: [Tensor]
    /// Whether the output ReLU is off for the whole batch: the walk then runs without it.
    let outputOff: Bool
    /// The network the walk goes through: `asWritten`, or the same weights without the output ReLU.
    let net: Sequential
    let linears: [Linear]
    let z3: Tensor, z4: Tensor
    // The walk's gradients, in tutorial 001's names.
    let d: Tensor, dx1: Tensor, dw4: Tensor, db4: Tensor
    let dx1Masked: Tensor, dx2: Tensor, dw3: Tensor, db3: Tensor

    init(_ lesson: SyntheticSGDLesson) throws {
        self.lesson = lesson
        let (r, sizes, batchSize) = (lesson.r, lesson.sizes, lesson.batchSize)
        var initGenerator = Xoshiro256StarStar(seed: r.seed &+ 1)
        asWritten = syntheticNet(sizes, lastReLU: true, using: &initGenerator)
        initial = asWritten.parameters.map(\.value)
        var batchGenerator = Xoshiro256StarStar(seed: r.seed &+ 2)
        rows = batchGenerator.sampleWithReplacement(batchSize, from: lesson.count)
        xb = lesson.x.rows(rows)
        yb = lesson.y.rows(rows)
        writtenOut = try asWritten.forward(xb)
        writtenZ = asWritten.outputs
        // If the output ReLU is off for the whole batch, every gradient of the walk is 0: walk
        // the same weights without it (the tutorial's last_relu=False) so the numbers show.
        outputOff = writtenZ[6].scalars.allSatisfy { $0 <= 0 }
        net = outputOff ? lesson.freshNet(lastReLU: false) : asWritten
        let out = try net.forward(xb)
        let z = net.outputs
        // z1 a1 z2 a2 z3 a3 z4 [out]: z4 is index 6 with or without the output ReLU.
        let (a2, a3) = (z[3], z[5])
        (z3, z4) = (z[4], z[6])
        linears = linearLayers(net)
        let (w3, w4) = (linears[2].weight.value, linears[3].weight.value)
        let dLoss = try out - yb

        // Tutorial 001's hand walk: d carried back unscaled, each weight gradient divided by the batch.
        d = outputOff ? dLoss : try dLoss * (z4 > 0)
        dx1 = try Tensor.matmul(d, w4, transposeB: true)
        dw4 = try Tensor.matmul(a3, d, transposeA: true) / Double(batchSize)
        db4 = try d.mean(axis: 0)
        dx1Masked = try dx1 * (z3 > 0)
        dx2 = try Tensor.matmul(dx1Masked, w3, transposeB: true)
        dw3 = try Tensor.matmul(a2, dx1Masked, transposeA: true) / Double(batchSize)
        db3 = try dx1Masked.mean(axis: 0)
    }

    func recordForward() throws {
        let meanTarget = lesson.targetStats.mean
        try lesson.r.step("forward") { s in
            s.tensor("batch rows", Tensor(rows.map(Double.init)), role: .other)
            s.tensor("sample_X", xb, role: .input)
            s.tensor("sample_Y", yb, role: .target)
            for p in asWritten.parameters { s.tensor(p.name, p.value, role: .parameter) }
            for (name, t) in zip(syntheticOutputNames(asWritten), writtenZ) { s.tensor(name, t, role: name == "out" ? .output : .activation) }
            s.tensor("d_loss", try writtenOut - yb, role: .gradient)
            s.scalar("batch loss", try halfMeanSquaredError(writtenOut, yb))
            s.scalar("examples with z4 > 0", Double(writtenZ[6].scalars.filter { $0 > 0 }.count))
            s.shapes("x (32x2) @ w1 (2x7) + b1 (7) -> z1 (32x7) -> relu -> a1 (32x7)")
            s.shapes("a1 (32x7) @ w2 (7x7) + b2 (7) -> z2 (32x7) -> relu -> a2 (32x7)")
            s.shapes("a2 (32x7) @ w3 (7x3) + b3 (3) -> z3 (32x3) -> relu -> a3 (32x3)")
            s.shapes("a3 (32x3) @ w4 (3x1) + b4 (1) -> z4 (32x1) -> relu -> out (32x1)")
            s.shapes("d_loss = out - sample_Y -> (32x1)")
            s.networks.append(syntheticState(asWritten, name: "forward", x: xb, activeLayer: 4))
            let positive = writtenZ[6].scalars.filter { $0 > 0 }.count
            s.note("The output unit has a ReLU too (the tutorial's Net puts one after every layer unless told last_relu=False). Its input z4 is positive for \(positive) of the 32 examples; the targets are about \(fmt(meanTarget, 3)), the outputs at most \(fmt(writtenOut.max(), 4)).")
            if outputOff {
                s.note("With z4 <= 0 for the whole batch, the output ReLU passes no gradient back: every gradient of the hand walk would be 0, and so would the update. The output is dead before the first step. So that the walk has numbers to show, the next three steps use the same weights without the output ReLU (the tutorial's last_relu=False); the run with the tutorial's settings comes after.")
            }
        }
    }

    func recordLastLayer() throws {
        try lesson.r.step("last-layer") { s in
            s.tensor("d", d, role: .gradient)
            s.tensor("dx_1", dx1, role: .gradient)
            s.tensor("w4.grad", dw4, role: .gradient)
            s.tensor("b4.grad", db4, role: .gradient)
            s.shapes(outputOff ? "d = d_loss = out - sample_Y (32x1), no output ReLU to pass" : "d = d_loss (32x1) * (z4 > 0) (32x1) -> (32x1)")
            s.shapes("dx_1 = d (32x1) @ w4.T (1x3) -> (32x3)")
            s.shapes("w4.grad = a3.T (3x32) @ d (32x1) / 32 -> (3x1), the shape of w4")
            s.shapes("b4.grad = mean of d over the batch -> (1), the shape of b4")
            if !outputOff {
                let blocked = z4.scalars.filter { $0 <= 0 }.count
                s.note("The output ReLU blocks the gradient of \(blocked) of the 32 examples (z4 <= 0 there).")
            }
            s.scalar("output ReLU in the walk", outputOff ? 0 : 1)
        }
    }

    func recordSecondLastLayer() throws {
        try lesson.r.step("second-last-layer") { s in
            s.tensor("dx_1 * (z3 > 0)", dx1Masked, role: .gradient)
            s.tensor("dx_2", dx2, role: .gradient)
            s.tensor("w3.grad", dw3, role: .gradient)
            s.tensor("b3.grad", db3, role: .gradient)
            s.shapes("dx_1 (32x3) * (z3 > 0) (32x3) -> (32x3)")
            s.shapes("dx_2 = dx_1 (32x3) @ w3.T (3x7) -> (32x7)")
            s.shapes("w3.grad = a2.T (7x32) @ dx_1 (32x3) / 32 -> (7x3), the shape of w3")
            s.shapes("b3.grad = mean of dx_1 over the batch -> (3), the shape of b3")
            let blocked = z3.scalars.filter { $0 <= 0 }.count
            s.note("The ReLU after layer 3 blocks \(blocked) of the 32 x 3 entries of dx_1 (z3 <= 0 there). dx_2 is what the layer before receives; the same three lines repeat down to the input.")
        }
    }

    /// The same through the modules: net.backward, then SGD.step (which moves the walk's network).
    func recordOptimizer() throws {
        let lr = lesson.lr
        let optimizer = SGD(parameters: net.parameters, learningRate: lr)
        let loss = MSELoss(.sumOverTwiceBatch)
        optimizer.zeroGrad()
        _ = try net.forward(xb)
        _ = try loss(net.outputs.last!, yb)
        _ = try net.backward(try loss.backward())
        let moduleGrads = Dictionary(uniqueKeysWithValues: net.parameters.map { ($0.name, $0.grad!) })
        let handGrads: [(String, Tensor)] = [("w4", dw4), ("b4", db4), ("w3", dw3), ("b3", db3)]
        let handAfter = try handGrads.map { name, g in
            var w = net.parameters.first { $0.name == name }!.value
            try w.subtract(g, scaledBy: lr)
            return (name, w)
        }
        let stateBefore = syntheticState(net, name: "backward and update", x: xb, gradients: true,
                                         after: try linears.map { l in
                                             var w = l.weight.value
                                             try w.subtract(l.weight.grad!, scaledBy: lr)
                                             return w
                                         },
                                         biasAfter: try linears.map { l in
                                             var b = l.bias!.value
                                             try b.subtract(l.bias!.grad!, scaledBy: lr)
                                             return b
                                         }, activeLayer: 3)
        try optimizer.step()
        try lesson.r.step("optimizer") { s in
            var rowsTable: [[String]] = []
            var worst = 0.0
            for (name, hand) in handGrads {
                let module = moduleGrads[name]!
                let diff = maxAbs(try hand - module)
                worst = Swift.max(worst, diff)
                rowsTable.append([name + ".grad", formatShape(hand.shape), fmt(maxAbs(hand), 6), fmt(diff, 3)])
            }
            s.tables.append(TableRecord(name: "hand-vs-backward", title: "The hand walk against net.backward()",
                                        header: ["gradient", "shape", "largest |value|", "largest difference"], rows: rowsTable))
            var updateDiff = 0.0
            for (name, w) in handAfter {
                let p = net.parameters.first { $0.name == name }!
                s.tensor("\(name) after", p.value, role: .parameter)
                updateDiff = Swift.max(updateDiff, maxAbs(try p.value - w))
            }
            for p in net.parameters where p.name == "w1" || p.name == "b1" || p.name == "w2" || p.name == "b2" {
                s.tensor("\(p.name).grad", p.grad!, role: .gradient)
            }
            s.scalar("lr", lr)
            s.scalar("largest gradient difference", worst)
            s.scalar("largest weight difference after the step", updateDiff)
            s.shapes("for each parameter p: p (shape) - 0.1 * p.grad (shape) -> p (shape)")
            s.networks.append(stateBefore)
            let gradAgreement = worst == 0 ? "exactly" : "to within \(fmt(worst, 3)) (it divides by 32 before the products, the walk after)"
            let updateAgreement = updateDiff == 0 ? "exactly" : "to within \(fmt(updateDiff, 3))"
            s.note("net.backward() gives the hand walk's gradients \(gradAgreement), and SGD.step() moves every weight by -0.1 times its gradient: the weights agree with the hand update \(updateAgreement).")
        }
    }
}
