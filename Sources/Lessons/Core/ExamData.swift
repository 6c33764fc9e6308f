import Tensor

/// The exam data as the core track uses it: inputs (25x3) and targets (25).
struct ExamData {
    let x: Tensor
    let y: Tensor

    init(_ configuration: LessonConfiguration) throws {
        let exams = try configuration.data.exams()
        x = exams.inputs
        y = exams.target
    }
}
