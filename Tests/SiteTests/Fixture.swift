import Foundation
import LessonRecords
@testable import Site

/// A synthetic lesson that uses every record type, so the renderers are exercised end to end
/// before real lessons exist.
enum Fixture {
    /// Mirrors `TensorRecord`'s coding keys: the record has no public memberwise initialiser.
    private struct TensorJSON: Encodable {
        var name: String
        var role: String
        var shape: [Int]
        var values: [Double]?
        var stats: TensorStats
        var preview: PreviewJSON?
        var rowLabels: [String]?
        var columnLabels: [String]?
    }
    private struct PreviewJSON: Encodable {
        var rows: Int
        var columns: Int
        var values: [Double]
    }

    static func tensor(_ name: String, role: TensorRecord.Role, shape: [Int], values: [Double]?,
                       preview: (Int, Int, [Double])? = nil, rowLabels: [String]? = nil,
                       columnLabels: [String]? = nil, stats: [Double]? = nil) -> TensorRecord {
        let json = TensorJSON(name: name, role: role.rawValue, shape: shape, values: values,
                              stats: TensorStats(stats ?? values ?? preview?.2 ?? []),
                              preview: preview.map { PreviewJSON(rows: $0.0, columns: $0.1, values: $0.2) },
                              rowLabels: rowLabels, columnLabels: columnLabels)
        let data = try! JSONEncoder().encode(json)
        return try! JSONDecoder().decode(TensorRecord.self, from: data)
    }

    /// A deterministic pseudo-random sequence in [-1, 1).
    static func wave(_ count: Int, seed: Double = 1) -> [Double] {
        (0..<count).map { (i: Int) -> Double in
            let t = Double(i)
            let a: Double = sin(t * 0.37 * seed + seed)
            let b: Double = cos(t * 0.11 + 0.5 * seed)
            return a * b
        }
    }

    /// A 28x28 "digit": a ring, like a zero.
    static func digitPixels(shift: Int = 0) -> [UInt8] {
        (0..<784).map { i in
            let r = Double(i / 28) - 13.5, c = Double(i % 28) - 13.5 - Double(shift)
            let d = (r * r / 1.6 + c * c).squareRoot()
            return d > 6 && d < 9.5 ? UInt8(min(255, 120 + Int(abs(9.5 - d) * 40))) : 0
        }
    }

    static func digit(label: String, prediction: String?) -> ImageRecord {
        ImageRecord(width: 28, height: 28, channels: 1, pixels: digitPixels(shift: Int(label) ?? 0 % 3),
                    label: label, prediction: prediction, caption: "handwritten \(label)" + (prediction.map { ", predicted \($0)" } ?? ""))
    }

    static func network(phase: StepRecord.Phase) -> NetworkState {
        var x = NetworkState.Layer(name: "x", units: 3)
        x.values = [0.72, 0.91, 0.55]
        x.valueKind = "activation"
        var l1 = NetworkState.Layer(name: "l2", units: 5)
        l1.values = phase == .backward ? [0.012, -0.03, 0, 0.051, -0.007] : [0.84, 0, 1.27, 0.08, 0]
        l1.valueKind = phase == .backward ? "gradient" : "activation"
        l1.bias = [0.01, -0.02, 0, 0.03, -0.01]
        l1.weights = wave(15, seed: 2)
        if phase == .backward { l1.weightGradients = wave(15, seed: 3).map { $0 * 0.1 } }
        if phase == .update {
            l1.weightsAfter = wave(15, seed: 2).map { $0 * 0.9 + 0.02 }
            l1.biasAfter = [0.008, -0.021, 0, 0.034, -0.01]
        }
        var out = NetworkState.Layer(name: "l3", units: 1)
        out.values = [phase == .backward ? -0.41 : 0.63]
        out.valueKind = phase == .backward ? "gradient" : "activation"
        out.bias = [0.05]
        out.weights = [0.9, -1.3, 0.4, 0.7, -0.2]
        if phase == .update { out.weightsAfter = [0.88, -1.25, 0.41, 0.69, -0.18] }
        return NetworkState(name: "3-5-1 network", sample: 0, activeLayer: phase == .backward ? 1 : 2, layers: [x, l1, out])
    }

    static func mnistNetwork() -> NetworkState {
        var input = NetworkState.Layer(name: "x", units: 784)
        input.image = digit(label: "0", prediction: nil)
        var hidden = NetworkState.Layer(name: "z1", units: 15)
        hidden.values = wave(15, seed: 5)
        hidden.valueKind = "activation"
        hidden.bias = wave(15, seed: 6).map { $0 * 0.1 }
        var output = NetworkState.Layer(name: "z2", units: 10)
        output.values = [0.02, 0.01, 0.05, 0.03, 0.01, 0.02, 0.78, 0.01, 0.05, 0.02]
        output.valueKind = "activation"
        output.weights = wave(150, seed: 7)
        return NetworkState(name: "784-15-10 network", sample: 3, activeLayer: 2, layers: [input, hidden, output])
    }

