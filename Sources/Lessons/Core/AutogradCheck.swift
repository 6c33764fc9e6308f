import Autograd
import NeuralNet
import Tensor
import LessonRecords

extension Catalog {
    /// The hand-written gradients against an automatic differentiation engine and against
    /// central finite differences.
    static let autogradCheck = Lesson(
        id: "autograd-check", number: 7, title: "Checking the gradients three ways",
        summary: "Hand-written backward against autograd and central differences: how close, and why not closer.",
        track: .core,
        steps: [
            Step("autograd", "The same network on a tape", phase: .backward,
                 code: [CodeReference("Sources/Lessons/Core/AutogradCheck.swift", "code:on-tape"),
                        .source("Autograd/Tape", "Tape.record"), .source("Autograd/Matmul", "Variable.matmul"),
                        .source("Autograd/Tape", "Tape.backward")]),
            Step("tape", "The tape, entry by entry", phase: .backward,
                 code: [CodeReference("Sources/Lessons/Core/AutogradTape.swift", "code:trace"),
                        .source("Autograd/Tape", "Tape.backward"),
                        .source("Autograd/BackwardTrace", "Tape.backwardTrace"),
                        .source("Autograd/Elementwise", "Variable.squared"),
                        .source("Autograd/Reductions", "Variable.mean()")]),
            Step("twice", "Backward twice, without zeroing", phase: .backward,
                 code: [CodeReference("Sources/Lessons/Core/AutogradTape.swift", "code:twice"),
                        .source("Autograd/Tape", "Tape.zeroGradients"),
                        .source("NeuralNet/Training", "Trainer.step")]),
            Step("numeric", "Central differences", phase: .check,
                 code: [.source("Autograd/NumericalGradient", "NumericalGradient.gradients")]),
            Step("table", "Three gradients, side by side", phase: .check),
            Step("wrong-backward", "A wrong backward pass, caught", phase: .check,
                 code: [CodeReference("Sources/Lessons/Core/AutogradCheck.swift", "code:wrong-backward")]),
        ]
    ) { r in
        let data = try ExamData(r.configuration)
        let (x, y) = (data.x, data.y)
        let net = ExamNetwork(seed: r.seed)
        let f = try net.forward(x, y)
        let g = try net.backward(x, y, f)
        let parameters: Named<Tensor> = ["w1": net.w1, "b1": net.b1, "w2": net.w2, "b2": net.b2]
        let manual: Named<Tensor> = ["w1": g.w1, "b1": g.b1, "w2": g.w2, "b2": g.b2]
        // code: on-tape
        // The autograd version builds the same formula from primitive operations on a tape.
        let onTape: (Tape, Named<Variable>) throws -> Variable = { tape, p in
            let xv = tape.constant(x, name: "x"), yv = tape.constant(y, name: "y")
            let l1 = try (xv.matmul(p["w1"]) + p["b1"]).named("l1")
            let l2 = l1.relu().named("l2")
            let l3 = try (l2.matmul(p["w2"]) + p["b2"]).named("l3")
            return try Variable.meanSquaredError(l3, yv).named("loss")
        }
        let (tapeLoss, automatic) = try GradientCheck.autogradGradients(at: parameters, of: onTape)
        // end code
        try r.step("autograd") { s in
            for (name, t) in zip(automatic.names, automatic.values) { s.tensor("\(name).grad (autograd)", t, role: .gradient) }
            s.scalar("loss (tape)", tapeLoss)
            s.scalar("loss (functions)", f.loss)
        }
        try AutogradTapeSteps(parameters: parameters, onTape: onTape, automatic: automatic).record(r)
        let h = NumericalGradient.defaultStep
        let loss: (Named<Tensor>) throws -> Double = { p in
            var n = net
            n.w1 = p["w1"]; n.b1 = p["b1"]; n.w2 = p["w2"]; n.b2 = p["b2"]
            return try n.forward(x, y).loss
        }
        let numeric = try NumericalGradient.gradients(of: loss, at: parameters, step: h)
        try r.step("numeric") { s in
            s.scalar("h", h)
            for (name, t) in zip(numeric.names, numeric.values) { s.tensor("\(name).grad (numeric)", t, role: .gradient) }
            s.shapes("grad[i] ~ (loss(p + h e_i) - loss(p - h e_i)) / 2h, one pair of forward passes per element: \(parameters.values.map(\.count).reduce(0, +)) pairs")
        }
        let floor = 1e-8
        let report = try GradientCheck.compare(manual: manual, autograd: automatic, numeric: numeric,
                                               preActivations: ["l1": f.l1], step: h, relativeFloor: floor)
        let table = GradientCheckTable(report, name: "3-5-1 exam network", tolerance: 1e-6)
        try r.step("table") { s in
            s.checks.append(table)
            s.scalar("relative floor", floor)
            // The prose on the accuracy of central differences quotes these; the last is eps |L| / h,
            // the size of a central difference's rounding error.
            s.scalar("largest relative difference (manual vs autograd)", report.maxRelative(.manualVsAutograd) ?? .nan)
            s.scalar("largest relative difference (manual vs numeric)", report.maxRelative(.manualVsNumeric) ?? .nan)
            s.scalar("largest absolute difference (manual vs numeric)", report.maxAbsolute(.manualVsNumeric) ?? .nan)
            s.scalar("largest relative difference (autograd vs numeric)", report.maxRelative(.autogradVsNumeric) ?? .nan)
            s.scalar("rounding estimate (eps L / h)", Double.ulpOfOne * Swift.abs(f.loss) / h)
            let kinks = report.nearKinkCount
            s.note("Relative difference = |a - b| / max(|a|, |b|, \(fmt(floor))); the floor keeps gradients that are exactly zero in both hand-written and autograd versions from dividing rounding noise by zero.")
            s.note(kinks == 0 ? "No ReLU input lies within h of zero, so the finite differences never straddle a kink."
                              : "\(kinks) ReLU input(s) lie within h of zero: finite differences there straddle the kink and may disagree.")
            s.note(table.rows.allSatisfy(\.passed) ? "Every parameter passes: manual and autograd agree to rounding, and both agree with the numeric estimate to better than 1e-6."
                                                   : "Some parameters fail the check: see the table.")
        }
        let wrong = try net.wrongBackward(x, y, f)
        let wrongReport = try GradientCheck.compare(manual: wrong, autograd: automatic, numeric: numeric,
                                                    preActivations: ["l1": f.l1], step: h, relativeFloor: floor)
        try r.step("wrong-backward") { s in
            recordWrongBackward(into: &s, wrong: wrong, right: manual,
                                table: GradientCheckTable(wrongReport, name: "3-5-1 exam network, the wrong backward in the manual columns", tolerance: 1e-6))
        }
        r.headline("max relative difference (manual vs numeric)", table.rows.map(\.manualVsNumericRel).max() ?? 0)
    }
}

