import Tensor

/// One optimisation step as reported to a training callback.
public struct TrainingStep: Sendable, Equatable {
    /// The epoch, from 1.
    public let epoch: Int
    /// The step counted over the whole run, from 1.
    public let step: Int
    /// The batch within the epoch, from 1.
    public let batch: Int
    /// The loss of the batch before the update.
    public let loss: Double
}

/// One finished epoch as reported to a training callback.
public struct EpochSummary: Sendable, Equatable {
    /// The epoch, from 1.
    public let epoch: Int
    /// The mean of the epoch's batch losses (for a full batch, the loss itself).
    public let loss: Double
    /// The number of steps taken in the epoch.
    public let steps: Int
}

/// Why training stopped early.
public enum TrainingError: Error, Equatable, CustomStringConvertible {
    /// A tensor operation refused its shapes.
    case shape(ShapeError)
    /// A number became NaN or infinite. `tensor` names the first one found, in the order the
    /// step made them: the layer outputs, the loss, the parameter gradients, the updated
    /// parameters (e.g. `layer 2 (Linear) output`, `loss`, `w1.grad`, `w1`).
    case nonFinite(step: Int, epoch: Int, tensor: String, loss: Double)

    public var description: String {
        switch self {
        case let .shape(error):
            return error.description
        case let .nonFinite(step, epoch, tensor, loss) where tensor == "loss":
            return "training stopped at step \(step) (epoch \(epoch)): the loss is \(loss)"
        case let .nonFinite(step, epoch, tensor, loss):
            return "training stopped at step \(step) (epoch \(epoch)): \(tensor) is not finite (loss \(loss))"
        }
    }
}

/// Trains a `Sequential` network with SGD on a fixed data set, reporting every step and epoch.
///
/// After every step it checks that nothing has become NaN or infinite, and stops with a
/// `TrainingError.nonFinite` naming the step and the first bad tensor, rather than training on
/// numbers that no longer mean anything.
///
/// Every step runs the modules themselves: `model.forward`, `loss.forward`, `loss.backward`,
/// `model.backward`, `optimizer.step()`. (The fused engine of the big MNIST run is a separate
/// target, `DenseEngine`, which a lesson calls by name.)
public final class Trainer {
    /// The network trained.
    public let model: Sequential
    /// The loss minimised.
    public let loss: any Loss
    /// The optimiser; its parameters are the ones checked for non-finite values.
    public let optimizer: SGD
    /// Steps taken so far over all calls to `train` and `step`.
    public private(set) var stepsTaken = 0

    /// A trainer stepping `optimizer` on `loss` of `model`.
    public init(model: Sequential, loss: any Loss, optimizer: SGD) {
        self.model = model
        self.loss = loss
        self.optimizer = optimizer
    }

    /// A trainer updating all of `model`'s parameters with learning rate `learningRate`.
    public convenience init(model: Sequential, loss: any Loss, learningRate: Double) {
        self.init(model: model, loss: loss, optimizer: SGD(parameters: model.parameters, learningRate: learningRate))
    }

    /// Runs `epochs` epochs over `inputs` and `targets` (matched by row), batching as
    /// `sampling` says with indices drawn from `generator`. `onStep` hears every step and
    /// `onEpoch` every epoch; the summaries are also returned.
    public func train(
        inputs: Tensor, targets: Tensor, epochs: Int, sampling: BatchSampling = .fullBatch,
        using generator: inout Xoshiro256StarStar,
        onStep: (TrainingStep) -> Void = { _ in },
        onEpoch: (EpochSummary) -> Void = { _ in }
    ) throws(TrainingError) -> [EpochSummary] {
        guard inputs.rank >= 1, targets.rank >= 1, inputs.shape[0] == targets.shape[0] else {
            throw .shape(ShapeError(operation: "train", shapes: [inputs.shape, targets.shape],
                                    reason: "inputs and targets need the same number of rows"))
        }
        model.setTraining(true)
        // A full batch in order is the data itself: no gathering copy.
        let whole = sampling == .fullBatch
        var summaries = [EpochSummary]()
        for epoch in stride(from: 1, through: epochs, by: 1) {
            var total = 0.0
            let batches = sampling.batches(count: inputs.shape[0], using: &generator)
            for (index, rows) in batches.enumerated() {
                let value = try step(inputs: whole ? inputs : inputs.rows(rows),
                                     targets: whole ? targets : targets.rows(rows), epoch: epoch)
                total += value
                onStep(TrainingStep(epoch: epoch, step: stepsTaken, batch: index + 1, loss: value))
            }
            let summary = EpochSummary(epoch: epoch, loss: total / Double(batches.count), steps: batches.count)
            summaries.append(summary)
            onEpoch(summary)
        }
        return summaries
    }

    /// One step on one batch: forward, loss, backward, update. Returns the loss before the
    /// update, and throws if anything became non-finite.
    @discardableResult
    public func step(inputs: Tensor, targets: Tensor, epoch: Int = 1) throws(TrainingError) -> Double {
        stepsTaken += 1
        func stop(_ tensor: String, _ value: Double) -> TrainingError {
            .nonFinite(step: stepsTaken, epoch: epoch, tensor: tensor, loss: value)
        }
        do {
            optimizer.zeroGrad()
            let prediction = try model.forward(inputs)
            let value = try loss.forward(prediction, targets)
            if let bad = model.outputs.indices.first(where: { !model.outputs[$0].isFinite }) {
                throw stop("layer \(bad + 1) (\(type(of: model.layers[bad]))) output", value)
            }
            guard value.isFinite else { throw stop("loss", value) }

            _ = try model.backward(loss.backward())
            if let bad = optimizer.parameters.first(where: { !($0.grad?.isFinite ?? true) }) {
                throw stop("\(bad.name).grad", value)
            }
            try optimizer.step()
            if let bad = optimizer.parameters.first(where: { !$0.value.isFinite }) {
                throw stop(bad.name, value)
            }
            return value
        } catch let error as TrainingError {
            throw error
        } catch let error as ShapeError {
            throw .shape(error)
        } catch {
            preconditionFailure("unexpected error \(error)")
        }
    }
}
