import Datasets
import NeuralNet
import Tensor
import LessonRecords

extension Catalog {
    /// Tutorial 003: Boston housing through a 3-4-1 ReLU network without biases, the backward
    /// pass on a computation graph, its weight "dropout" as written, inverted dropout, and the
    /// held-out test error the tutorial suggests and never computes.
    static let bostonDropout = Lesson(
        id: "boston-dropout", number: 11, title: "Boston housing, a computation graph and dropout",
        summary: "A 3-4-1 network on CRIM, TAX, PTRATIO: dimensions, the bar-notation backward pass, two kinds of dropout, a held-out test error.",
        track: .applied,
        steps: [
            Step("data", "Three columns of a troubled data set", phase: .data),
            Step("dimensions", "The dimension table", phase: .none),
            Step("forward", "The forward pass", phase: .forward),
            Step("backward", "The backward pass on the computation graph", phase: .backward),
            Step("corrected", "One update, and the tutorial's bugs", phase: .update,
                 code: [.source("Lessons/Applied/BostonNetwork", "trainBoston")]),
            Step("weight-dropout", "Dropout as written: zeroing weights", phase: .update,
                 code: [.source("Lessons/Applied/BostonNetwork", "BostonWeights.model"), .source("NeuralNet/Dropout", "WeightDropout")]),
            Step("inverted-dropout", "Dropout on activations, inverted", phase: .update,
                 code: [.source("NeuralNet/Dropout", "Dropout")]),
            Step("held-out", "A held-out split and its test error", phase: .check),
        ]
    ) { r in
        let id = "boston-dropout"
        let iterations = r.profile == .full ? 1000 : 200
        let alpha = 1e-6
        let p = 0.2
        let boston = try r.configuration.data.boston()
        let (x0, t) = (boston.features, boston.target)
        let n = x0.shape[0]
        let names = ["CRIM", "TAX", "PTRATIO"]
        let weights = BostonWeights(seed: r.seed)
        let (w1, w2) = (weights.w1, weights.w2)

        /// Training that stops here was not expected to: the lesson stops with the trainer's message.
        func stop(_ step: String, _ error: any Error) -> any Error {
            guard let training = error as? TrainingError else { return error }
            return LessonError.nonFinite(lesson: id, step: step, detail: training.description)
        }

        try r.step("data") { s in
            s.tensor("X0", x0, role: .input, columnLabels: names)
            s.tensor("t", t, role: .target, columnLabels: ["MEDV"])
            s.tensor("column maxima", Tensor(boston.featureMaxima), role: .other, columnLabels: names)
            let capped = t.scalars.filter { $0 >= 50 }.count
            let stats = TensorStats(t.scalars)
            s.scalar("suburbs", Double(n))
            s.scalar("MEDV mean", stats.mean)
            s.scalar("MEDV at the 50 cap", Double(capped))
            s.shapes("X0 = [CRIM, TAX, PTRATIO] / column maxima -> (\(n)x3); t = MEDV -> (\(n)x1)")
            s.note("Each feature is divided by its largest value (CRIM \(fmt(boston.featureMaxima[0], 5)), TAX \(fmt(boston.featureMaxima[1], 4)), PTRATIO \(fmt(boston.featureMaxima[2], 4))), so every column lies in (0, 1]. MEDV, the median home value in $1000s, is left as it is: mean \(fmt(stats.mean, 4)).")
            s.note("\(capped) of the \(n) suburbs have MEDV exactly 50: the values were capped there, the truncation the tutorial mentions.")
            s.note("Harrison and Rubinfeld assembled the data in 1978 for a study of what clean air is worth to home buyers. One of its 13 columns was computed from the share of Black residents in each town, built on the assumption that racial segregation affects house prices; scikit-learn deprecated its copy (the StatLib one the tutorial loads) in version 1.0 and removed it in 1.2 for this and other problems. This lesson keeps only CRIM, TAX, PTRATIO and MEDV.")
        }

        try r.step("dimensions") { s in
            let rows: [[String]] = [
                ["X0", "(N, D)", "(\(n), 3)", "the data: N suburbs, D features", "dX0 (\(n), 3)"],
                ["W1", "(D, n_h)", "(3, 4)", "weights into the hidden layer", "dW1 (3, 4)"],
                ["Z1", "(N, n_h)", "(\(n), 4)", "Z1 = X0 W1", "dZ1 (\(n), 4)"],
                ["X1", "(N, n_h)", "(\(n), 4)", "X1 = relu(Z1), elementwise", "dX1 (\(n), 4)"],
                ["W2", "(n_h, 1)", "(4, 1)", "weights into the output", "dW2 (4, 1)"],
                ["y", "(N, 1)", "(\(n), 1)", "y = X1 W2, the prediction", "dy (\(n), 1)"],
                ["t", "(N, 1)", "(\(n), 1)", "the targets (MEDV)", "-"],
            ]
            s.tables.append(TableRecord(name: "dimensions", title: "Every tensor's shape, N = \(n), D = 3, n_h = 4",
                                        header: ["tensor", "symbols", "here", "what it is", "gradient"], rows: rows))
            s.scalar("N", Double(n))
            s.scalar("D", 3)
            s.scalar("n_h", 4)
            s.shapes("X0 (\(n)x3) @ W1 (3x4) -> Z1 (\(n)x4)")
            s.shapes("relu(Z1) -> X1 (\(n)x4)")
            s.shapes("X1 (\(n)x4) @ W2 (4x1) -> y (\(n)x1)")
        }

        let pass = try BostonPass(x0: x0, t: t, w1: w1, w2: w2)
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
            s.graphs.append(ComputationGraph(
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
                edges: [["X0", "Z1"], ["W1", "Z1"], ["Z1", "X1"], ["X1", "y"], ["W2", "y"], ["y", "L"], ["t", "L"]]))
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

        // Dropout as written: weights, all suburbs, the tutorial's error.
        let demo = weights.model(.weights, probability: p, seed: r.seed &+ 1)
        _ = try demo.forward(x0)
        let demoDropped = (demo.layers[0] as! WeightDropout, demo.layers[2] as! WeightDropout)
        let written = weights.model(.weights, probability: p, seed: r.seed &+ 1)
        let writtenCurves: BostonCurves
        do {
            writtenCurves = try trainBoston(written, x: x0, t: t, learningRate: alpha, iterations: iterations, perRow: false) { i, l in
                r.progress(ProgressEvent(lesson: id, phase: "weight dropout", epoch: i, epochs: iterations, loss: l))
            }
        } catch { throw stop("weight-dropout", error) }
        let plain = weights.model(.none, probability: p, seed: r.seed &+ 1)
        let plainCurves: BostonCurves
        do {
            plainCurves = try trainBoston(plain, x: x0, t: t, learningRate: alpha, iterations: iterations, perRow: false) { i, l in
                r.progress(ProgressEvent(lesson: id, phase: "no dropout", epoch: i, epochs: iterations, loss: l))
            }
        } catch { throw stop("weight-dropout", error) }
        let xAxis = (1...iterations).map(Double.init)

        try r.step("weight-dropout") { s in
            s.tensor("W1 (first pass, dropped)", demoDropped.0.droppedWeight!, role: .parameter, rowLabels: names)
            s.tensor("W2 (first pass, dropped)", demoDropped.1.droppedWeight!, role: .parameter)
            s.scalar("W1 weights dropped per pass", Double(demoDropped.0.droppedIndices.count))
            s.scalar("W2 weights dropped per pass", Double(demoDropped.1.droppedIndices.count))
            s.scalar("p", p)
            s.scalar("iterations", Double(iterations))
            s.scalar("first error", writtenCurves.train.first!)
            s.scalar("final error", writtenCurves.train.last!)
            s.scalar("final error, no dropout", plainCurves.train.last!)
            s.shapes("floor(12 x 0.2) = 2 of W1's weights, floor(4 x 0.2) = 0 of W2's")
            s.chart(ChartRecord(name: "weight-dropout", title: "Weight dropout as written, all \(n) suburbs",
                                xLabel: "iteration", yLabel: "1/2 sum (y - t)^2",
                                series: [.init(name: "train_loss", x: xAxis, y: writtenCurves.train)]))
            s.chart(ChartRecord(name: "no-dropout", title: "The same network without dropout",
                                xLabel: "iteration", yLabel: "1/2 sum (y - t)^2",
                                series: [.init(name: "train_loss", x: xAxis, y: plainCurves.train)]))
            s.note("Each forward pass zeroes floor(12 x 0.2) = 2 of W1's 12 weights (positions \(demoDropped.0.droppedIndices.map(String.init).joined(separator: ", ")) on the first pass) and floor(4 x 0.2) = 0 of W2's 4: the output weights are never dropped. The survivors are not rescaled, and the backward pass uses the undropped weights, so each step follows the gradient of a network the forward pass did not run.")
            s.note("Over \(iterations) iterations the error goes from \(fmt(writtenCurves.train.first!, 6)) to \(fmt(writtenCurves.train.last!, 6)), and jumps up and down as different weights drop out; without dropout it ends at \(fmt(plainCurves.train.last!, 6)).")
        }

        // Standard dropout: on the hidden activations, survivors scaled by 1 / (1 - p).
        let invertedDemo = weights.model(.inverted, probability: p, seed: r.seed &+ 1)
        _ = try invertedDemo.forward(x0)
        let mask = (invertedDemo.layers[2] as! Dropout).mask!
        let inverted = weights.model(.inverted, probability: p, seed: r.seed &+ 1)
        let invertedCurves: BostonCurves
        do {
            invertedCurves = try trainBoston(inverted, x: x0, t: t, learningRate: alpha, iterations: iterations, perRow: false) { i, l in
                r.progress(ProgressEvent(lesson: id, phase: "inverted dropout", epoch: i, epochs: iterations, loss: l))
            }
        } catch { throw stop("inverted-dropout", error) }

        try r.step("inverted-dropout") { s in
            s.tensor("mask[:5]", mask.rows(0..<5), role: .other)
            s.tensor("X1[:5]", invertedDemo.outputs[1].rows(0..<5), role: .activation)
            s.tensor("X1[:5] after dropout", invertedDemo.outputs[2].rows(0..<5), role: .activation)
            s.scalar("fraction of X1 dropped (first pass)", Double(mask.scalars.filter { $0 == 0 }.count) / Double(mask.count))
            s.scalar("scale of the survivors", 1 / (1 - p))
            s.scalar("first error", invertedCurves.train.first!)
            s.scalar("final error", invertedCurves.train.last!)
            s.shapes("X1 (\(n)x4) * mask (\(n)x4) -> (\(n)x4), mask entries 0 or 1 / (1 - p) = 1.25")
            s.chart(ChartRecord(name: "inverted-dropout", title: "Inverted dropout on X1, all \(n) suburbs",
                                xLabel: "iteration", yLabel: "1/2 sum (y - t)^2",
                                series: [.init(name: "train_loss", x: xAxis, y: invertedCurves.train)]))
            s.note("Each of the \(mask.count) hidden activations is dropped with probability 0.2 (on the first pass \(mask.scalars.filter { $0 == 0 }.count) were), and the survivors are multiplied by 1.25 so the expected input to the output layer is unchanged. The backward pass multiplies by the same mask, so the gradient is that of the network the forward pass ran. In evaluation the layer does nothing.")
            s.note("Over \(iterations) iterations the error goes from \(fmt(invertedCurves.train.first!, 6)) to \(fmt(invertedCurves.train.last!, 6)); weight dropout as written ends at \(fmt(writtenCurves.train.last!, 6)), no dropout at \(fmt(plainCurves.train.last!, 6)).")
        }

        // The held-out split the tutorial suggests: 80% to train, 20% never seen in training.
        var splitGenerator = Xoshiro256StarStar(seed: r.seed &+ 3)
        let order = splitGenerator.permutation(n)
        let trainCount = n * 4 / 5
        let trainRows = Array(order[0..<trainCount]), testRows = Array(order[trainCount...])
        let (xTrain, tTrain) = (x0.rows(trainRows), t.rows(trainRows))
        let (xTest, tTest) = (x0.rows(testRows), t.rows(testRows))
        var results: [(BostonWeights.Variant, BostonCurves, Double, Double)] = []
        for variant in BostonWeights.Variant.allCases {
            let model = weights.model(variant, probability: p, seed: r.seed &+ 1)
            do {
                let curves = try trainBoston(model, x: xTrain, t: tTrain, learningRate: alpha, iterations: iterations,
                                             validation: (xTest, tTest), perRow: true) { i, l in
                    r.progress(ProgressEvent(lesson: id, phase: "held-out, \(variant.rawValue)", epoch: i, epochs: iterations, loss: l))
                }
                let trainMSE = try meanSquaredError(model, xTrain, tTrain)
                results.append((variant, curves, trainMSE, curves.val.last!))
            } catch { throw stop("held-out", error) }
        }
        let meanPredictor = (tTest - tTrain.mean()).squared().mean()

        try r.step("held-out") { s in
            s.tensor("test rows", Tensor(testRows.map(Double.init)), role: .other)
            s.scalar("training suburbs", Double(trainCount))
            s.scalar("test suburbs", Double(n - trainCount))
            s.scalar("test MSE of predicting the training mean", meanPredictor)
            for (variant, curves, trainMSE, testMSE) in results {
                s.chart(ChartRecord(name: "held-out-\(variant)", title: "\(variant.rawValue): \(trainCount) training suburbs, \(n - trainCount) held out",
                                    xLabel: "iteration", yLabel: "mean squared error ($1000s^2)",
                                    series: [.init(name: "train_loss", x: xAxis, y: curves.train),
                                             .init(name: "val_loss", x: xAxis, y: curves.val)]))
                s.scalar("test MSE, \(variant.rawValue)", testMSE)
                s.scalar("test RMSE, \(variant.rawValue)", testMSE.squareRoot())
                _ = trainMSE
            }
            s.tables.append(TableRecord(
                name: "test-error", title: "After \(iterations) iterations (errors in $1000s; dropout off when measuring)",
                header: ["network", "training MSE", "test MSE", "test RMSE"],
                rows: results.map { [$0.0.rawValue, fmt($0.2, 5), fmt($0.3, 5), fmt($0.3.squareRoot(), 4)] }
                    + [["predict the training mean", "-", fmt(meanPredictor, 5), fmt(meanPredictor.squareRoot(), 4)]]))
            s.shapes("train: X0 rows (\(trainCount)x3), t (\(trainCount)x1); test: (\(n - trainCount)x3), (\(n - trainCount)x1)")
            if results.allSatisfy({ $0.3 > meanPredictor }) {
                s.note("None of the three beats always predicting the training mean. With step size 1e-6 and \(iterations) iterations the network is still underfit: its training error is no better than its test error. Dropout is a remedy for overfitting, so here it has nothing to fix and only adds noise to the steps.")
            }
            let best = results.min { $0.3 < $1.3 }!
            s.note("A seeded 80/20 split: \(trainCount) suburbs to train on, \(n - trainCount) held out. After \(iterations) iterations the test RMSE is \(results.map { "\(fmt($0.3.squareRoot(), 4)) (\($0.0.rawValue))" }.joined(separator: ", ")); always predicting the training mean scores \(fmt(meanPredictor.squareRoot(), 4)). Lowest: \(best.0.rawValue).")
        }
        let inv = results.first { $0.0 == .inverted }!
        r.headline("test RMSE, inverted dropout", inv.3.squareRoot())
    }
}
