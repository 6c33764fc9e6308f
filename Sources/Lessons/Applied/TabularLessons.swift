extension Catalog {
    /// The applied lessons on synthetic and tabular data (tutorials 001 and 003).
    static var tabularLessons: [Lesson] { [syntheticSGD, bostonDropout] }
}
