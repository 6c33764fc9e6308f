/// The TeX commands the converter knows, by kind. A command missing here fails the build.
enum TeXSymbols {
    static let greek: [String: String] = [
        "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε",
        "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ",
        "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "varpi": "ϖ", "rho": "ρ",
        "varrho": "ϱ", "sigma": "σ", "varsigma": "ς", "tau": "τ", "upsilon": "υ", "phi": "ϕ",
        "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
        "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π",
        "Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    ]

    /// Upright identifiers.
    static let identifiers: [String: String] = [
        "partial": "∂", "nabla": "∇", "infty": "∞", "ell": "ℓ", "top": "⊤", "intercal": "⊺",
        "bot": "⊥", "emptyset": "∅", "varnothing": "∅", "hbar": "ℏ", "%": "%", "$": "$", "#": "#",
        "&": "&", "_": "_", "aleph": "ℵ", "Re": "ℜ", "Im": "ℑ",
    ]

    static let operators: [String: String] = [
        "cdot": "⋅", "times": "×", "div": "÷", "pm": "±", "mp": "∓", "ast": "∗", "star": "⋆",
        "circ": "∘", "bullet": "∙", "odot": "⊙", "otimes": "⊗", "oplus": "⊕", "setminus": "∖",
        "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠", "ne": "≠", "approx": "≈",
        "sim": "∼", "simeq": "≃", "equiv": "≡", "propto": "∝", "ll": "≪", "gg": "≫", "coloneqq": "≔",
        "to": "→", "rightarrow": "→", "leftarrow": "←", "gets": "←", "leftrightarrow": "↔",
        "Rightarrow": "⇒", "Leftarrow": "⇐", "Leftrightarrow": "⇔", "implies": "⟹", "iff": "⟺",
        "mapsto": "↦", "longrightarrow": "⟶", "uparrow": "↑", "downarrow": "↓",
        "in": "∈", "notin": "∉", "ni": "∋", "subset": "⊂", "subseteq": "⊆", "supset": "⊃",
        "cup": "∪", "cap": "∩", "forall": "∀", "exists": "∃", "neg": "¬", "lnot": "¬",
        "land": "∧", "wedge": "∧", "lor": "∨", "vee": "∨",
        "ldots": "…", "dots": "…", "cdots": "⋯", "vdots": "⋮", "ddots": "⋱",
        "mid": "∣", "vert": "|", "Vert": "‖", "|": "‖", "lvert": "|", "rvert": "|", "lVert": "‖",
        "rVert": "‖", "langle": "⟨", "rangle": "⟩", "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈",
        "rceil": "⌉", "{": "{", "}": "}", "lbrace": "{", "rbrace": "}", "colon": ":", "prime": "′",
        "bmod": "mod", "backslash": "∖",
    ]

    static let largeOperators: [String: String] = [
        "sum": "∑", "prod": "∏", "coprod": "∐", "bigcup": "⋃", "bigcap": "⋂", "int": "∫",
        "iint": "∬", "oint": "∮",
    ]

    /// Named functions, upright; `limits` puts their subscript underneath in display maths.
    static let functions: [String: (text: String, limits: Bool)] = [
        "log": ("log", false), "ln": ("ln", false), "exp": ("exp", false), "sin": ("sin", false),
        "cos": ("cos", false), "tan": ("tan", false), "sinh": ("sinh", false), "cosh": ("cosh", false),
        "tanh": ("tanh", false), "arcsin": ("arcsin", false), "arccos": ("arccos", false),
        "arctan": ("arctan", false), "sec": ("sec", false), "csc": ("csc", false), "cot": ("cot", false),
        "arg": ("arg", false), "deg": ("deg", false), "dim": ("dim", false), "ker": ("ker", false),
        "det": ("det", true), "gcd": ("gcd", true), "Pr": ("Pr", true), "lim": ("lim", true),
        "max": ("max", true), "min": ("min", true), "sup": ("sup", true), "inf": ("inf", true),
        "argmax": ("arg\u{2009}max", true), "argmin": ("arg\u{2009}min", true),
    ]

    static let spaces: [String: String] = [
        ",": "0.1667em", ":": "0.2222em", ">": "0.2222em", ";": "0.2778em", "!": "-0.1667em",
        " ": "0.25em", "quad": "1em", "qquad": "2em", "enspace": "0.5em", "thinspace": "0.1667em",
    ]

    static let accents: [String: (mark: String, stretchy: Bool)] = [
        "bar": ("¯", false), "overline": ("‾", true), "hat": ("ˆ", false), "widehat": ("ˆ", true),
        "tilde": ("˜", false), "widetilde": ("˜", true), "vec": ("→", false),
        "overrightarrow": ("→", true), "dot": ("˙", false), "ddot": ("¨", false),
    ]

    static let bigSizes: [String: String] = [
        "big": "1.2em", "bigl": "1.2em", "bigr": "1.2em", "bigm": "1.2em",
        "Big": "1.8em", "Bigl": "1.8em", "Bigr": "1.8em", "Bigm": "1.8em",
        "bigg": "2.4em", "biggl": "2.4em", "biggr": "2.4em", "Bigg": "3em", "Biggl": "3em", "Biggr": "3em",
    ]

    static let delimiters: [String: String] = [
        "{": "{", "}": "}", "lbrace": "{", "rbrace": "}", "langle": "⟨", "rangle": "⟩",
        "|": "‖", "vert": "|", "Vert": "‖", "lvert": "|", "rvert": "|", "lVert": "‖", "rVert": "‖",
        "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉", "uparrow": "↑", "downarrow": "↓",
        "backslash": "∖",
    ]

    /// Letters that Unicode encodes outside the mathematical alphanumeric blocks.
    static let blackboardHoles: [Character: Character] = [
        "C": "ℂ", "H": "ℍ", "N": "ℕ", "P": "ℙ", "Q": "ℚ", "R": "ℝ", "Z": "ℤ",
    ]
    static let scriptHoles: [Character: Character] = [
        "B": "ℬ", "E": "ℰ", "F": "ℱ", "H": "ℋ", "I": "ℐ", "L": "ℒ", "M": "ℳ", "R": "ℛ",
    ]
}
