"""The site shell: base layout, stylesheet, vendored htmx, home page."""
