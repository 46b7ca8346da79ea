"""Texts of paged tables and downloads (issue 8, speed half)."""

TEXT: dict[str, dict[str, str]] = {
    "table_page": {"en": "Page", "zh": "页码"},
    "table_rows": {"en": "Rows {first}–{last} of {total}. The download holds the whole list.",
                   "zh": "第 {first}–{last} 行，共 {total} 行。下载文件包含完整清单。"},
    "table_none": {"en": "No rows match.", "zh": "没有匹配的行。"},
}
