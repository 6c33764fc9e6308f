import ArgumentParser
import Lessons

/// `scratchnet list`: the lessons and their steps, in course order.
struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the lessons and their steps.")

    func run() throws {
        for lesson in Catalog.lessons {
            print("\(lesson.id)  [\(lesson.track.rawValue)]  \(lesson.title)")
            print("    \(lesson.summary)")
            for (i, step) in lesson.steps.enumerated() {
                print("    \(i + 1). \(step.id): \(step.title)")
            }
        }
    }
}
