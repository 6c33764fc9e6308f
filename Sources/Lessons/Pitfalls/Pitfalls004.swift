import NeuralNet
import Tensor
import LessonRecords

/// Tutorial 004's mistake: a loss computed from the wrong variable.
extension PitfallsLesson {
    func staleLoss(_ s: inout StepRecord) throws -> Bool {
        let epochs = 30, lr = 0.01
        var net = divided
        // An earlier cell's prediction, kept in `res` (the tutorial's is on its validation images).
        let res = try net.forward(x, y).l3
        var asWritten: [Double] = [], meant: [Double] = []
        for _ in 1...epochs {
            // code: stale-loss
            // Tutorial 004's forward_and_backward, on the exam network: the loss line
            // reads `res`, an earlier prediction, where `diff` was meant.
            let f = try net.forward(x, y)
            let diff = try f.l3.squeezed(axis: 1) - y
            let loss = res.squared().mean()            // as written: res.pow(2).mean()
            let intended = diff.squared().mean()       // meant: diff.pow(2).mean()
            let gradients = try net.backward(x, y, f)  // from diff, like its out.g
            // end code
            asWritten.append(loss)
            meant.append(intended)
            try net.step(gradients, learningRate: lr)
        }
        s.tensor("res (earlier prediction)", res, role: .output)
        s.scalar("loss as written, first call", asWritten[0])
        s.scalar("loss from diff, first call", meant[0])
        s.scalar("loss as written, call \(epochs)", asWritten[epochs - 1])
        s.scalar("loss from diff, call \(epochs)", meant[epochs - 1])
        s.chart(ChartRecord(name: "stale-loss", title: "The loss each call computes, over \(epochs) steps of lr \(fmt(lr))",
                            xLabel: "call", yLabel: "loss", logScale: true,
                            series: [.init(name: "res.pow(2).mean() (as written)", x: (1...epochs).map(Double.init), y: asWritten),
                                     .init(name: "diff.pow(2).mean() (meant)", x: (1...epochs).map(Double.init), y: meant)]))
        s.note("The check: the loss must be a function of this pass's prediction and the targets. On the first call the line as written gives \(fmt(asWritten[0])) against \(fmt(meant[0])) from diff; after \(epochs) steps it still gives \(fmt(asWritten[epochs - 1])) while the loss from diff is \(fmt(meant[epochs - 1])). The gradients come from diff, so the steps themselves are right.")
        return asWritten[0] != meant[0]
    }
}
