"""Data files shipped inside the package as ``nnstudio.resources``: lessons, presets, translations
and icons. They live at the top of the source tree; pyproject.toml maps them into the package, so an
editable install, a plain install and the wheel all read them with importlib.resources."""
