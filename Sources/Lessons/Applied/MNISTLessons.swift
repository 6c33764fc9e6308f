extension Catalog {
    /// The applied lessons on MNIST (tutorials 001, 002 and 004).
    static var mnistLessons: [Lesson] { [mnistMSE, mnistSoftmax, mnistFastai] }
}
