"""Save a plot as PNG or SVG with pyqtgraph's exporters, and a fix that lets its SVG exporter run on Qt 6.11.

Qt 6.11's SVG generator ends closed shapes (the view box's outline, scatter symbols, clip
outlines) with a ``Z`` command, which pyqtgraph 0.14's ``SVGExporter`` cannot parse
(pyqtgraph issue #3495, fixed upstream after 0.14.0). While we export, its coordinate fixer is
wrapped so it never sees a ``Z``; the commands are put back afterwards, in place.
"""

from __future__ import annotations

import contextlib
import errno
import re
import sys
import xml.dom.minidom
from pathlib import Path

import pyqtgraph as pg
from pyqtgraph.exporters import ImageExporter, SVGExporter
from PySide6.QtCore import QBuffer, QByteArray, QIODevice

from nnstudio.core.atomic_save import atomic_write_bytes

FORMATS = {".png": "PNG", ".svg": "SVG"}


class PlotExportError(Exception):
    """A plot that cannot be saved as asked (wrong file type, nothing on screen); the message says why."""


_svg_module = sys.modules[SVGExporter.__module__]
_CLOSE_PATH = re.compile(r"([Zz])")


def export_plot(plot: pg.PlotWidget, path: str | Path) -> None:
    """Write ``plot`` (title, axes, legend, colour bar and all) to ``path``, as PNG or SVG by its
    suffix. Raises PlotExportError for another suffix and OSError if the file cannot be written; an
    existing file is replaced only once the new one is complete."""
    path = Path(path)
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise PlotExportError("name the file .png or .svg" + (f", not {path.suffix}" if path.suffix else ""))
    if not path.parent.is_dir():  # a save dialog never creates folders; neither do we
        raise FileNotFoundError(errno.ENOENT, "no such folder", str(path.parent))
    item = plot.getPlotItem()
    if item.sceneBoundingRect().width() < 1 or item.sceneBoundingRect().height() < 1:
        raise PlotExportError("the plot has no size yet: show it, then export it")
    atomic_write_bytes(path, svg_bytes(item) if kind == "SVG" else png_bytes(item))


def png_bytes(item: pg.GraphicsItem) -> bytes:
    """The item drawn at its on-screen size, encoded as PNG."""
    image = ImageExporter(item).export(toBytes=True)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise OSError(errno.EIO, "the image could not be encoded")
    return bytes(data.data())


def svg_bytes(item: pg.GraphicsItem) -> bytes:
    """The item as an SVG document whose user units are the item's on-screen pixels."""
    exporter = SVGExporter(item)
    with _closed_paths_understood():
        text = exporter.export(toBytes=True).decode("utf-8")
    return _tidy(text, exporter.params["width"], exporter.params["height"])


@contextlib.contextmanager
def _closed_paths_understood():
    original = _svg_module.correctCoordinates

    def correct_coordinates(node, defs, item, options):
        closed = []
        for path in node.getElementsByTagName("path"):
            tokens = _CLOSE_PATH.sub(r" \1 ", path.getAttribute("d")).split()
            where = [index for index, token in enumerate(tokens) if token in ("Z", "z")]
            if where:
                path.setAttribute("d", " ".join(token for token in tokens if token not in ("Z", "z")))
                closed.append((path, where))
        original(node, defs, item, options)
        for path, where in closed:  # the fixer maps each token to exactly one token
            tokens = path.getAttribute("d").split()
            for index in where:
                tokens.insert(index, "Z")
            path.setAttribute("d", " ".join(tokens))

    _svg_module.correctCoordinates = correct_coordinates
    try:
        yield
    finally:
        _svg_module.correctCoordinates = original


def _tidy(text: str, width: float, height: float) -> bytes:
    """Give the document its natural size, and move clip outlines into <defs>: valid where they
    are, but some renderers (Qt's own) would draw them as a frame around the plot."""
    document = xml.dom.minidom.parseString(text)
    svg = document.documentElement
    svg.setAttribute("width", f"{int(width)}px")
    svg.setAttribute("height", f"{int(height)}px")
    defs = svg.getElementsByTagName("defs")[0]
    for clip in list(svg.getElementsByTagName("clipPath")):
        if clip.parentNode is not defs:
            defs.appendChild(clip.parentNode.removeChild(clip))
    return document.toxml(encoding="UTF-8")
