import Autograd
import Tensor
import LessonRecords

/// The two steps of autograd-check that open up the tape: its entries, and the backward sweep
/// over them one entry at a time (`tape`); then backward called twice without zeroing (`twice`).
struct AutogradTapeSteps {
    /// w1, b1, w2, b2 of the exam network, in that order.
    let parameters: Named<Tensor>
    /// The lesson's forward pass on a tape, from the parameters' variables to the loss.
    let onTape: (Tape, Named<Variable>) throws -> Variable
    /// The gradients of the `autograd` step, which the watched pass must reproduce.
    let automatic: Named<Tensor>

    func record(_ r: Recorder) throws {
        // code: trace
        let tape = Tape()
        let p = parameters.map { name, value in tape.variable(value, name: name) }
        let loss = try onTape(tape, p)
        let trace = try tape.backwardTrace(from: loss)  // backward, watched entry by entry
        // end code
        try r.step("tape") { s in try recordSweep(into: &s, tape: tape, trace: trace, variables: p) }
        // code: twice
        let once = p.map { _, w in w.grad! }  // after the watched call above
        try loss.backward()  // again, and nobody called tape.zeroGradients() in between
        let twice = p.map { _, w in w.grad! }
        let rootTwice = loss.grad!  // d loss / d loss = 1, added twice too
        tape.zeroGradients()
        try loss.backward()
        let afterZeroing = p.map { _, w in w.grad! }
        // end code
        try r.step("twice") { s in
            try recordTwice(into: &s, once: once, twice: twice, afterZeroing: afterZeroing,
                            lossGradient: rootTwice.item)
        }
    }

    /// The tape and the sweep, and the numbers of the worked element (the first student) that
    /// the prose follows through the loss's four entries.
    private func recordSweep(into s: inout StepRecord, tape: Tape, trace: BackwardTrace,
                             variables: Named<Variable>) throws {
        s.tape = TapeRecord(name: "3-5-1 exam network on a tape", tape: tape, trace: trace)
        let entries = tape.entries
        s.scalar("entries", Double(entries.count))
        s.scalar("entries visited", Double(trace.visits.count))
        s.scalar("pullbacks run", Double(trace.visits.filter { entries[$0.entry].operation != "variable" }.count))
        s.scalar("constants passed by", Double(entries.filter { !$0.requiresGradient }.count))
        // The loss is mean(square(squeeze(l3) - y)): each of these operations is on the tape once.
        func visit(of operation: String) -> BackwardTrace.Visit {
            let matching = trace.visits.filter { entries[$0.entry].operation == operation }
            precondition(matching.count == 1, "autograd-check: \(matching.count) visits of \(operation)")
            return matching[0]
        }
        let subtract = visit(of: "subtract"), square = visit(of: "square"), mean = visit(of: "mean")
        let d = entries[subtract.entry].value
        s.scalar("N", Double(d.count))
        s.scalar("d[0]", d.scalars[0])
        s.scalar("q.grad[0]", mean.additions[0].gradient.scalars[0])
        s.scalar("d.grad[0]", square.additions[0].gradient.scalars[0])
        s.scalar("b2.grad", variables["b2"].grad!.scalars[0])
        var largest = 0.0
        for (variable, expected) in zip(variables.values, automatic.values) {
            largest = Swift.max(largest, try (variable.grad! - expected).abs().max())
        }
        s.scalar("largest difference from the autograd step", largest)
        s.shapes("l3 (25x1) -> squeeze -> (25) - y (25) -> d (25) -> square -> q (25) -> mean -> loss (scalar)")
    }

    private func recordTwice(into s: inout StepRecord, once: Named<Tensor>, twice: Named<Tensor>,
                             afterZeroing: Named<Tensor>, lossGradient: Double) throws {
        s.tensor("b1.grad after one call", once["b1"], role: .gradient)
        s.tensor("b1.grad after two calls", twice["b1"], role: .gradient)
        s.scalar("b2.grad after one call", once["b2"].scalars[0])
        s.scalar("b2.grad after two calls", twice["b2"].scalars[0])
        s.scalar("loss.grad after two calls", lossGradient)
        var offDouble = 0.0, offOnce = 0.0
        for name in once.names {
            offDouble = Swift.max(offDouble, try (twice[name] - once[name] * 2).abs().max())
            offOnce = Swift.max(offOnce, try (afterZeroing[name] - once[name]).abs().max())
        }
        s.scalar("largest difference, two calls vs 2 x one", offDouble)
        s.scalar("largest difference, zeroGradients and one call vs one", offOnce)
    }
}
