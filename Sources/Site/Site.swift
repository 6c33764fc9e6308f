// The Site target: renderers from lesson records to pages.
