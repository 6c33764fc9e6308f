import Datasets
import Foundation
import LessonRecords
@testable import Lessons

/// The package root, found from this file's path.
let projectRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func quickConfiguration(seed: UInt64 = LessonConfiguration.defaultSeed) throws -> LessonConfiguration {
    LessonConfiguration(seed: seed, profile: .quick,
                        data: DataDirectory(url: projectRoot.appendingPathComponent("assets/data")))
}

func runLesson(_ id: String, seed: UInt64 = LessonConfiguration.defaultSeed) throws -> LessonRecord {
    guard let lesson = Catalog.lesson(id) else { throw LessonError.unknownLesson(id: id, known: []) }
    return try LessonRunner.run(lesson, configuration: try quickConfiguration(seed: seed))
}

extension LessonRecord {
    func step(_ id: String) -> StepRecord? { steps.first { $0.id == id } }
    func tensor(_ name: String) -> TensorRecord? {
        for s in steps { if let t = s.tensors.first(where: { $0.name == name }) { return t } }
        return nil
    }
}
