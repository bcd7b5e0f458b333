"""The Office Open XML names every reader and writer of Word files shares: the namespaces, in
the `{uri}` form ElementTree and lxml use in tags and attributes, and the bare URIs."""

from __future__ import annotations

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
PKG_REL = f"{{{PKG_REL_NS}}}"
CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
