import Foundation

/// Everything a lesson showed a learner, as numbers: the contract between a lesson run, its
/// committed snapshot and the page that presents it. Written as JSON by `RecordJSON`.
public struct LessonRecord: Codable, Sendable, Equatable {
    /// The lesson's id, e.g. `manual-backward`.
    public var id: String
    public var title: String
    /// One line for the course index.
    public var summary: String
    public var track: Track
    /// Position in the course; lessons are listed by track, then by order.
    public var order: Int
    public var seed: UInt64
    public var profile: Profile
    /// The figure the index shows on the lesson's card (final loss, accuracy...).
    public var headline: Headline?
    public var steps: [StepRecord]

    public init(id: String, title: String, summary: String, track: Track, order: Int, seed: UInt64,
                profile: Profile, headline: Headline? = nil, steps: [StepRecord] = []) {
        self.id = id
        self.title = title
        self.summary = summary
        self.track = track
        self.order = order
        self.seed = seed
        self.profile = profile
        self.headline = headline
        self.steps = steps
    }
}

/// Where a lesson sits in the course.
public enum Track: String, Codable, Sendable, CaseIterable {
    /// The path from one neuron to the autograd check, on the exam network.
    case core
    /// One lesson per source tutorial, on real data.
    case applied
    /// The tutorials' mistakes, reproduced and caught.
    case pitfalls
}

/// How much work a lesson does: `full` for the site, `quick` (same code, less data or fewer
/// epochs) for tests in a debug build.
public enum Profile: String, Codable, Sendable, CaseIterable {
    case quick
    case full
}

/// The one figure that sums up a lesson on its index card.
public struct Headline: Codable, Sendable, Equatable {
    public var label: String
    public var value: Double
    /// `percent` shows 0.9819 as 98.19 %; `number` as it is.
    public var format: Format
    public enum Format: String, Codable, Sendable { case number, percent }
    public init(label: String, value: Double, format: Format = .number) {
        self.label = label
        self.value = value
        self.format = format
    }
}

/// One step of a lesson: what it computed, in the order a learner should see it.
public struct StepRecord: Codable, Sendable, Equatable {
    /// Unique within the lesson; the prose names it and the page uses it as the URL fragment.
    public var id: String
    public var title: String
    /// The state of the network the step's diagram draws.
    public var phase: Phase
    /// The source code the step shows (declared with the step, read from the file at build time).
    public var code: [CodeReference] = []
    /// Shape bookkeeping, e.g. `x (25x3) @ w1 (3x5) + b1 (5) -> l1 (25x5)`.
    public var shapeEquations: [String] = []
    public var tensors: [TensorRecord] = []
    public var scalars: [ScalarRecord] = []
    public var charts: [ChartRecord] = []
    public var images: [ImageGrid] = []
    public var networks: [NetworkState] = []
    public var graphs: [ComputationGraph] = []
    public var checks: [GradientCheckTable] = []
    public var tables: [TableRecord] = []
    public var errors: [CaughtError] = []
    /// Frames of training to scrub through, if the step records them (absent from the JSON
    /// otherwise, so records without one read and write as before).
    public var scrubber: ScrubberRecord?
    /// Facts the run established, in words the page shows as they are (e.g. which step diverged).
    public var notes: [String] = []
    /// Wall-clock measurements. Shown on the page, never written to snapshots or compared.
    public var timings: [Timing] = []

    public init(id: String, title: String, phase: Phase = .none, code: [CodeReference] = []) {
        self.id = id
        self.title = title
        self.phase = phase
        self.code = code
    }

    /// What the step does to the network, for the diagram's colouring.
    public enum Phase: String, Codable, Sendable {
        case none, data, forward, backward, update, check
    }
}

/// A tensor as the learner sees it: its name, its role and shape, and its values.
public struct TensorRecord: Codable, Sendable, Equatable {
    /// The name the tutorials give it (`w1`, `l2`, `loss`); a gradient is `w1.grad`.
    public var name: String
    public var role: Role
    public var shape: [Int]
    /// All values, row-major, when the tensor has at most `TensorRecord.fullLimit` elements.
    public var values: [Double]?
    /// Summary statistics, always present.
    public var stats: TensorStats
    /// For a tensor too big to record in full: a block-averaged picture of at most 64x64 cells.
    public var preview: Preview?
    /// Optional labels for the rows and columns of a matrix (a confusion matrix, a table of features).
    public var rowLabels: [String]?
    public var columnLabels: [String]?

