/// The alphabet letters and digits are drawn in, as `\mathbf`, `\mathrm`... set it.
enum TeXFont { case normal, bold, boldItalic, roman, blackboard, calligraphic }
