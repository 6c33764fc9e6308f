import Tensor

/// The synthetic regression data of tutorial 001.
///
/// Each point has x and y uniform in [0, 1) and the target f(x, y) = (x + 4)^3 + 4y plus normal
/// noise. The tutorial adds `np.random.randn(...) * 0.1`, so 0.1 is the noise's *standard
/// deviation* (variance 0.01). Targets therefore lie in about 64-129.
public struct SyntheticRegression: Sendable, Equatable {
    /// The inputs, shape (count x 2): column 0 is x, column 1 is y.
    public let inputs: Tensor
    /// The noisy targets, shape (count x 1).
    public let targets: Tensor

    /// The noise-free function the network should learn.
    public static func f(_ x: Double, _ y: Double) -> Double {
        (x + 4) * (x + 4) * (x + 4) + 4 * y
    }

    /// `count` points drawn from `generator` in the tutorial's order: all inputs first (x then y
    /// for each point), then one normal per point for the noise.
    public init(count: Int, noiseStandardDeviation: Double = 0.1, using generator: inout Xoshiro256StarStar) {
        var inputs: [Double] = []
        inputs.reserveCapacity(2 * count)
        for _ in 0..<count {
            inputs.append(generator.nextUniform())
            inputs.append(generator.nextUniform())
        }
        let targets = (0..<count).map { i in
            Self.f(inputs[2 * i], inputs[2 * i + 1])
        }.map { $0 + generator.nextNormal() * noiseStandardDeviation }
        self.inputs = try! Tensor(shape: [count, 2], scalars: inputs)
        self.targets = try! Tensor(shape: [count, 1], scalars: targets)
    }
}
