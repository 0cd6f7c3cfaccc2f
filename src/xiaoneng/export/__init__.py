"""Word (.docx) export in Chinese official-document layout (GB/T 9704-2012).

Exporters start from `new_document()` and call its building blocks; file
names come from `safe_filename` and `output_path`. Pure functions of their
input: nothing here touches the store or the UI.
"""

from xiaoneng.export.document import OfficialDocument, new_document
from xiaoneng.export.fonts import FontSettings, FontSettingsError
from xiaoneng.export.layout import LANDSCAPE, PORTRAIT, PageGeometry
from xiaoneng.export.numbering import chinese_numeral, heading_number
from xiaoneng.export.template import PreparedTemplate, apply_official_layout, get_template
from xiaoneng.export.textsafe import UnsafePathError, clean_text, output_path, safe_filename

__all__ = [
    "LANDSCAPE",
    "PORTRAIT",
    "FontSettings",
    "FontSettingsError",
    "OfficialDocument",
    "PageGeometry",
    "PreparedTemplate",
    "UnsafePathError",
    "apply_official_layout",
    "chinese_numeral",
    "clean_text",
    "get_template",
    "heading_number",
    "new_document",
    "output_path",
    "safe_filename",
]
