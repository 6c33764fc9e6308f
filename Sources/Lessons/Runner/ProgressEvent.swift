import Foundation

/// One report from a training loop inside a lesson.
public struct ProgressEvent: Sendable {
    public var lesson: String
    /// What is being trained, when a lesson trains more than one thing.
    public var phase: String
    public var epoch: Int
    public var epochs: Int
    public var loss: Double
    public init(lesson: String, phase: String, epoch: Int, epochs: Int, loss: Double) {
        self.lesson = lesson
        self.phase = phase
        self.epoch = epoch
        self.epochs = epochs
        self.loss = loss
    }
}
