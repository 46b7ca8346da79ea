"""Texts of the Import, data quality and the targets editor (issue 9)."""

TEXT: dict[str, dict[str, str]] = {
    "page_import": {"en": "Import data", "zh": "导入数据"},
    "import_intro": {"en": "Bring in your own customers, orders and more from CSV files or Excel workbooks. "
                              "Nothing is written until every row passes the checks; then all files go in "
                              "together or not at all.",
                     "zh": "从 CSV 文件或 Excel 工作簿导入贵公司的客户、订单等数据。"
                           "所有行通过检查之前不会写入任何数据；之后全部文件一起写入，要么全部成功，要么全部不写入。"},
    "import_templates": {"en": "Templates", "zh": "模板"},
    "import_templates_help": {"en": "One CSV per table with its headers and an example row, and a sheet describing "
                                    "every column (required or not, type, meaning) in English and Chinese.",
                              "zh": "每张表一个 CSV（含表头和一行示例），"
                                    "以及一份说明每一列（是否必填、类型、含义）的中英文表格。"},
    "import_download_templates": {"en": "Download templates (zip)", "zh": "下载模板（zip）"},
    "import_download_columns": {"en": "Download the column guide (CSV)", "zh": "下载列说明（CSV）"},
    "import_files": {"en": "Files to import (.csv or .xlsx)", "zh": "要导入的文件（.csv 或 .xlsx）"},
    "import_upload_limit": {
        "en": "At most {mb} MB per file. The upload box's own words (\"Drag and drop files here\", \"Limit … per "
              "file\", \"Browse files\") come from Streamlit and stay in English.",
        "zh": "每个文件最大 {mb} MB。上传框自身的文字（“Drag and drop files here”“Limit … per file”“Browse files”）"
              "由 Streamlit 提供，无法翻译，只能显示英文。"},
    "import_table_for": {"en": "Table for {file}", "zh": "{file} 对应的表"},
    "import_table_unknown": {"en": "(choose a table)", "zh": "（请选择表）"},
    "import_mapping": {"en": "Columns of {file}", "zh": "{file} 的列"},
    "import_mapping_help": {"en": "Which of our fields each of your headers holds; remembered for next time.",
                            "zh": "您的每个表头对应我们的哪个字段；下次导入时会记住。"},
    "import_ignore": {"en": "(ignore)", "zh": "（忽略）"},
    "import_mode": {"en": "Mode", "zh": "方式"},
    "import_mode_append": {"en": "Append: add rows, refuse ids already there",
                           "zh": "追加：添加新行，拒绝已存在的编号"},
    "import_mode_upsert": {"en": "Update by id, add the rest", "zh": "按编号更新，其余追加"},
    "import_mode_replace": {"en": "Replace the tables given", "zh": "替换所给的表"},
    "import_date_format": {"en": "Date format for dates like 03/04/2024 (optional)",
                           "zh": "形如 03/04/2024 的日期格式（可选）"},
    "import_date_auto": {"en": "(detect)", "zh": "（自动识别）"},
    "import_currency": {"en": "Currency of the amounts", "zh": "金额的货币"},
    "import_currency_help": {"en": "The ISO 4217 code of your prices and costs (USD, EUR, CNY, ...); every amount "
                                   "in the app is shown in it.",
                             "zh": "贵公司价格与成本所用货币的 ISO 4217 代码（USD、EUR、CNY 等）；"
                                   "应用中的金额均以此显示。"},
    "import_taken": {"en": "{count} rows were added by another import while this one was being checked. Nothing was "
                           "written: check again.",
                     "zh": "在本次检查期间，另一次导入已写入其中 {count} 行。未写入任何数据：请重新检查。"},
    "import_check": {"en": "Check (nothing is written)", "zh": "检查（不写入）"},
    "import_run": {"en": "Import", "zh": "导入"},
    "import_preview": {"en": "First rows of {file}", "zh": "{file} 的前几行"},
    "import_faults": {"en": "{count} faults: fix them and check again. Nothing was written.",
                      "zh": "发现 {count} 处错误：请修正后重新检查。未写入任何数据。"},
    "import_warnings": {"en": "{count} warnings (columns ignored)", "zh": "{count} 条提示（已忽略的列）"},
    "import_ready": {"en": "Every row passed: {rows} rows ready to import.", "zh": "全部通过：{rows} 行可以导入。"},
    "import_download_faults": {"en": "Download the fault report (CSV)", "zh": "下载错误报告（CSV）"},
    "import_progress": {"en": "Writing {table} ({done} of {total} rows)",
                        "zh": "正在写入 {table}（{done} / {total} 行）"},
    "import_refreshing": {"en": "Refreshing the dashboard's data", "zh": "正在刷新仪表板数据"},
    "import_done": {"en": "Imported: {counts}. The scorecard shows the new numbers now.",
                    "zh": "导入完成：{counts}。计分卡已显示新数据。"},
    "import_unreachable": {"en": "Cannot reach the database at {url}.", "zh": "无法连接数据库 {url}。"},
    "import_no_files": {"en": "Upload one or more files to begin.", "zh": "请先上传一个或多个文件。"},
    "fault_file": {"en": "File", "zh": "文件"},
    "fault_table": {"en": "Table", "zh": "表"},
    "fault_row": {"en": "Row", "zh": "行"},
    "fault_column": {"en": "Column", "zh": "列"},
    "fault_value": {"en": "Value", "zh": "值"},
    "fault_problem": {"en": "Problem", "zh": "问题"},
    "fault_kind": {"en": "Kind", "zh": "类型"},
    "not_measured": {"en": "not measured: needs {what}", "zh": "未计量：需要{what}"},
    "measured_of": {"en": "score from {measured} of {total} KPIs measured",
                    "zh": "得分基于 {total} 个指标中已计量的 {measured} 个"},
    "quality_title": {"en": "Data quality", "zh": "数据质量"},
    "quality_not_measured": {"en": "KPIs not measured and the data they need", "zh": "未计量的指标及所需数据"},
    "quality_all_measured": {"en": "Every KPI can be measured with the data loaded.",
                             "zh": "已加载的数据足以计量所有指标。"},
    "quality_completeness": {"en": "Completeness per column", "zh": "各列完整度"},
    "quality_days_old": {"en": "Days since the last record", "zh": "距最后一条记录天数"},
    "quality_given": {"en": "Values given", "zh": "已填写"},
    "quality_share": {"en": "Complete", "zh": "完整度"},
    "quality_rules": {"en": "Rule violations", "zh": "违反规则"},
    "quality_no_problems": {"en": "No rule violations, orphans or duplicates found.",
                            "zh": "未发现违反规则、孤立记录或重复。"},
    "import_demo_retired": {
        "en": "The demo's {count} sign-ins are disabled now that the data is the company's; sessions signed in "
              "with them end at their next click. Add an administrator with "
              "`python -m data users add EMAIL --role admin`.",
        "zh": "数据已是公司自己的数据，演示账号（{count} 个）已停用，用它们登录的会话将在下一次点击时结束。"
              "请用 `python -m data users add EMAIL --role admin` 添加管理员。"},
}
