"""What the importer says about a fault, in English and Simplified Chinese.

A fault carries a :class:`Said` (a message code and its values), so the command line prints English and
the Import page shows the page's language from the same fault. Words a clerk understands: what is wrong
and what to do, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass

MESSAGES: dict[str, dict[str, str]] = {
    # reading files
    "file_read_as": {"en": "the file cannot be read as {encoding}: {error}",
                     "zh": "无法按 {encoding} 编码读取此文件：{error}"},
    "file_bom_not_utf8": {"en": "the file starts with a UTF-8 mark but is not UTF-8 (byte {byte})",
                          "zh": "文件以 UTF-8 标记开头，但内容不是 UTF-8（第 {byte} 字节）"},
    "file_not_text": {"en": "the file is neither UTF-8 nor GB18030 text: save it as CSV UTF-8 and try again",
                      "zh": "文件既不是 UTF-8 也不是 GB18030 文本：请另存为“CSV UTF-8”后重试"},
    "file_empty": {"en": "the file is empty", "zh": "文件是空的"},
    "file_not_table": {"en": "the file is not a well-formed table: {error}", "zh": "文件不是规整的表格：{error}"},
    "file_not_workbook": {"en": "the file is not a readable .xlsx workbook ({error})",
                          "zh": "文件不是可读取的 .xlsx 工作簿（{error}）"},
    "file_not_csv": {"en": "the file is neither a .csv file nor an .xlsx workbook",
                     "zh": "文件既不是 .csv 文件，也不是 .xlsx 工作簿"},
    "file_too_big": {"en": "the file is {size} MB, over the limit of {limit} MB (IMPORT_MAX_MB): split it into parts",
                     "zh": "文件大小为 {size} MB，超过 {limit} MB 的上限（IMPORT_MAX_MB）：请拆分成几个文件"},
    "file_too_many_columns": {"en": "the file has {count} columns, over the limit of {limit} (IMPORT_MAX_COLUMNS): "
                                    "is it the right file?",
                              "zh": "文件有 {count} 列，超过 {limit} 列的上限（IMPORT_MAX_COLUMNS）："
                                    "请确认文件是否正确"},
    "file_too_many_rows": {"en": "the file has about {count} rows, over the limit of {limit} (IMPORT_MAX_ROWS): "
                                 "split it into parts",
                           "zh": "文件约有 {count} 行，超过 {limit} 行的上限（IMPORT_MAX_ROWS）：请拆分成几个文件"},
    "file_cell_too_big": {"en": "the cell in row {row}, column {column} is {size} MB, over the limit of {limit} MB "
                                "per cell (IMPORT_MAX_CELL_MB)",
                          "zh": "第 {row} 行 {column} 列的单元格大小为 {size} MB，超过每格 {limit} MB 的上限"
                                "（IMPORT_MAX_CELL_MB）"},
    "file_unpacks_too_big": {"en": "the workbook unpacks to {size} MB, over the limit of {limit} MB "
                                   "(IMPORT_MAX_UNPACKED_MB): save it as CSV or split it",
                             "zh": "工作簿解压后为 {size} MB，超过 {limit} MB 的上限（IMPORT_MAX_UNPACKED_MB）："
                                   "请另存为 CSV 或拆分"},
    "header_twice": {"en": "appears {count} times in the header (columns {positions}): the first is read, "
                           "the others are ignored",
                     "zh": "在表头中出现 {count} 次（第 {positions} 列）：只读取第一列，其余已忽略"},
    "header_blank": {"en": "column {position} has no header: ignored", "zh": "第 {position} 列没有表头：已忽略"},
    "file_no_rows": {"en": "the file has a header but no rows", "zh": "文件只有表头，没有数据行"},
    "sheet_empty": {"en": "the sheet is empty", "zh": "工作表是空的"},
    "sheet_no_rows": {"en": "the sheet has a header but no rows", "zh": "工作表只有表头，没有数据行"},
    "formula_without_value": {"en": "is a formula without a saved value: open the file in Excel, save it, "
                                    "or paste the values instead of the formula",
                              "zh": "是没有保存计算结果的公式：请在 Excel 中打开并保存该文件，或粘贴数值代替公式"},
    "table_unknown": {"en": "the table cannot be told from the name: name the file or sheet after a table "
                            "({tables}) or choose it",
                      "zh": "无法从名称判断对应的表：请按表名（{tables}）命名文件或工作表，或手动选择"},
    "currency_unknown": {"en": "is not an ISO 4217 currency code (three letters such as CNY, USD, EUR)",
                         "zh": "不是 ISO 4217 货币代码（三个字母，如 CNY、USD、EUR）"},
    # columns
    "column_unknown": {"en": "is not a column of this table: ignored", "zh": "不是此表的列：已忽略"},
    "column_missing": {"en": "is a required column and is missing from the file", "zh": "是必填列，但文件中没有这一列"},
    # values
    "required_empty": {"en": "is empty, but this column is required", "zh": "为空，但此列必填"},
    "too_long": {"en": "is longer than {length} characters", "zh": "超过 {length} 个字符"},
    "not_whole_number": {"en": "is not a whole number", "zh": "不是整数"},
    "not_number": {"en": "is not a number (use a dot for decimals, no thousands separators or currency signs)",
                   "zh": "不是数字（小数点请用“.”，不要千位分隔符或货币符号）"},
    "too_many_decimals": {"en": "has more than {scale} decimal places", "zh": "小数位超过 {scale} 位"},
    "not_yes_no": {"en": "is not yes/no (use true or false)", "zh": "不是“是/否”（请填 true 或 false）"},
    "not_date": {"en": "is not a date (write dates as 2024-03-31, 2024/03/31 or 20240331)",
                 "zh": "不是日期（日期请写成 2024-03-31、2024/03/31 或 20240331）"},
    "not_calendar_date": {"en": "is not a real calendar date", "zh": "不是日历上存在的日期"},
    "not_calendar_time": {"en": "is not a real calendar date and time", "zh": "不是日历上存在的日期和时间"},
    "ambiguous_date": {"en": "has dates like this one where day and month could be either way round: "
                             "give --date-format %d/%m/%Y (day first) or %m/%d/%Y (month first)",
                       "zh": "含有此类日期，无法判断日和月的先后：请选择日期格式 %d/%m/%Y（日在前）"
                             "或 %m/%d/%Y（月在前）"},
    "negative": {"en": "is negative", "zh": "是负数"},
    "at_least": {"en": "must be at least {low}", "zh": "不能小于 {low}"},
    "more_than": {"en": "must be more than {low}", "zh": "必须大于 {low}"},
    "between": {"en": "must be between {low} and {high}", "zh": "必须在 {low} 到 {high} 之间"},
    # keys and links
    "duplicate_in_file": {"en": "appears more than once in the file (first in row {first})",
                          "zh": "在文件中出现多次（第一次在第 {first} 行）"},
    "duplicate_across_files": {"en": "appears in more than one file", "zh": "出现在多个文件中"},
    "key_in_database": {"en": "is already in the database (use --mode upsert to update, or replace)",
                        "zh": "数据库中已有此编号（如要更新，请选择“按编号更新”或“替换”方式）"},
    "keys_in_database_many": {"en": "{count} rows are already in the database ({detail}; the first: {first}): were "
                                     "these files imported before? Use --mode upsert to update them",
                              "zh": "有 {count} 行已在数据库中（{detail}；第一处：{first}）：这些文件是否已导入过？"
                                    "如要更新，请选择“按编号更新”方式"},
    "key_taken_meanwhile": {"en": "is already in the database: another import added it while this one was being "
                                  "checked. Nothing was written: check again",
                            "zh": "已在数据库中：在本次检查期间另一次导入添加了它。未写入任何数据：请重新检查"},
    "line_twice": {"en": "this order already has a line with this number in the files",
                   "zh": "文件中此订单已有相同行号的明细"},
    "points_to_nothing": {"en": "points to a {parent} that is neither in the files nor in the database",
                          "zh": "指向的{parent}既不在导入的文件中，也不在数据库中"},
    "replace_drops_keys": {"en": "{count} ids the database's {child} rows point to (in {column}) are not in the "
                                 "new file: replace {child} too, or keep those rows",
                           "zh": "数据库中{child}的 {count} 个引用编号（{column} 列）不在新文件中："
                                 "请同时替换{child}，或保留这些行"},
}

# what a row of a table is called inside a sentence
RECORD: dict[str, dict[str, str]] = {
    "employee": {"en": "employee", "zh": "员工"}, "customer": {"en": "customer", "zh": "客户"},
    "product": {"en": "product", "zh": "产品"}, "sales_order": {"en": "sales order", "zh": "销售订单"},
    "campaign": {"en": "campaign", "zh": "营销活动"}, "lead": {"en": "lead", "zh": "销售线索"},
    "opportunity": {"en": "opportunity", "zh": "商机"},
}

KIND = {"fault": {"en": "fault", "zh": "错误"}, "warning": {"en": "warning", "zh": "警告"}}


@dataclass(frozen=True)
class Said:
    """A message code and its values; a value may itself be per language (``{"en": ..., "zh": ...}``)."""

    code: str
    values: tuple[tuple[str, object], ...] = ()

    def text(self, lang: str = "en") -> str:
        values = {k: (v.get(lang, v["en"]) if isinstance(v, dict) else v) for k, v in self.values}
        template = MESSAGES[self.code]
        return template.get(lang, template["en"]).format(**values)

    def __str__(self) -> str:
        return self.text("en")


def say(code: str, **values: object) -> Said:
    """The message ``code`` with its ``{placeholders}`` values."""
    if code not in MESSAGES:
        raise KeyError(code)
    return Said(code, tuple(values.items()))


def record(table: str) -> dict[str, str]:
    """A row of ``table`` named in both languages (``sales_order`` -> sales order / 销售订单)."""
    return RECORD.get(table, {"en": table.replace("_", " "), "zh": table})
