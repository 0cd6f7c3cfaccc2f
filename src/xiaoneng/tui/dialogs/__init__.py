"""Modal dialogs: forms and confirmations opened over a screen."""
