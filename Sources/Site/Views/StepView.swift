import LessonRecords

/// Everything a step recorded, in the order a learner reads it: shapes, caught errors, the
/// network and graph diagrams, scalars, tensors, charts, images, checks, tables, notes, timings.
enum StepView {
    /// With `linkTutorials` (the site has a Sources page), a tutorial named in a table or a note
    /// links to it, as in the prose.
    static func render(_ step: StepRecord, lesson: LessonRecord, scales: [String: Double],
                       linkTutorials: Bool = false) throws(SiteError) -> (html: String, files: [SiteFile]) {
        var html = ""
        var files: [SiteFile] = []

        if !step.shapeEquations.isEmpty {
            html += "<div class=\"shapes\"><h3>Shapes</h3><ul>"
            for equation in step.shapeEquations { html += "<li><code>\(esc(equation))</code></li>" }
            html += "</ul></div>"
        }
        for error in step.errors {
            html += "<div class=\"caught-error\" role=\"note\"><h3><span aria-hidden=\"true\">⚠</span> Caught error</h3>"
                + "<p class=\"error-label\">Running</p><pre><code>\(esc(error.code))</code></pre>"
                + "<p class=\"error-label\">raised</p><pre class=\"error-message\"><code>\(esc(error.message))</code></pre></div>"
        }
        for state in step.networks {
            html += networkFigure(state, phase: step.phase)
        }
        if let scrubber = step.scrubber {
            html += ScrubberView.render(scrubber, step: step.id)
        }
        if let tape = step.tape {
            html += TapeView.render(tape, step: step.id)
        }
        for graph in step.graphs {
            // drawn at its own size, legible, and scrolled sideways where the screen is narrower
            html += "<figure class=\"diagram\"><div class=\"figure-scroll graph-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"\(esc(graph.name)), scrolls sideways\">\(GraphSVG.render(graph))</div>"
                + "<figcaption>\(esc(graph.name)): each node with its value and, below, its gradient.</figcaption></figure>"
        }
        if !step.scalars.isEmpty {
            html += "<dl class=\"scalars\">"
            for scalar in step.scalars {
                html += "<div><dt>\(esc(scalar.name))</dt><dd>\(esc(Num.format(scalar.value, significant: 6)))</dd></div>"
            }
            html += "</dl>"
        }
        if !step.tensors.isEmpty {
            html += "<div class=\"tensors\">"
            for item in TensorGrouping.items(step.tensors) {
                switch item {
                case .single(let tensor): html += TensorView.render(tensor, limit: scales[tensor.name] ?? 0)
                case .columns(let tensors): html += TensorColumnsView.render(tensors, scales: scales)
                }
            }
            html += "</div>"
        }
        for chart in step.charts {
            html += "<figure class=\"chart-figure\"><figcaption>\(esc(chart.title))</figcaption><div class=\"figure-scroll\">\(ChartSVG.render(chart))</div>\(ChartSVG.dataTable(chart))</figure>"
        }
        for (index, grid) in step.images.enumerated() {
            let rendered = try ImageGridView.render(grid, lesson: lesson.id, step: step.id, index: index)
            html += rendered.html
            files += rendered.files
        }
        for check in step.checks { html += CheckTableView.render(check) }
        for table in step.tables { html += CheckTableView.render(table, linkTutorials: linkTutorials) }
        if !step.notes.isEmpty {
            html += "<ul class=\"notes\">"
            for note in step.notes { html += "<li>\(TutorialLinks.escaped(note, linked: linkTutorials))</li>" }
            html += "</ul>"
        }
        if !step.timings.isEmpty {
            let parts = step.timings.map { "\(esc($0.name)): <strong>\(esc(Num.duration($0.seconds)))</strong>" }
            html += "<p class=\"timings\"><span class=\"timings-label\">Measured on the build machine</span> \(parts.joined(separator: " · "))</p>"
        }
        return (html, files)
    }

    private static func networkFigure(_ state: NetworkState, phase: StepRecord.Phase) -> String {
        let hasAfter = state.layers.contains { $0.weightsAfter != nil }
        let hasGradients = state.layers.contains { $0.weightGradients != nil }
        if phase == .update && hasAfter {
            func panel(_ label: String, _ edges: NetworkSVG.EdgeSource, _ caption: String, _ extra: String = "") -> String {
                "<div class=\"figure-scroll\(extra)\"><p class=\"panel-label\">\(label)</p>\(NetworkSVG.render(state, phase: phase, edges: edges, caption: caption))</div>"
            }
            return "<figure class=\"diagram diagram-pair\"><div class=\"pair\">"
                + panel("Before the update", .weights, "weights and biases before the update")
                + panel("After the update", .weightsAfter, "weights and biases after the update")
                + panel("The change: after − before", .change, "how much each weight and bias changed", " panel-change")
                + "</div><figcaption>\(esc(state.name)): the same edges before and after one step of gradient descent, "
                + "drawn to one scale, and the change itself, with the \(NetworkEdges.labelledChanges) largest changes labelled.</figcaption></figure>"
        }
        let edges: NetworkSVG.EdgeSource = phase == .backward && hasGradients ? .gradients : .weights
        let caption: String = switch (phase, edges) {
        case (.backward, .gradients): "gradients flowing back; edges show each weight's gradient"
        case (.backward, _): "gradients flowing back"
        case (.forward, _): "activations flowing forward"
        default: "the network"
        }
        return "<figure class=\"diagram\"><div class=\"figure-scroll\">\(NetworkSVG.render(state, phase: phase, edges: edges, caption: caption))</div>"
            + "<figcaption>\(esc(state.name)): \(esc(caption)) (example \(state.sample)).</figcaption></figure>"
    }
}
