/// Every lesson of the course, in order: the core track, the applied lessons, the pitfalls.
public enum Catalog {
    public static var lessons: [Lesson] {
        let all = [neuron, layer, forward, manualBackward, sgdStep, refactor, autogradCheck, pitfalls]
            + mnistLessons + tabularLessons
        return all.sorted { $0.number < $1.number }
    }

    /// The applied lessons on MNIST (tutorials 001, 002 and 004).
    static var mnistLessons: [Lesson] { [mnistMSE, mnistSoftmax, mnistFastai] }

    /// The applied lessons on synthetic and tabular data (tutorials 001 and 003).
    static var tabularLessons: [Lesson] { [syntheticSGD, bostonDropout] }

    /// The lesson with this id.
    public static func lesson(_ id: String) -> Lesson? {
        lessons.first { $0.id == id }
    }
}
