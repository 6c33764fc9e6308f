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
    /// What the figure is, in words a learner reads without the lesson open.
    public var label: String
    public var value: Double
    /// `percent` shows 0.9819 as 98.19 %; `number` as it is.
    public var format: Format
    /// A baseline to read the value against (predicting the mean, least squares), shown beside
    /// it, in the same format: a loss means little without one.
    public var comparison: Comparison?
    public enum Format: String, Codable, Sendable { case number, percent }

    public struct Comparison: Codable, Sendable, Equatable {
        public var label: String
        public var value: Double
        public init(label: String, value: Double) {
            self.label = label
            self.value = value
        }
    }

    public init(label: String, value: Double, format: Format = .number, comparison: Comparison? = nil) {
        self.label = label
        self.value = value
        self.format = format
        self.comparison = comparison
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