    /// Tensors up to this many elements are recorded in full.
    public static let fullLimit = 4096

    public enum Role: String, Codable, Sendable {
        case input, target, parameter, activation, output, gradient, loss, update, metric, other
    }

    public struct Preview: Codable, Sendable, Equatable {
        /// The grid's size in cells; each cell averages a block of the matrix.
        public var rows: Int
        public var columns: Int
        public var values: [Double]
    }
}

/// Summary of a tensor's values. Non-finite elements are counted and left out of the others.
public struct TensorStats: Codable, Sendable, Equatable {
    public var count: Int
    public var min: Double
    public var max: Double
    public var mean: Double
    public var std: Double
    public var zeros: Int
    public var nonFinite: Int
}

/// A named number (a loss, a learning rate, an accuracy).
public struct ScalarRecord: Codable, Sendable, Equatable {
    public var name: String
    public var value: Double
    public init(name: String, value: Double) {
        self.name = name
        self.value = value
    }
}

/// A line chart: one or more series over a shared x axis.
public struct ChartRecord: Codable, Sendable, Equatable {
    public var name: String
    public var title: String
    public var xLabel: String
    public var yLabel: String
    /// Draw the y axis on a log scale (losses spanning decades).
    public var logScale: Bool
    public var series: [Series]
    /// The x position of the step this chart belongs to, drawn as a marker.
    public var marker: Double?

    public struct Series: Codable, Sendable, Equatable {
        /// `train_loss`, `val_loss`, `train_accuracy`, `val_accuracy`, `loss`...
        public var name: String
        public var x: [Double]
        public var y: [Double]
        public init(name: String, x: [Double], y: [Double]) {
            self.name = name
            self.x = x
            self.y = y
        }
    }

    public init(name: String, title: String, xLabel: String, yLabel: String, logScale: Bool = false,
                series: [Series], marker: Double? = nil) {
        self.name = name
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.logScale = logScale
        self.series = series
        self.marker = marker
    }
}

/// A grid of small images (digits, first-layer weights) with their captions.
public struct ImageGrid: Codable, Sendable, Equatable {
    public var name: String
    public var title: String
    public var columns: Int
    public var images: [ImageRecord]
    public init(name: String, title: String, columns: Int, images: [ImageRecord]) {
        self.name = name
        self.title = title
        self.columns = columns
        self.images = images
    }
}

/// One 8-bit image. Pixels are row-major, `channels` bytes each, base64-encoded.
public struct ImageRecord: Codable, Sendable, Equatable {
    public var width: Int
    public var height: Int
    /// 1 for grey, 3 for RGB.
    public var channels: Int
    public var pixelsBase64: String
    /// The true label, if any (`7`).
    public var label: String?
    /// What the network predicted, if any (`7`, or `1 (0.62) 7 (0.30) 9 (0.04)`).
    public var prediction: String?
    /// Alt text for the page.
    public var caption: String

    public init(width: Int, height: Int, channels: Int, pixels: [UInt8], label: String? = nil,
                prediction: String? = nil, caption: String) {
        precondition(pixels.count == width * height * channels, "image pixel count mismatch")
        self.width = width
        self.height = height
        self.channels = channels
        self.pixelsBase64 = Data(pixels).base64EncodedString()
        self.label = label
        self.prediction = prediction
        self.caption = caption
    }

    /// The decoded pixels.
    public var pixels: [UInt8] { Data(base64Encoded: pixelsBase64).map { Array($0) } ?? [] }
}

/// A layered network as one step left it, for the diagram: per layer its units' values for one
/// example, and the weights into it where the layer is small enough to draw every edge.
public struct NetworkState: Codable, Sendable, Equatable {
    public var name: String
    /// Which example of the batch the node values belong to.
    public var sample: Int
    /// The layer the step is about (lit up in the diagram), if any.
    public var activeLayer: Int?
    public var layers: [Layer]

    public struct Layer: Codable, Sendable, Equatable {
        /// `x`, `l1`, `l2`, `l3`...
        public var name: String
        public var units: Int
        /// Activations (forward) or gradients (backward) of the units for `sample`.
        public var values: [Double]?
        /// What `values` hold: `activation` or `gradient`.
        public var valueKind: String?
        /// Bias of each unit, if the layer has one.
        public var bias: [Double]?
        /// Weights from the previous layer, (previous units x units) row-major; nil when too many to draw.
        public var weights: [Double]?
        /// The weights' gradient, same layout, on backward steps.
        public var weightGradients: [Double]?
        /// The weights after the update, on update steps.
        public var weightsAfter: [Double]?
        /// For a 784-unit input layer: the input drawn as an image instead of 784 nodes.
        public var image: ImageRecord?

