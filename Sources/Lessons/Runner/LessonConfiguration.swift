import Datasets
import LessonRecords

/// How to run a lesson: the seed of every random number it draws, how much work to do, and
/// where the data is.
public struct LessonConfiguration: Sendable {
    /// The default seed of the published site.
    public static let defaultSeed: UInt64 = 42

    public var seed: UInt64
    public var profile: Profile
    public var data: DataDirectory

    public init(seed: UInt64 = defaultSeed, profile: Profile, data: DataDirectory) {
        self.seed = seed
        self.profile = profile
        self.data = data
    }
}
