import Datasets
import NeuralNet
import Tensor
import LessonRecords

extension Catalog {
    /// Tutorial 001's synthetic regression: the backward pass by hand through the last two
    /// layers of `Net((2,7,7,3,1))`, the `SGD` optimiser, a run with the tutorial's settings and why it fails,
    /// then a setting that fits.
    static let syntheticSGD = Lesson(
        id: "synthetic-sgd", number: 8, title: "Mini-batch SGD on a synthetic function",
        summary: "Net((2,7,7,3,1)) on f(x,y) = (x+4)^3 + 4y: the backward pass by hand, SGD, a run that dies, and one that fits.",
        track: .applied,
        steps: [
            Step("data", "Ten thousand points of f(x, y)", phase: .data),
            Step("forward", "One batch through Net((2,7,7,3,1))", phase: .forward,
                 code: [.source("Lessons/Applied/SyntheticRun", "syntheticNet")]),
            Step("last-layer", "By hand through the last layer", phase: .backward),
            Step("second-last-layer", "By hand through the layer before", phase: .backward),
            Step("optimizer", "net.backward() and SGD.step()", phase: .update,
                 code: [.source("NeuralNet/Sequential", "Sequential.backward"), .source("NeuralNet/SGD", "SGD.step")]),
            Step("as-written", "The tutorial's settings: LR 0.1, ReLU on the output", phase: .update,
                 code: [.source("Lessons/Applied/SyntheticRun", "runSynthetic"), .source("NeuralNet/Training", "Trainer.step")]),
            Step("linear-output", "Without the output ReLU", phase: .update),
            Step("standardised", "Standardised inputs and targets, a smaller step", phase: .update),
            Step("fit", "What each network learned", phase: .check),
        ]
    ) { r in
        let id = "synthetic-sgd"
        let full = r.profile == .full
        let count = full ? 10_000 : 2_000
        let heldOutCount = full ? 2_000 : 500
        let writtenSteps = full ? 2_000 : 300
        let fixedSteps = full ? 20_000 : 2_000
        let checkpointEvery = full ? 100 : 50
        let seedCount = full ? 5 : 3
        let batchSize = 32
        let lr = 0.1
        let fixedLR = 0.05
        let sizes = [2, 7, 7, 3, 1]

        var dataGenerator = Xoshiro256StarStar(seed: r.seed)
        let data = SyntheticRegression(count: count, using: &dataGenerator)
        let (x, y) = (data.inputs, data.targets)
        var heldOutGenerator = Xoshiro256StarStar(seed: r.seed &+ 3)
        let heldOut = SyntheticRegression(count: heldOutCount, using: &heldOutGenerator)
        let targetStats = TensorStats(y.scalars)
        let zeroLoss = try halfMeanSquaredError(Tensor.zeros(shape: y.shape), y)
        let meanLoss = targetStats.std * targetStats.std / 2

        try r.step("data") { s in
            s.tensor("x", x, role: .input)
            s.tensor("Y", y, role: .target)
            s.tensor("x[:5]", x.rows(0..<5), role: .input, columnLabels: ["x", "y"])
            s.tensor("Y[:5]", y.rows(0..<5), role: .target)
            s.scalar("points", Double(count))
            s.scalar("target min", targetStats.min)
            s.scalar("target max", targetStats.max)
            s.scalar("target mean", targetStats.mean)
            s.scalar("target variance", targetStats.std * targetStats.std)
            s.scalar("loss predicting 0 everywhere", zeroLoss)
            s.scalar("loss predicting the mean everywhere", meanLoss)
            s.shapes("x (\(count)x2), Y (\(count)x1)")
            s.note("The targets run from \(fmt(targetStats.min, 4)) to \(fmt(targetStats.max, 4)) with mean \(fmt(targetStats.mean, 4)). Two reference losses, sum((Y - out)^2) / 2N: predicting 0 everywhere scores \(fmt(zeroLoss, 5)); predicting the mean everywhere scores half the variance, \(fmt(meanLoss, 5)).")
        }

        // The network as written, and the batch the hand walk uses.
        var initGenerator = Xoshiro256StarStar(seed: r.seed &+ 1)
        let asWritten = syntheticNet(sizes, lastReLU: true, using: &initGenerator)
        let initial = asWritten.parameters.map(\.value)
        var batchGenerator = Xoshiro256StarStar(seed: r.seed &+ 2)
        let rows = batchGenerator.sampleWithReplacement(batchSize, from: count)
        let xb = x.rows(rows), yb = y.rows(rows)
        let writtenOut = try asWritten.forward(xb)
        let writtenZ = asWritten.outputs
        // If the output ReLU is off for the whole batch, every gradient of the walk is 0: walk
        // the same weights without it (the tutorial's last_relu=False) so the numbers show.
        let outputOff = writtenZ[6].scalars.allSatisfy { $0 <= 0 }
        let net: Sequential
        if outputOff {
            var g = Xoshiro256StarStar(seed: r.seed &+ 1)
            net = syntheticNet(sizes, lastReLU: false, using: &g)
        } else {
            net = asWritten
        }
        let out = try net.forward(xb)
        let z = net.outputs
        // z1 a1 z2 a2 z3 a3 z4 [out]: z4 is index 6 with or without the output ReLU.
        let (a2, z3, a3, z4) = (z[3], z[4], z[5], z[6])
        let linears = linearLayers(net)
        let (w3, w4) = (linears[2].weight.value, linears[3].weight.value)
        let dLoss = try out - yb

        try r.step("forward") { s in
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
            s.note("The output unit has a ReLU too (the tutorial's Net puts one after every layer unless told last_relu=False). Its input z4 is positive for \(positive) of the 32 examples; the targets are about \(fmt(targetStats.mean, 3)), the outputs at most \(fmt(writtenOut.max(), 4)).")
            if outputOff {
                s.note("With z4 <= 0 for the whole batch, the output ReLU passes no gradient back: every gradient of the hand walk would be 0, and so would the update. The output is dead before the first step. So that the walk has numbers to show, the next three steps use the same weights without the output ReLU (the tutorial's last_relu=False); the run with the tutorial's settings comes after.")
            }
        }

        // Tutorial 001's hand walk: d carried back unscaled, each weight gradient divided by the batch.
        let d = outputOff ? dLoss : try dLoss * (z4 > 0)
        let dx1 = try Tensor.matmul(d, w4, transposeB: true)
        let dw4 = try Tensor.matmul(a3, d, transposeA: true) / Double(batchSize)
        let db4 = try d.mean(axis: 0)
        let dx1Masked = try dx1 * (z3 > 0)
        let dx2 = try Tensor.matmul(dx1Masked, w3, transposeB: true)
        let dw3 = try Tensor.matmul(a2, dx1Masked, transposeA: true) / Double(batchSize)
        let db3 = try dx1Masked.mean(axis: 0)

        try r.step("last-layer") { s in
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

        try r.step("second-last-layer") { s in
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

        // The same through the modules: net.backward, then SGD.step.
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
                                         }, activeLayer: 3)
        try optimizer.step()
        try r.step("optimizer") { s in
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

        // Restore the initial weights: every run below starts from the same network and draws
        // the same batches.
        func freshNet(lastReLU: Bool, seedOffset: UInt64 = 1) -> Sequential {
            var g = Xoshiro256StarStar(seed: r.seed &+ seedOffset)
            return syntheticNet(sizes, lastReLU: lastReLU, using: &g)
        }
        let batchSeed = Xoshiro256StarStar(seed: r.seed &+ 2)
        let written = freshNet(lastReLU: true)
        precondition(zip(written.parameters, initial).allSatisfy { $0.0.value == $0.1 }, "the runs start from the walk's weights")
        let writtenRun = try runSynthetic(
            net: written, x: x, y: y, yTrue: y, learningRate: lr, steps: writtenSteps, batchSize: batchSize,
            batchGenerator: batchSeed, checkpointEvery: checkpointEvery, watchDeadOutput: true
        ) { step, l in r.progress(ProgressEvent(lesson: id, phase: "tutorial's settings", epoch: step, epochs: writtenSteps, loss: l)) }

        var writtenSeedRows: [[String]] = []
        var writtenSeedDead: [Int?] = []
        for k in 0..<seedCount {
            let offset = UInt64(10 + k)
            let run = try runSynthetic(
                net: freshNet(lastReLU: true, seedOffset: offset), x: x, y: y, yTrue: y, learningRate: lr,
                steps: writtenSteps, batchSize: batchSize,
                batchGenerator: Xoshiro256StarStar(seed: r.seed &+ offset &+ 100),
                checkpointEvery: writtenSteps, watchDeadOutput: true
            ) { step, l in r.progress(ProgressEvent(lesson: id, phase: "tutorial's settings, seed \(k + 1)", epoch: step, epochs: writtenSteps, loss: l)) }
            writtenSeedDead.append(run.outputDeadAt)
            writtenSeedRows.append(["seed + \(offset)", run.outputDeadAt.map { $0 == 0 ? "before step 1" : "after step \($0)" } ?? "no",
                                    run.explodedAt.map(String.init) ?? "-", run.failure.map { "\($0)" } ?? "-",
                                    fmt(run.trainLoss.last!, 5)])
        }

        try r.step("as-written") { s in
            s.tables.append(TableRecord(
                name: "seeds", title: "The tutorial's settings from other initial weights and batches",
                header: ["seed", "output dead", "loss > 1e6 at step", "stopped", "final full-data loss"], rows: writtenSeedRows))
            let deadSeeds = writtenSeedDead.compactMap { $0 }
            s.note("From \(seedCount) other seeds the output is dead in \(deadSeeds.count): \(deadSeeds.filter { $0 == 0 }.count) before training starts, \(deadSeeds.filter { $0 > 0 }.count) within \(deadSeeds.filter { $0 > 0 }.max().map(String.init) ?? "0") steps.")
            recordRun(&s, writtenRun, name: "as-written", title: "Tutorial's settings: ReLU output, LR 0.1 (full-data loss)", lesson: id)
            if let dead = writtenRun.outputDeadAt {
                s.scalar("output dead from step", Double(dead))
                s.note("Dead output unit: \(dead == 0 ? "before the first step" : "after step \(dead)") the network outputs 0 for all \(count) points. z4 <= 0 everywhere, so the output ReLU passes no gradient, nothing upstream changes either, and it stays dead. The full-data loss is then sum(Y^2) / 2N = \(fmt(zeroLoss, 5)).")
            }
            if let at = writtenRun.explodedAt { explodingNotes(&s, writtenRun, at: at) }
            s.scalar("final full-data loss", writtenRun.trainLoss.last!)
        }

        // Same weights, same batches, no ReLU on the output; then a few other seeds.
        let linearNet = freshNet(lastReLU: false)
        let linearRun = try runSynthetic(
            net: linearNet, x: x, y: y, yTrue: y, learningRate: lr, steps: writtenSteps, batchSize: batchSize,
            batchGenerator: batchSeed, checkpointEvery: checkpointEvery, watchDeadOutput: false
        ) { step, l in r.progress(ProgressEvent(lesson: id, phase: "linear output", epoch: step, epochs: writtenSteps, loss: l)) }
        var seedRows: [[String]] = []
        var seedLosses: [Double] = []
        for k in 0..<seedCount {
            let offset = UInt64(10 + k)
            let run = try runSynthetic(
                net: freshNet(lastReLU: false, seedOffset: offset), x: x, y: y, yTrue: y, learningRate: lr,
                steps: writtenSteps, batchSize: batchSize,
                batchGenerator: Xoshiro256StarStar(seed: r.seed &+ offset &+ 100),
                checkpointEvery: writtenSteps, watchDeadOutput: false
            ) { step, l in r.progress(ProgressEvent(lesson: id, phase: "linear output, seed \(k + 1)", epoch: step, epochs: writtenSteps, loss: l)) }
            let peak = run.batchLosses.max() ?? .nan
            seedLosses.append(run.trainLoss.last!)
            seedRows.append(["seed + \(offset)", fmt(peak, 4), run.explodedAt.map(String.init) ?? "-",
                             run.failure.map { "\($0)" } ?? "-", fmt(run.trainLoss.last!, 5),
                             fmt(run.predictionStd, 3), "\(run.deadUnits.last!.2) of \(run.deadUnits.last!.1)"])
        }

        try r.step("linear-output") { s in
            recordRun(&s, linearRun, name: "linear-output", title: "Linear output, LR 0.1 (full-data loss)", lesson: id)
            s.scalar("final full-data loss", linearRun.trainLoss.last!)
            s.scalar("prediction mean", linearRun.predictionMean)
            s.scalar("prediction spread (std)", linearRun.predictionStd)
            s.scalar("half the target variance", meanLoss)
            if let at = linearRun.explodedAt { explodingNotes(&s, linearRun, at: at) }
            let lastHidden = linearRun.deadUnits.last!
            if lastHidden.2 == lastHidden.1 {
                let b4 = linearLayers(linearNet).last!.bias!.value[0]
                s.note("Collapsed to the mean: all \(lastHidden.1) units of \(lastHidden.0) are 0 on every point, so the output is its bias b4 = \(fmt(b4, 5)) whatever the input (target mean \(fmt(targetStats.mean, 5))). The loss sits at half the variance, \(fmt(linearRun.trainLoss.last!, 5)) against \(fmt(meanLoss, 5)).")
            } else if linearRun.predictionStd < 0.05 * targetStats.std {
                s.note("Nearly constant: the predictions spread by \(fmt(linearRun.predictionStd, 3)) against the targets' \(fmt(targetStats.std, 3)).")
            }
            s.tables.append(TableRecord(
                name: "seeds", title: "The same run from other initial weights and batches",
                header: ["seed", "largest batch loss", "loss > 1e6 at step", "stopped", "final full-data loss", "prediction std", "dead units in a3"],
                rows: seedRows))
            let collapsed = seedLosses.filter { Swift.abs($0 - meanLoss) < 0.1 * meanLoss }.count
            s.note("Over \(seedCount) other seeds, \(collapsed) end within 10% of half the variance (predicting the mean).")
        }

        // The fix: standardise inputs and targets, a smaller step, a linear output.
        let sx = try Standardizer(x), sy = try Standardizer(y)
        let xs = try sx.apply(x), ys = try sy.apply(y)
        let fixedNet = freshNet(lastReLU: false)
        let fixedRun = try runSynthetic(
            net: fixedNet, x: xs, y: ys, yTrue: y, validation: (try sx.apply(heldOut.inputs), heldOut.targets),
            toTargetUnits: { try sy.invert($0) },
            learningRate: fixedLR, steps: fixedSteps, batchSize: batchSize,
            batchGenerator: batchSeed, checkpointEvery: checkpointEvery, watchDeadOutput: false
        ) { step, l in r.progress(ProgressEvent(lesson: id, phase: "standardised", epoch: step, epochs: fixedSteps, loss: l)) }
        if let failure = fixedRun.failure {
            throw LessonError.nonFinite(lesson: id, step: "standardised", detail: "\(failure)")
        }

        try r.step("standardised") { s in
            s.tensor("x mean", sx.mean, role: .other)
            s.tensor("x std", sx.std, role: .other)
            s.tensor("Y mean", sy.mean, role: .other)
            s.tensor("Y std", sy.std, role: .other)
            s.scalar("lr", fixedLR)
            s.scalar("steps", Double(fixedSteps))
            s.scalar("final full-data loss", fixedRun.trainLoss.last!)
            s.scalar("held-out loss", fixedRun.valLoss.last!)
            s.scalar("held-out RMSE", (2 * fixedRun.valLoss.last!).squareRoot())
            s.scalar("noise floor (0.1^2 / 2)", 0.005)
            s.shapes("xs = (x - x mean) / x std -> (\(count)x2); Ys = (Y - Y mean) / Y std -> (\(count)x1)")
            s.shapes("out = net(xs) * Y std + Y mean -> (\(count)x1), back in the targets' units")
            s.chart(ChartRecord(
                name: "standardised", title: "Standardised, LR \(fmt(fixedLR)), linear output (loss in the targets' units)",
                xLabel: "step", yLabel: "sum((Y - out)^2) / 2N", logScale: true,
                series: [.init(name: "train_loss", x: fixedRun.checkpoints, y: fixedRun.trainLoss),
                         .init(name: "val_loss", x: fixedRun.checkpoints, y: fixedRun.valLoss)]))
            s.tables.append(deadTable(fixedRun))
            if let a3 = fixedRun.deadUnits.last, a3.2 > 0 {
                s.note("\(a3.2) of the \(a3.1) units of a3 are 0 on every training point: they died along the way or never lived, and pass nothing. The survivors are enough here because f increases in both x and y, but a narrow ReLU layer is fragile; with all \(a3.1) dead the output would be its bias, as in the linear-output run.")
            }
            for p in fixedNet.parameters { s.tensor("\(p.name) (trained)", p.value, role: .parameter) }
            s.note("Standardised, the targets have mean 0 and spread 1, so the first errors are of size 1 instead of 94, and the same initial weights and batches train smoothly. After \(fixedSteps) steps the loss on the \(count) training points is \(fmt(fixedRun.trainLoss.last!, 4)) and on \(heldOutCount) fresh points \(fmt(fixedRun.valLoss.last!, 4)) (an RMSE of \(fmt((2 * fixedRun.valLoss.last!).squareRoot(), 3)) on targets of about \(fmt(targetStats.mean, 3))), against \(fmt(writtenRun.trainLoss.last!, 5)) with the tutorial's settings. The noise alone costs 0.005.")
        }

        try r.step("fit") { s in
            // f(x, 0.5) along x, against each network's prediction.
            let grid = Tensor.linspace(0, 1, count: 41)
            let gridInputs = try Tensor(shape: [41, 2], scalars: grid.scalars.flatMap { [$0, 0.5] })
            let truth = grid.scalars.map { SyntheticRegression.f($0, 0.5) }
            let fixedPred = try sy.invert(try fixedNet.forward(try sx.apply(gridInputs)))
            let writtenPred = try written.forward(gridInputs)
            let linearPred = try linearNet.forward(gridInputs)
            s.chart(ChartRecord(
                name: "fit", title: "f(x, 0.5) and the networks' predictions", xLabel: "x", yLabel: "value",
                series: [.init(name: "f(x, 0.5)", x: grid.scalars, y: truth),
                         .init(name: "standardised", x: grid.scalars, y: fixedPred.scalars),
                         .init(name: "linear output", x: grid.scalars, y: linearPred.scalars),
                         .init(name: "tutorial's settings", x: grid.scalars, y: writtenPred.scalars)]))
            s.tensor("f(x, 0.5)", Tensor(truth), role: .target)
            s.tensor("prediction (standardised)", fixedPred, role: .output)
            s.scalar("largest error along the line (standardised)", maxAbs(try fixedPred.squeezed(axis: 1) - Tensor(truth)))
            s.tables.append(TableRecord(
                name: "summary", title: "Three settings, same initial weights and batches",
                header: ["setting", "lr", "steps", "final full-data loss", "outcome"],
                rows: [["tutorial's settings (ReLU output)", fmt(lr), "\(writtenRun.stepsRun)", fmt(writtenRun.trainLoss.last!, 5),
                        outcome(writtenRun, meanLoss: meanLoss, zeroLoss: zeroLoss)],
                       ["linear output", fmt(lr), "\(linearRun.stepsRun)", fmt(linearRun.trainLoss.last!, 5),
                        outcome(linearRun, meanLoss: meanLoss, zeroLoss: zeroLoss)],
                       ["standardised, linear output", fmt(fixedLR), "\(fixedRun.stepsRun)", fmt(fixedRun.trainLoss.last!, 5),
                        outcome(fixedRun, meanLoss: meanLoss, zeroLoss: zeroLoss)]]))
        }
        r.headline("held-out loss (standardised)", fixedRun.valLoss.last!)
    }
}

/// Records a run's loss curve, dead units and any error that stopped it.
private func recordRun(_ s: inout StepRecord, _ run: SyntheticRun, name: String, title: String, lesson: String) {
    s.chart(ChartRecord(name: name, title: title, xLabel: "step", yLabel: "sum((Y - out)^2) / 2N", logScale: true,
                        series: [.init(name: "train_loss", x: run.checkpoints, y: run.trainLoss)]))
    let first = Array(run.batchLosses.prefix(10))
    s.tensor("batch loss, steps 1-\(first.count)", Tensor(first), role: .loss)
    s.scalar("steps run", Double(run.stepsRun))
    s.tables.append(deadTable(run))
    if let failure = run.failure {
        s.errors.append(CaughtError(code: "trainer.step(inputs: x.rows(batch), targets: Y.rows(batch))", message: "\(failure)"))
        if case let .nonFinite(step, _, tensor, loss) = failure {
            s.scalar("non-finite at step", Double(step))
            s.note("Non-finite: at step \(step) \(tensor == "loss" ? "the loss" : tensor) stopped being a number (batch loss \(fmt(loss))). The trainer checks every step and stops there rather than training on NaN.")
        }
    }
}

private func deadTable(_ run: SyntheticRun) -> TableRecord {
    TableRecord(name: "dead-units", title: "Hidden units that are 0 on every training point at the end",
                header: ["layer", "units", "dead"],
                rows: run.deadUnits.map { [$0.0, "\($0.1)", "\($0.2)"] })
}

private func explodingNotes(_ s: inout StepRecord, _ run: SyntheticRun, at step: Int) {
    s.scalar("batch loss > 1e6 at step", Double(step))
    s.scalar("largest batch loss", run.batchLosses.max() ?? .nan)
    s.tables.append(TableRecord(
        name: "exploding", title: "Step \(step): the largest |value| of each tensor it made",
        header: ["tensor", "largest |value|"], rows: run.explodedMagnitudes.map { [$0.0, fmt($0.1, 4)] }))
    let grads = run.explodedMagnitudes.filter { $0.0.hasSuffix(".grad") }
    if let worst = grads.max(by: { $0.1 < $1.1 }) {
        s.note("Exploding loss: at step \(step) the batch loss passed 1e6 (\(fmt(run.batchLosses[step - 1], 4))). The largest gradient that step is \(worst.0), up to \(fmt(worst.1, 4)) in size; at LR 0.1 that moves a weight by \(fmt(0.1 * worst.1, 4)).")
    }
}

private func outcome(_ run: SyntheticRun, meanLoss: Double, zeroLoss: Double) -> String {
    if let failure = run.failure, case let .nonFinite(step, _, tensor, _) = failure { return "non-finite at step \(step) (\(tensor))" }
    if let dead = run.outputDeadAt { return "output dead from step \(dead): predicts 0" }
    let final = run.trainLoss.last!
    if Swift.abs(final - meanLoss) < 0.1 * meanLoss { return "collapsed to the mean" }
    if final < 0.01 * meanLoss { return "fits" }
    return "partial fit"
}