        public init(name: String, units: Int) {
            self.name = name
            self.units = units
        }
    }

    public init(name: String, sample: Int = 0, activeLayer: Int? = nil, layers: [Layer]) {
        self.name = name
        self.sample = sample
        self.activeLayer = activeLayer
        self.layers = layers
    }
}

/// A computation graph drawn with its values and gradients (the Boston tutorial's bar notation).
public struct ComputationGraph: Codable, Sendable, Equatable {
    public var name: String
    public var nodes: [Node]
    /// Pairs of node ids, from input to output.
    public var edges: [[String]]

    public struct Node: Codable, Sendable, Equatable {
        public var id: String
        /// As the page writes it, e.g. `Z1 = X0 W1`.
        public var label: String
        public var shape: [Int]
        /// The node's value, summarised (a scalar, or the first element of a tensor).
        public var value: Double?
        /// The gradient of the loss with respect to the node (bar notation), summarised alike.
        public var gradient: Double?
        /// The gradient's name in bar notation, e.g. `dZ1`.
        public var gradientName: String?
        public init(id: String, label: String, shape: [Int], value: Double? = nil,
                    gradient: Double? = nil, gradientName: String? = nil) {
            self.id = id
            self.label = label
            self.shape = shape
            self.value = value
            self.gradient = gradient
            self.gradientName = gradientName
        }
    }

    public init(name: String, nodes: [Node], edges: [[String]]) {
        self.name = name
        self.nodes = nodes
        self.edges = edges
    }
}

/// A three-way gradient comparison: per parameter, the largest differences between the
/// hand-written backward pass, the autograd engine and central finite differences.
public struct GradientCheckTable: Codable, Sendable, Equatable {
    public var name: String
    /// The finite-difference step.
    public var h: Double
    /// The relative difference a row must stay under to pass.
    public var tolerance: Double
    public var rows: [Row]

    public struct Row: Codable, Sendable, Equatable {
        public var parameter: String
        public var shape: [Int]
        public var manualVsAutogradAbs: Double
        public var manualVsAutogradRel: Double
        public var manualVsNumericAbs: Double
        public var manualVsNumericRel: Double
        public var autogradVsNumericAbs: Double
        public var autogradVsNumericRel: Double
        /// Flat index of the element with the largest manual-vs-numeric difference.
        public var worstIndex: Int
        /// ReLU inputs within h of zero, where finite differences straddle the kink.
        public var kinks: Int
        public var passed: Bool
        public init(parameter: String, shape: [Int], manualVsAutogradAbs: Double, manualVsAutogradRel: Double,
                    manualVsNumericAbs: Double, manualVsNumericRel: Double, autogradVsNumericAbs: Double,
                    autogradVsNumericRel: Double, worstIndex: Int, kinks: Int, passed: Bool) {
            self.parameter = parameter
            self.shape = shape
            self.manualVsAutogradAbs = manualVsAutogradAbs
            self.manualVsAutogradRel = manualVsAutogradRel
            self.manualVsNumericAbs = manualVsNumericAbs
            self.manualVsNumericRel = manualVsNumericRel
            self.autogradVsNumericAbs = autogradVsNumericAbs
            self.autogradVsNumericRel = autogradVsNumericRel
            self.worstIndex = worstIndex
            self.kinks = kinks
            self.passed = passed
        }
    }

    public init(name: String, h: Double, tolerance: Double, rows: [Row]) {
        self.name = name
        self.h = h
        self.tolerance = tolerance
        self.rows = rows
    }
}

/// A table of text cells (a dimension table, per-class accuracy).
public struct TableRecord: Codable, Sendable, Equatable {
    public var name: String
    public var title: String
    public var header: [String]
    public var rows: [[String]]
    public init(name: String, title: String, header: [String], rows: [[String]]) {
        self.name = name
        self.title = title
        self.header = header
        self.rows = rows
    }
}

/// An error a lesson provoked on purpose (or met), caught and shown with its message.
public struct CaughtError: Codable, Sendable, Equatable {
    /// The code that raised it, as the page shows it.
    public var code: String
    public var message: String
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}

/// A wall-clock measurement, shown on the page but never compared.
public struct Timing: Codable, Sendable, Equatable {
    public var name: String
    public var seconds: Double
    public init(name: String, seconds: Double) {
        self.name = name
        self.seconds = seconds
    }
}
