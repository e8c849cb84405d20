"""server.web."""