    static func accuracy(_ i: Int) -> Double {
        let t = Double(i)
        let rise: Double = 0.9 * exp(-t / 800)
        return 1 - rise - 0.02 * sin(t)
    }

    static func record() -> LessonRecord {
        var record = LessonRecord(id: "fixture-lesson", title: "Every record type <script>alert(1)</script>",
                                  summary: "A synthetic lesson: charts, diagrams, tensors & images.",
                                  track: .core, order: 1, seed: 42, profile: .quick,
                                  headline: Headline(label: "final loss", value: 0.0040123))

        var data = StepRecord(id: "data", title: "The data", phase: .data)
        data.shapeEquations = ["x (25x3), y (25)"]
        data.tensors = [tensor("x", role: .input, shape: [4, 3], values: wave(12, seed: 1).map { abs($0) })]
        data.scalars = [ScalarRecord(name: "learning rate", value: 0.01)]
        data.tables = [TableRecord(name: "dims", title: "Dimensions <b>bold?</b>", header: ["name", "shape"],
                                   rows: [["N", "25"], ["D", "3"]])]
        data.notes = ["Inputs are divided by 100 & targets by 200."]

        var forward = StepRecord(id: "forward", title: "Forward pass", phase: .forward)
        forward.shapeEquations = ["x (25x3) @ w1 (3x5) + b1 (5) -> l1 (25x5)"]
        forward.tensors = [
            tensor("w1", role: .parameter, shape: [3, 5], values: wave(15, seed: 2)),
            tensor("l1", role: .activation, shape: [40, 30], values: wave(1200, seed: 4)),
            tensor("w_big", role: .parameter, shape: [784, 50], values: nil,
                   preview: (64, 50, wave(3200, seed: 8)), stats: wave(100, seed: 8)),
            tensor("loss", role: .loss, shape: [], values: [5.9512]),
        ]
        forward.networks = [network(phase: .forward)]
        forward.timings = [Timing(name: "forward", seconds: 0.127)]

        var backward = StepRecord(id: "backward", title: "Backward pass", phase: .backward)
        backward.networks = [network(phase: .backward)]
        backward.graphs = [ComputationGraph(name: "chain", nodes: [
            .init(id: "x0", label: "X0", shape: [25, 3], value: 0.72),
            .init(id: "w1", label: "W1", shape: [3, 5], value: 0.31, gradient: 0.012, gradientName: "dW1"),
            .init(id: "z1", label: "Z1 = X0 W1", shape: [25, 5], value: 0.84, gradient: -0.03, gradientName: "dZ1"),
            .init(id: "x1", label: "X1 = relu(Z1)", shape: [25, 5], value: 0.84, gradient: -0.03, gradientName: "dX1"),
            .init(id: "loss", label: "L = mse(X1 W2, y)", shape: [], value: 5.95, gradient: 1, gradientName: "dL"),
        ], edges: [["x0", "z1"], ["w1", "z1"], ["z1", "x1"], ["x1", "loss"]])]
        backward.tensors = [tensor("w1.grad", role: .gradient, shape: [3, 5], values: wave(15, seed: 3).map { $0 * 0.1 })]
        backward.tape = tape()

        var update = StepRecord(id: "update", title: "One SGD step", phase: .update)
        update.networks = [network(phase: .update)]
        update.tensors = [tensor("w1", role: .parameter, shape: [3, 5], values: wave(15, seed: 2).map { $0 * 0.9 })]

        var training = StepRecord(id: "training", title: "Training", phase: .update)
        let epochs: [Double] = (1...30).map(Double.init)
        let trainLoss: [Double] = epochs.map { (e: Double) -> Double in 36.05 * exp(-0.3 * e) + 0.003 }
        let valLoss: [Double] = epochs.map { (e: Double) -> Double in 40 * exp(-0.27 * e) + 0.01 }
        training.charts = [ChartRecord(name: "loss", title: "Loss per epoch", xLabel: "epoch", yLabel: "loss", logScale: true,
                                       series: [.init(name: "train_loss", x: epochs, y: trainLoss),
                                                .init(name: "val_loss", x: epochs, y: valLoss)],
                                       marker: 3),
                           ChartRecord(name: "accuracy", title: "Accuracy over 5000 iterations", xLabel: "iteration", yLabel: "accuracy",
                                       series: [.init(name: "train_accuracy", x: (0..<5000).map(Double.init),
                                                      y: (0..<5000).map(accuracy))])]

        var results = StepRecord(id: "results", title: "Results", phase: .check)
        results.images = [ImageGrid(name: "digits", title: "Test digits with predictions", columns: 4, images: [
            digit(label: "0", prediction: "0"), digit(label: "1", prediction: "1 (0.62) 7 (0.30)"),
            digit(label: "2", prediction: "7"), digit(label: "3", prediction: "3"),
        ])]
        var confusion: [Double] = (0..<100).map { (i: Int) -> Double in
            if i / 10 == i % 10 { return 180 + Double(i % 7) }
            return Double((i * 7) % 5)
        }
        confusion[12] = 14
        results.tensors = [tensor("confusion", role: .metric, shape: [10, 10], values: confusion,
                                  rowLabels: (0..<10).map(String.init), columnLabels: (0..<10).map(String.init))]
        results.checks = [GradientCheckTable(name: "gradient check", h: 1e-5, tolerance: 1e-3, rows: [
            .init(parameter: "w1", shape: [3, 5], manualVsAutogradAbs: 0, manualVsAutogradRel: 0, manualVsNumericAbs: 2.1e-10,
                  manualVsNumericRel: 3.4e-9, autogradVsNumericAbs: 2.1e-10, autogradVsNumericRel: 3.4e-9, worstIndex: 7, kinks: 0, passed: true),
            .init(parameter: "b1", shape: [5], manualVsAutogradAbs: 0.2, manualVsAutogradRel: 0.5, manualVsNumericAbs: 0.2,
                  manualVsNumericRel: 0.5, autogradVsNumericAbs: 1e-11, autogradVsNumericRel: 1e-10, worstIndex: 2, kinks: 1, passed: false),
        ])]
        results.networks = [mnistNetwork()]

        var mistake = StepRecord(id: "mistake", title: "A shape mistake", phase: .forward)
        mistake.errors = [CaughtError(code: "model(xToy) // 1x3 <not> 25x3", message: "matmul: shapes (1x3) and (5x1) do not match: inner dimensions 3 != 5")]

        record.steps = [data, forward, backward, update, training, results, mistake]
        return record
    }

