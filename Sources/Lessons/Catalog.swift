/// Every lesson of the course, in order: the core track, the applied lessons, the pitfalls.
public enum Catalog {
    public static var lessons: [Lesson] {
        let all = [neuron, layer, forward, manualBackward, sgdStep, refactor, autogradCheck, pitfalls]
            + mnistLessons + tabularLessons
        return all.sorted { $0.number < $1.number }
    }

    /// The lesson with this id.
    public static func lesson(_ id: String) -> Lesson? {
        lessons.first { $0.id == id }
    }
}
