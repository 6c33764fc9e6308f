import Foundation
import NeuralNet
import Tensor
import LessonRecords

/// The sgd-step lesson's run, frame by frame: after each epoch, the network, its predictions
/// and its loss, for the page to scrub through.
enum TrainingFrames {
    /// Frames 0 (the start) to `epochs`, each the state after that many full-batch steps.
    static func record(start: ExamNetwork, x: Tensor, y: Tensor, epochs: Int, learningRate lr: Double) throws -> ScrubberRecord {
        var net = start
        var frames = [ScrubberRecord.Frame]()
        for epoch in 0...epochs {
            let f = try net.forward(x, y)
            frames.append(.init(value: Double(epoch), loss: f.loss, predictions: f.l3.scalars,
                                network: net.state(name: "epoch \(epoch)", x: x, forward: f, activeLayer: nil)))
            if epoch < epochs { try net.step(try net.backward(x, y, f), learningRate: lr) }
        }
        let strip = stride(from: 0, through: epochs, by: Swift.max(1, epochs / 3)).map { $0 }
        return ScrubberRecord(
            name: "training", title: "Thirty epochs of gradient descent, one frame per update", label: "after update",
            losses: .init(name: "loss", x: frames.map(\.value), y: frames.map(\.loss)), targets: y.scalars,
            frames: frames, strip: strip.last == epochs ? strip : strip + [epochs])
    }
}

/// The gradient as the slope of the loss: along one weight, and along the direction SGD moves.
struct SlopeCharts {
    let net: ExamNetwork
    let x: Tensor, y: Tensor
    let gradients: ExamNetwork.Gradients
    let learningRate: Double

    /// How many points on each side of the current value.
    static let half = 10

    func record(into s: inout StepRecord) throws {
        // a weight into the output from a hidden unit that is on for some student: its gradient is not 0
        let j = try net.forward(x, y).firstLiveUnit ?? 0
        let w = net.w2[j, 0], slope = gradients.w2[j, 0]
        let width = Swift.max(0.5, Swift.abs(w))
        let ts = (-Self.half...Self.half).map { Double($0) / Double(Self.half) * width }
        var along = [Double]()
        for t in ts {
            var moved = net
            moved.w2 = try Self.replacing(net.w2, row: j, with: w + t)
            along.append(try moved.forward(x, y).loss)
        }
        let here = try net.forward(x, y).loss
        s.scalar("chosen unit", Double(j))
        s.scalar("w2[j, 0]", w)
        s.scalar("w2.grad[j, 0]", slope)
        s.chart(ChartRecord(
            name: "along-w2", title: "The loss as w2[\(j), 0] alone moves, and the tangent whose slope is w2.grad[\(j), 0]",
            xLabel: "w2[\(j), 0]", yLabel: "loss",
            series: [.init(name: "loss", x: ts.map { w + $0 }, y: along),
                     .init(name: "tangent, slope \(fmt(slope, 4))", x: ts.map { w + $0 }, y: ts.map { here + slope * $0 })],
            marker: w))
        // Along the update: every parameter moves by -t * grad; t = lr is the SGD step.
        let squared = [gradients.w1, gradients.b1, gradients.w2, gradients.b2].map { $0.squared().sum() }.reduce(0, +)
        let steps = (-Self.half...Self.half).map { Double($0) / Double(Self.half) * 2 * learningRate }
        var down = [Double]()
        for t in steps {
            var moved = net
            try moved.step(gradients, learningRate: t)
            down.append(try moved.forward(x, y).loss)
        }
        s.scalar("squared gradient norm", squared)
        s.scalar("loss after the SGD step", down[Self.half + Self.half / 2])
        s.chart(ChartRecord(
            name: "along-gradient", title: "The loss along the step direction, every parameter moved by -t × its gradient; the SGD step is t = lr",
            xLabel: "t", yLabel: "loss",
            series: [.init(name: "loss", x: steps, y: down),
                     .init(name: "tangent, slope -|grad|²", x: steps, y: steps.map { here - squared * $0 })],
            marker: learningRate))
    }
}

extension SlopeCharts {
    /// `w` (n x 1) with row `row` set to `value`.
    static func replacing(_ w: Tensor, row: Int, with value: Double) throws -> Tensor {
        var scalars = w.scalars
        scalars[row] = value
        return try Tensor(shape: w.shape, scalars: scalars)
    }
}

/// The same 30 epochs at several learning rates, through the modules' Trainer, which stops a
/// run whose numbers are no longer finite.
enum LearningRateSweep {
    static let rates = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 3e-1, 1, 3, 10]

    static func record(into s: inout StepRecord, start: ExamNetwork, x: Tensor, y: Tensor, epochs: Int) throws {
        var finished = [(Double, Double)](), rows = [[String]]()
        var diverged = 0, stopped = 0
        let startLoss = try start.forward(x, y).loss
        for lr in rates {
            let model = Sequential(Linear(weight: start.w1, bias: start.b1, suffix: "1"), ReLU(),
                                   Linear(weight: start.w2, bias: start.b2, suffix: "2"))
            let trainer = Trainer(model: model, loss: MSELoss(.mean), learningRate: lr)
            var generator = Xoshiro256StarStar(seed: 0)
            // the 30th epoch's loss, measured before its update, as the lesson's chart shows it
            let outcome: Result<Double, TrainingError>
            do {
                outcome = .success(try trainer.train(inputs: x, targets: y, epochs: epochs, using: &generator).last!.loss)
            } catch {
                outcome = .failure(error)
            }
            switch outcome {
            case .success(let final):
                finished.append((lr, final))
                let grew = final > startLoss
                if grew { diverged += 1 }
                rows.append([fmt(lr), fmt(final), grew ? "diverged: above the starting loss; every number stayed finite, so the Trainer went on" : ""])
                s.scalar("loss after 30 epochs at lr \(fmt(lr))", final)
            case .failure(.nonFinite(let step, _, let tensor, _)):
                diverged += 1
                stopped += 1
                rows.append([fmt(lr), "", "diverged: the Trainer stopped it at step \(step) (\(tensor) not finite)"])
                s.scalar("diverged at step, lr \(fmt(lr))", Double(step))
            case .failure(let other):
                throw other
            }
        }
        s.scalar("learning rates", Double(rates.count))
        s.scalar("diverged runs", Double(diverged))
        s.scalar("runs the Trainer stopped", Double(stopped))
        s.scalar("starting loss", startLoss)
        s.chart(ChartRecord(
            name: "sweep", title: "Loss after 30 epochs against the learning rate (a run the Trainer stopped has no point: see the table)",
            xLabel: "log10 of the learning rate", yLabel: "loss after 30 epochs", logScale: true,
            series: [.init(name: "loss after 30 epochs", x: finished.map { Foundation.log10($0.0) }, y: finished.map(\.1))]))
        s.tables.append(TableRecord(name: "sweep", title: "Each learning rate: the loss after 30 epochs, or where the Trainer stopped it",
                                    header: ["lr", "loss after 30 epochs", "verdict"], rows: rows))
    }
}
