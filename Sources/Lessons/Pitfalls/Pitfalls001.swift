import Datasets
import Tensor

/// Tutorial 001's mistake: MNIST's test file used for training and validation.
extension PitfallsLesson {
    func testFile(_ s: inout StepRecord) throws -> Bool {
        // code: test-file
        // Tutorial 001 loads MNIST(train=False), MNIST's test file, and splits it 80/20
        // at random; mnist-mse splits it the same way, from the same seed.
        let labels = try r.configuration.data.idx(.testLabels, kind: .labels)
        let imagesInFile = labels.dimensions[0]
        var generator = Xoshiro256StarStar(seed: r.seed)
        let parts = randomSplitIndices(count: imagesInFile, fraction: 0.8, using: &generator)
        // end code
        let trained = Set(parts.train), watched = Set(parts.heldOut)
        let untouched = imagesInFile - trained.union(watched).count
        s.scalar("images in MNIST's test file", Double(imagesInFile))
        s.scalar("test-file images trained on", Double(trained.count))
        s.scalar("test-file images used to watch training", Double(watched.count))
        s.scalar("images in both parts", Double(trained.intersection(watched).count))
        s.scalar("test-file images left untouched", Double(untouched))
        s.note("The check: count what each part of the run took from the test file. Of its \(imagesInFile) images, \(trained.count) are trained on and \(watched.count) watched during training (\(trained.intersection(watched).count) in both): \(untouched) are left for a final test.")
        try scoredOnTrainingRows(&s)
        return !trained.isEmpty && untouched == 0
    }

    /// Why rows kept out of training matter, on the exam data: a model scored on the rows it
    /// trained on, against one scored on rows it never saw.
    private func scoredOnTrainingRows(_ s: inout StepRecord) throws {
        let epochs = 200, lr = 0.05
        let rows = Array(0..<x.shape[0])
        var all = kaiming
        let allLosses = try all.train(x, y, epochs: epochs, learningRate: lr)
        let trainRows = Array(rows.dropLast(5)), heldOut = Array(rows.suffix(5))
        var fair = kaiming
        _ = try fair.train(x.rows(trainRows), y.rows(trainRows), epochs: epochs, learningRate: lr)
        let seenScore = try all.forward(x, y).loss
        let fairTest = try fair.forward(x.rows(heldOut), y.rows(heldOut)).loss
        s.scalar("exam loss on the rows it trained on (all)", seenScore)
        s.scalar("exam training loss (first 20)", try fair.forward(x.rows(trainRows), y.rows(trainRows)).loss)
        s.scalar("exam held-out loss (last 5)", fairTest)
        s.scalar("exam rows shared by training and scoring, all rows", Double(Set(rows).intersection(rows).count))
        s.scalar("exam rows shared by training and scoring, 20 / 5", Double(Set(trainRows).intersection(heldOut).count))
        s.chart(ChartRecord(name: "train-all", title: "Training on everything: the loss only ever looks good",
                            xLabel: "epoch", yLabel: "loss (MSE)", logScale: true,
                            series: [.init(name: "loss on the training rows", x: (1...epochs).map(Double.init), y: allLosses)]))
        s.note("On the exam data: scored on the \(rows.count) students it trained on, the model reports \(fmt(seenScore)); trained on \(trainRows.count) and scored on the \(heldOut.count) it never saw, \(fmt(fairTest)).")
    }
}
