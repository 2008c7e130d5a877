"""Claims from a report's text: find every checkable figure in Chinese report prose.

``extract_claims(text, source=...)`` returns claims of the library's model;
``read_document(path)`` reads .txt (any common encoding), .html and .docx files.
"""

from partybuild_metrics.claims.extract.build import extract_claims
from partybuild_metrics.claims.extract.documents import SUFFIXES, Document, read_document

__all__ = ["SUFFIXES", "Document", "extract_claims", "read_document"]
