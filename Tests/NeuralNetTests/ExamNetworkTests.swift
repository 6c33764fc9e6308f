import NeuralNet
import Tensor
import XCTest

/// The 3-5-1 exam network of [000], written once as functions and once as modules.
final class ExamNetworkTests: XCTestCase {
    struct Setup {
        let x: Tensor, y: Tensor, w1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor
    }

    /// Scores in [0.4, 1) like the exams divided by 100, targets likewise; the tutorial's
    /// initialisation (randn divided by sqrt(2 / fan_in)), zero biases.
    func setup(seed: UInt64) -> Setup {
        var rng = Xoshiro256StarStar(seed: seed)
        let x = Tensor.uniform(shape: [25, 3], low: 0.4, high: 1, using: &rng)
        let y = Tensor.uniform(shape: [25], low: 0.4, high: 1, using: &rng)
        let w1 = Initializer.kaimingDivided.weights(fanIn: 3, fanOut: 5, using: &rng)
        let w2 = Initializer.kaimingDivided.weights(fanIn: 5, fanOut: 1, using: &rng)
        return Setup(x: x, y: y, w1: w1, b1: Initializer.bias(5), w2: w2, b2: Initializer.bias(1))
    }

    func testFunctionsAndModulesGiveIdenticalGradients() throws {
        for seed: UInt64 in [1, 2, 4] {  // seed 3 happens to start with every hidden unit dead
            let s = setup(seed: seed)

            // The function version, in the tutorial's order.
            let l1 = try lin(s.x, s.w1, s.b1)
            let l2 = relu(l1)
            let l3 = try lin(l2, s.w2, s.b2)
            let loss = try mse(l3, s.y)
            let l3Grad = try mseGrad(l3, s.y)
            let (l2Grad, w2Grad, b2Grad) = try linGrad(l2, s.w2, l3Grad)
            let l1Grad = try reluGrad(l1, l2Grad)
            let (xGrad, w1Grad, b1Grad) = try linGrad(s.x, s.w1, l1Grad)

            // The module version.
            let model = Sequential(Linear(weight: s.w1, bias: s.b1, suffix: "1"), ReLU(),
                                   Linear(weight: s.w2, bias: s.b2, suffix: "2"))
            let mseLoss = MSELoss(.mean)
            XCTAssertEqual(try mseLoss(model(s.x), s.y), loss)
            XCTAssertEqual(model.outputs, [l1, l2, l3])
            XCTAssertEqual(try model.backward(mseLoss.backward()), xGrad)
            XCTAssertEqual(model.outputGradients, [l1Grad, l2Grad, l3Grad])

            let grads = Dictionary(uniqueKeysWithValues: model.parameters.map { ($0.name, $0.grad!) })
            XCTAssertEqual(model.parameters.map(\.name), ["w1", "b1", "w2", "b2"])
            XCTAssertEqual(grads["w1"], w1Grad)
            XCTAssertEqual(grads["b1"], b1Grad)
            XCTAssertEqual(grads["w2"], w2Grad)
            XCTAssertEqual(grads["b2"], b2Grad)
            XCTAssertTrue(w1Grad.abs().max() > 0, "seed \(seed): the ReLU layer should pass some gradient")

            // One SGD step moves each parameter by exactly -lr * grad.
            let lr = 0.01
            let before = model.parameters.map(\.value)
            let sgd = SGD(parameters: model.parameters, learningRate: lr)
            try sgd.step()
            for (p, old) in zip(model.parameters, before) {
                XCTAssertEqual(p.value, try old - p.grad! * lr, p.name)
                XCTAssertNotEqual(p.value, old, p.name)
            }
            sgd.zeroGrad()
            XCTAssertTrue(model.parameters.allSatisfy { $0.grad == nil })
        }
    }

    func testGradientsAccumulateUntilZeroed() throws {
        let s = setup(seed: 4)
        let model = Sequential(Linear(weight: s.w1, bias: s.b1, suffix: "1"), ReLU(),
                               Linear(weight: s.w2, bias: s.b2, suffix: "2"))
        let loss = MSELoss()
        for _ in 0..<2 {
            _ = try loss(model(s.x), s.y)
            _ = try model.backward(loss.backward())
        }
        let doubled = model.parameters.map { $0.grad! }
        model.zeroGrad()
        _ = try loss(model(s.x), s.y)
        _ = try model.backward(loss.backward())
        for (p, twice) in zip(model.parameters, doubled) {
            XCTAssertEqual(twice, try p.grad! + p.grad!, p.name)
        }
    }

    /// [000]'s closing mistake: backward after a forward on a different batch size.
    func testShapeErrorNamesBothShapes() throws {
        let s = setup(seed: 5)
        let model = Sequential(Linear(weight: s.w1, bias: s.b1, suffix: "1"), ReLU(),
                               Linear(weight: s.w2, bias: s.b2, suffix: "2"))
        _ = try model(s.x.rows(0..<1))
        let loss = MSELoss()
        XCTAssertThrowsError(try loss(model.outputs[2], s.y)) { error in
            XCTAssertEqual("\(error)",
                           "squared error: (1x1) - (25): prediction and target must have the same shape once a trailing axis of size 1 is dropped")
        }
    }

    /// Full-batch descent as in [000] lowers the loss.
    func testTrainingLowersTheLoss() throws {
        let s = setup(seed: 6)
        var rng = Xoshiro256StarStar(seed: 6)
        let model = Sequential(Linear(weight: s.w1, bias: s.b1, suffix: "1"), ReLU(),
                               Linear(weight: s.w2, bias: s.b2, suffix: "2"))
        let trainer = Trainer(model: model, loss: MSELoss(), learningRate: 0.01)
        var steps = [TrainingStep]()
        let epochs = try trainer.train(inputs: s.x, targets: s.y, epochs: 30, using: &rng) { steps.append($0) }
        XCTAssertEqual(epochs.count, 30)
        XCTAssertEqual(steps.map(\.step), Array(1...30))
        XCTAssertEqual(steps.map(\.loss), epochs.map(\.loss))
        XCTAssertLessThan(epochs.last!.loss, epochs.first!.loss / 10)
    }
}
