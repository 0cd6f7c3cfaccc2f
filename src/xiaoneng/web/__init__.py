"""The same app in a browser: a textual-serve server with a page that needs
nothing from outside the office network."""
