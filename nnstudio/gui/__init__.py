"""The Qt window. Imports the core; the core never imports this."""