// code: wrong-backward
/// `linGrad` with a slip a learner could plausibly make: the bias
/// gradient averaged over the batch instead of summed ("the loss is a
/// mean, so average this too"). But `mseGrad` already divided by N,
/// so this divides by N a second time.
func linGradBiasMean(
    _ x: Tensor, _ w: Tensor, _ gradOutput: Tensor
) throws -> (x: Tensor, w: Tensor, b: Tensor) {
    (x: try Tensor.matmul(gradOutput, w, transposeB: true),
     w: try Tensor.matmul(x, gradOutput, transposeA: true),
     b: try gradOutput.mean(axis: 0))  // the slip: linGrad has sum(axis: 0)
}

extension ExamNetwork {
    /// `backward` with `linGradBiasMean` in place of `linGrad`.
    func wrongBackward(_ x: Tensor, _ y: Tensor, _ f: Forward) throws -> Named<Tensor> {
        let l3g = try mseGrad(f.l3, y)
        let (l2g, w2g, b2g) = try linGradBiasMean(f.l2, w2, l3g)
        let l1g = try reluGrad(f.l1, l2g)
        let (_, w1g, b1g) = try linGradBiasMean(x, w1, l1g)
        return ["w1": w1g, "b1": b1g, "w2": w2g, "b2": b2g]
    }
}
// end code

/// The `wrong-backward` step: the three-way table for the slipped gradients, the wrong bias
/// gradients themselves, and how far they are from the right ones.
private func recordWrongBackward(into s: inout StepRecord, wrong: Named<Tensor>, right: Named<Tensor>,
                                 table: GradientCheckTable) {
    s.checks.append(table)
    for (name, t) in zip(wrong.names, wrong.values) where name.hasPrefix("b") {
        s.tensor("\(name).grad (wrong)", t, role: .gradient)
    }
    let failing = table.rows.filter { !$0.passed }.map(\.parameter)
    let passing = table.rows.filter(\.passed).map(\.parameter)
    let worst = table.rows.max { $0.manualVsAutogradRel < $1.manualVsAutogradRel }!
    // Exact comparison with the right hand-written gradients: the slip changes only what it touches.
    let differing = zip(wrong.values, right.values).map { w, r in zip(w.scalars, r.scalars).filter { $0 != $1 }.count }
    s.scalar("largest relative difference vs autograd", worst.manualVsAutogradRel)
    s.scalar("largest relative difference vs numeric", table.rows.map(\.manualVsNumericRel).max()!)
    s.scalar("largest absolute difference vs autograd", table.rows.map(\.manualVsAutogradAbs).max()!)
    s.scalar("parameters failing", Double(failing.count))
    s.scalar("elements differing from the right gradients", Double(differing.reduce(0, +)))
    s.note("Failing: \(failing.isEmpty ? "none" : failing.joined(separator: ", ")); passing: \(passing.isEmpty ? "none" : passing.joined(separator: ", ")). The largest relative difference against autograd, \(fmt(worst.manualVsAutogradRel, 4)), is in \(worst.parameter).")
    s.note("Elements that differ from the right hand-written gradients: " + zip(wrong.names, differing).map { "\($0) \($1)" }.joined(separator: ", ") + ".")
}

extension GradientCheckTable {
    /// A table from an autograd-package report. A row passes when manual and autograd agree to
    /// 1e-10 relative and manual and numeric to `tolerance`.
    init(_ report: GradientCheckReport, name: String, tolerance: Double) {
        let kinks = report.nearKinkCount
        self.init(name: name, h: report.step, tolerance: tolerance, rows: report.comparisons.map { c in
            let ma = c.manualVsAutograd, mn = c.manualVsNumeric, an = c.autogradVsNumeric
            let worst = mn?.maxRelativeIndex ?? []
            let flat = worst.isEmpty ? 0 : zip(worst, Tensor.strides(of: c.shape)).map(*).reduce(0, +)
            return Row(parameter: c.name, shape: c.shape,
                       manualVsAutogradAbs: ma?.maxAbsolute ?? .nan, manualVsAutogradRel: ma?.maxRelative ?? .nan,
                       manualVsNumericAbs: mn?.maxAbsolute ?? .nan, manualVsNumericRel: mn?.maxRelative ?? .nan,
                       autogradVsNumericAbs: an?.maxAbsolute ?? .nan, autogradVsNumericRel: an?.maxRelative ?? .nan,
                       worstIndex: flat, kinks: kinks,
                       passed: (ma.map { $0.maxRelative <= 1e-10 } ?? true) && (mn.map { $0.maxRelative <= tolerance } ?? true))
        })
    }
}
