/// A lesson that did not finish: which lesson, the step it was recording, and the error.
public struct LessonFailure: Error, CustomStringConvertible {
    public let lesson: String
    /// The declared step in progress when the error was thrown (nil after the last step).
    public let step: String?
    public let error: any Error

    public init(lesson: String, step: String?, error: any Error) {
        self.lesson = lesson
        self.step = step
        self.error = error
    }

    /// The error's own message, without the lesson and step (which `description` adds).
    public var message: String {
        if case let .nonFinite(_, _, detail) = error as? LessonError { return detail }
        return "\(error)"
    }

    /// `lesson mnist-mse, step train: training stopped at step 12 (epoch 1): the loss is nan`
    public var description: String {
        if let error = error as? LessonError, case .nonFinite = error { return error.description }
        if error is LessonError { return "\(error)" }
        return "lesson \(lesson)" + (step.map { ", step \($0)" } ?? "") + ": \(error)"
    }
}