    static let proseText = """
    The course starts with *one neuron*: $z = w_1 x_1 + w_2 x_2 + b$, then ReLU.

    # Why this matters

    A raw <script>alert("x")</script> tag is dropped.

    ## The data {#data}

    | symbol | meaning |
    |--------|---------|
    | $N$ | rows |
    | $D$ | features |

    ## Forward {#forward}

    $$\\mathrm{lin}(x, w, b) = x w + b, \\qquad \\mathrm{mse} = \\frac{1}{N} \\sum_{i=1}^{N} (\\hat{y}_i - y_i)^2$$

    The snake_case_name stays, and so does `a_b * c_d`.

    ## Backward {#backward}

    The gradient $\\frac{\\partial L}{\\partial W_1} = X_0^\\top \\bar{Z}_1$ has the shape of $W_1$.

    ### A detail

    $$\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix} \\cdot \\mathbf{x}$$

    ## Update {#update}

    $w \\leftarrow w - \\eta \\, \\nabla_w L$ with $\\eta = 0.01$ (it costs $5 and $10).

    ## Training {#training}

    The loss falls by a factor of $\\sqrt{1000}$ or so.

    ## Results {#results}

    Digits and a confusion matrix.

    ## A mistake {#mistake}

    Calling the model on the toy input fails.
    """

    static func prose() -> LessonProse {
        try! LessonProse.parse(proseText, file: "lessons/01-fixture-lesson.md")
    }

    static func assets() -> SiteAssets {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let css = (try? String(contentsOf: root.appendingPathComponent("assets/style.css"), encoding: .utf8)) ?? "/* missing */"
        let js = (try? String(contentsOf: root.appendingPathComponent("assets/stepper.js"), encoding: .utf8)) ?? "// missing"
        return SiteAssets(css: css, js: js)
    }

    /// A second, minimal lesson per other track, so the index shows all three sections.
    static func others() -> [LessonRecord] {
        var applied = LessonRecord(id: "mnist-softmax", title: "MNIST with softmax cross-entropy",
                                   summary: "784-100-200-10 on 50000 digits.", track: .applied, order: 1, seed: 7, profile: .full,
                                   headline: Headline(label: "validation accuracy", value: 0.9819, format: .percent))
        var step = StepRecord(id: "net", title: "The network", phase: .forward)
        step.networks = [mnistNetwork()]
        applied.steps = [step]
        var pitfall = LessonRecord(id: "dead-relu", title: "A dead output unit", summary: "ReLU on the output predicts 0.",
                                   track: .pitfalls, order: 1, seed: 3, profile: .full)
        var graphStep = StepRecord(id: "graph", title: "Graph", phase: .backward)
        graphStep.graphs = fixtureGraph()
        pitfall.steps = [graphStep]
        return [pitfall, applied]
    }

    static func fixtureGraph() -> [ComputationGraph] {
        record().steps[2].graphs
    }
}
