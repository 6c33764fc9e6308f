import Autograd
import NeuralNet
import Tensor

extension Catalog {
    /// Each tutorial's mistake, reproduced in a few lines, and the check that catches it.
    static let pitfalls = Lesson(
        id: "pitfalls", number: 13, title: "A gallery of mistakes",
        summary: "Six mistakes from the source tutorials, each reproduced and caught by a check.",
        track: .pitfalls,
        steps: [
            Step("divided-init", "Kaiming, divided instead of multiplied", phase: .check),
            Step("shape-error", "A 1x3 toy input where 25x3 data belonged", phase: .check),
            Step("broadcast", "(N x 1) - (N) is an N x N matrix", phase: .check),
            Step("sigmoid-is-tanh", "A \"Sigmoid\" that is tanh", phase: .check),
            Step("dropout-mask", "Dropout forgotten in the backward pass", phase: .check),
            Step("test-split", "Training on the test split", phase: .check),
        ]
    ) { r in
        let data = try ExamData(r.configuration)
        let (x, y) = (data.x, data.y)
        let divided = ExamNetwork(seed: r.seed, scaling: .tutorial)
        let kaiming = ExamNetwork(seed: r.seed, scaling: .kaiming)
        var caughtCount = 0

        try r.step("divided-init") { s in
            let wanted = (2.0 / 3).squareRoot()
            let stdDivided = TensorStats(divided.w1.scalars).std
            let stdKaiming = TensorStats(kaiming.w1.scalars).std
            s.scalar("sqrt(2/fan_in) for w1", wanted)
            s.scalar("std of w1, divided", stdDivided)
            s.scalar("std of w1, multiplied", stdKaiming)
            s.scalar("first loss, divided", try divided.forward(x, y).loss)
            s.scalar("first loss, multiplied", try kaiming.forward(x, y).loss)
            s.scalar("ratio of the spreads", stdDivided / stdKaiming)
            s.note("The check: Kaiming asks for a spread of sqrt(2/3) = \(fmt(wanted)) around 0 for 3 inputs. From the same draws, the divided weights spread \(fmt(stdDivided / stdKaiming, 4)) times wider than the multiplied ones: 1 / (2/3), the square of the factor.")
            caughtCount += 1
        }

        try r.step("shape-error") { s in
            var g = Xoshiro256StarStar(seed: r.seed &+ 1)
            let toy = Tensor.randn(1, 3, using: &g)
            let l1 = try lin(toy, divided.w1, divided.b1)
            let l2 = relu(l1)
            let l3 = try lin(l2, divided.w2, divided.b2)
            // numpy's mse_grad on a (1x1) prediction and 25 targets broadcasts to 25 rows.
            let predGrad = try (try (l3.squeezed() - y) * 2 / 1).reshaped(25, 1)
            s.tensor("toy x", toy, role: .input)
            s.tensor("l3", l3, role: .output)
            s.tensor("l3.grad (broadcast)", predGrad, role: .gradient)
            try s.caught("w2.grad = l2.T @ l3.grad", lesson: "pitfalls") {
                _ = try Tensor.matmul(l2, predGrad, transposeA: true)
            }
            s.note("The check: every matrix product names both shapes when they do not fit. The mistake happened three lines earlier, where a (1x1) prediction was compared with 25 targets.")
            caughtCount += 1
        }

        try r.step("broadcast") { s in
            let l3 = try divided.forward(x, y).l3
            let wrong = try l3 - y
            let right = try l3.squeezed(axis: 1) - y
            s.tensor("l3 - y (no squeeze)", wrong, role: .other)
            s.scalar("loss without squeeze", wrong.squared().mean())
            s.scalar("loss with squeeze", right.squared().mean())
            s.shapes("l3 (25x1) - y (25) -> (25x25): every prediction minus every target")
            try s.caught("mse(l3, y) with l3 broadcast", lesson: "pitfalls") {
                // Our mse squeezes only a trailing axis of size 1 and then insists on equal shapes:
                // handed the broadcast matrix, it refuses.
                _ = try mse(wrong, y)
            }
            s.note("The check: compare shapes before reducing. A mean over 625 differences instead of 25 still gives a plausible-looking number.")
            caughtCount += 1
        }

        try r.step("sigmoid-is-tanh") { s in
            let z = Tensor.linspace(-3, 3, count: 7)
            let logistic = try Sigmoid().forward(z)
            let tanh = try Tanh().forward(z)
            s.tensor("z", z, role: .input)
            s.tensor("sigmoid(z)", logistic, role: .activation)
            s.tensor("tanh(z) (the tutorial's \"Sigmoid\")", tanh, role: .activation)
            s.scalar("sigmoid(0)", logistic[3])
            s.scalar("\"Sigmoid\"(0)", tanh[3])
            // A layer that computes the logistic forward but uses tanh's derivative backward.
            let ones = Tensor.ones(7)
            let mixed = try ones * logistic.map { 1 - $0 * $0 }
            let numeric = try NumericalGradient.gradients(of: { p in
                try Sigmoid().forward(p["z"]).sum()
            }, at: ["z": z])["z"]
            let difference = try GradientDifference(mixed, numeric)
            s.tensor("logistic forward, 1 - s^2 backward", mixed, role: .gradient)
            s.tensor("numeric gradient of the logistic", numeric, role: .gradient)
            s.scalar("max relative difference", difference.maxRelative)
            s.note("The check: sigmoid(0) must be 0.5 (the tutorial's layer gives \(fmt(tanh[3]))), and a gradient check of a layer that mixes the two fails by \(fmt(difference.maxRelative, 3)) relative.")
            caughtCount += 1
        }

        try r.step("dropout-mask") { s in
            var g = Xoshiro256StarStar(seed: r.seed &+ 2)
            let inputs = Tensor.uniform(shape: [6, 4], low: 0, high: 1, using: &g)
            let targets = Tensor.uniform(shape: [6, 3], low: 0, high: 1, using: &g)
            let w = Tensor.uniform(shape: [4, 3], low: -1, high: 1, using: &g)
            let layer = WeightDropout(Linear(weight: w, bias: nil), probability: 0.25, generator: g)
            let out = try layer.forward(inputs)
            let loss = MSELoss(.halfSum)
            _ = try loss(out, targets)
            _ = try layer.backward(try loss.backward())
            let tutorialGrad = layer.parameters[0].grad!
            let dropped = layer.droppedWeight!
            let mask = dropped.map { $0 == 0 ? 0 : 1 }
            // The loss the forward pass really computed, as a function of w with this mask.
            let numeric = try NumericalGradient.gradients(of: { p in
                let masked = try p["w"] * mask
                return 0.5 * (try inputs.matmul(masked) - targets).squared().sum()
            }, at: ["w": w])["w"]
            let difference = try GradientDifference(tutorialGrad, numeric)
            s.tensor("w", w, role: .parameter)
            s.tensor("w with dropped weights", dropped, role: .parameter)
            s.tensor("w.grad (mask ignored)", tutorialGrad, role: .gradient)
            s.tensor("w.grad (numeric, same mask)", numeric, role: .gradient)
            s.scalar("weights dropped", Double(layer.droppedIndices.count))
            s.scalar("max absolute difference", difference.maxAbsolute)
            s.scalar("max relative difference", difference.maxRelative)
            s.note("The check: a gradient check with the mask held fixed. The backward pass that ignores the mask is off by up to \(fmt(difference.maxAbsolute, 3)) (relative \(fmt(difference.maxRelative, 3))): it reports gradients for weights that took no part, and uses undropped weights for the rest.")
            caughtCount += 1
        }

        try r.step("test-split") { s in
            // Tutorial 001 trains on MNIST's test images and reports accuracy on part of them.
            // Here the same mistake on the exam data: fit on all 25 students and score on them,
            // against fitting on 20 and scoring on the 5 it never saw.
            let epochs = 200, lr = 0.05
            var all = kaiming
            let allLosses = try all.train(x, y, epochs: epochs, learningRate: lr)
            let trainRows = Array(0..<20), heldOut = Array(20..<25)
            var fair = kaiming
            _ = try fair.train(x.rows(trainRows), y.rows(trainRows), epochs: epochs, learningRate: lr)
            let seenScore = try all.forward(x, y).loss
            let fairTrain = try fair.forward(x.rows(trainRows), y.rows(trainRows)).loss
            let fairTest = try fair.forward(x.rows(heldOut), y.rows(heldOut)).loss
            s.scalar("loss on the data it trained on (all 25)", seenScore)
            s.scalar("training loss (20 students)", fairTrain)
            s.scalar("held-out loss (5 students)", fairTest)
            s.scalar("rows shared by training and evaluation, tutorial's way", 25)
            s.scalar("rows shared, held-out way", Double(Set(trainRows).intersection(heldOut).count))
            s.chart(ChartRecord(name: "train-all", title: "Training on everything: the loss only ever looks good",
                                xLabel: "epoch", yLabel: "loss (MSE)", logScale: true,
                                series: [.init(name: "loss on the training rows", x: (1...epochs).map(Double.init), y: allLosses)]))
            s.note("The check: the evaluation rows must not overlap the training rows. Scored on what it trained on, the model reports \(fmt(seenScore)); on 5 unseen students it scores \(fmt(fairTest)).")
            caughtCount += 1
        }
        r.headline("mistakes caught", Double(caughtCount))
    }
}
