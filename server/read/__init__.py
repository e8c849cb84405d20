"""server.read."""
