import NeuralNet
import Tensor
import LessonRecords

extension Catalog {
    /// The tutorials' mistakes, and two easy ones they avoid, each reproduced in a few lines and
    /// caught by evidence the lesson computes.
    static let pitfalls = Lesson(
        id: "pitfalls", number: 13, title: "A gallery of mistakes",
        summary: "Nine mistakes from the source tutorials and two they avoid, each reproduced and caught by a check.",
        track: .pitfalls,
        steps: [
            Step("divided-init", "Kaiming, divided instead of multiplied", phase: .check,
                 code: [.source("Lessons/Core/ExamNetwork", "ExamNetwork.init(seed:scaling:)")]),
            Step("shape-error", "A 1x3 toy input where 25x3 data belonged", phase: .check,
                 code: [CodeReference(file000, "code:toy-input")]),
            Step("global-lr", "A model that steps with the global learning rate", phase: .check,
                 code: [.source("Lessons/Pitfalls/TutorialModel", "TutorialModel.backward"),
                        CodeReference(file000, "code:two-models")]),
            Step("test-split", "Training on the test file", phase: .check,
                 code: [CodeReference(file001, "code:test-file")]),
            Step("relu-output", "A ReLU on the regression output", phase: .check,
                 code: [CodeReference(file001, "code:tutorial-loop")]),
            Step("sigmoid-is-tanh", "A \"Sigmoid\" that is tanh", phase: .check,
                 code: [.source("NeuralNet/Activations", "Sigmoid"), .source("NeuralNet/Activations", "Tanh")]),
            Step("softmax-overflow", "Cross-entropy that overflows above 709", phase: .check,
                 code: [.source("Lessons/Pitfalls/TutorialCrossEntropy", "tutorialCrossEntropy"),
                        .source("NeuralNet/SoftmaxCrossEntropy", "SoftmaxCrossEntropy.forward")]),
            Step("dropout-mask", "Dropout forgotten in the backward pass", phase: .check,
                 code: [.source("NeuralNet/Dropout", "WeightDropout.backward")]),
            Step("stale-loss", "A loss computed from the wrong variable", phase: .check,
                 code: [CodeReference(file004, "code:stale-loss")]),
            Step("broadcast", "(N x 1) - (N) is an N x N matrix", phase: .check,
                 code: [.source("NeuralNet/Functions", "mse")]),
            Step("unzeroed-grad", "Gradients nobody zeroes", phase: .check,
                 code: [CodeReference(fileOurs, "code:two-backward-calls"),
                        .source("NeuralNet/Module", "Parameter.accumulate")]),
        ]
    ) { r in
        try PitfallsLesson(r).run()
    }

    private static let file000 = "Sources/Lessons/Pitfalls/Pitfalls000.swift"
    private static let file001 = "Sources/Lessons/Pitfalls/Pitfalls001.swift"
    private static let file004 = "Sources/Lessons/Pitfalls/Pitfalls004.swift"
    private static let fileOurs = "Sources/Lessons/Pitfalls/PitfallsOurs.swift"
}

/// The run of `pitfalls`: one method per step (in files by tutorial), each recording its
/// evidence and returning whether that evidence shows the mistake.
struct PitfallsLesson {
    let r: Recorder
    /// The exam data of tutorial 000: inputs (25x3) and targets (25).
    let x: Tensor, y: Tensor
    /// Tutorial 000's network as it draws it (divided) and as Kaiming meant it, same draws.
    let divided: ExamNetwork, kaiming: ExamNetwork

    init(_ r: Recorder) throws {
        self.r = r
        let data = try ExamData(r.configuration)
        (x, y) = (data.x, data.y)
        divided = ExamNetwork(seed: r.seed, scaling: .tutorial)
        kaiming = ExamNetwork(seed: r.seed, scaling: .kaiming)
    }

    /// A step's body: it records the evidence and says whether the evidence shows the mistake.
    typealias Check = (inout StepRecord) throws -> Bool

    func run() throws {
        let checks: [(String, Check)] = [
            ("divided-init", dividedInit), ("shape-error", shapeError), ("global-lr", globalLearningRate),
            ("test-split", testFile), ("relu-output", reluOutput),
            ("sigmoid-is-tanh", sigmoidIsTanh), ("softmax-overflow", softmaxOverflow),
            ("dropout-mask", dropoutMask), ("stale-loss", staleLoss),
            ("broadcast", broadcast), ("unzeroed-grad", unzeroedGradients),
        ]
        var shown = 0
        for (id, check) in checks {
            try r.step(id) { s in
                let fired = try check(&s)
                // Recorded per step, so that the headline can be checked against the evidence.
                s.scalar("mistake shown", fired ? 1 : 0)
                if fired { shown += 1 }
            }
        }
        // Only the checks whose evidence showed the mistake count: a seed on which one does not
        // show lowers the number instead of claiming it.
        r.headline("mistakes whose check showed them in this run", Double(shown))
    }
}
