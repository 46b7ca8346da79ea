import streamlit as st

from dashboard.admin import importing
from dashboard.core import guard, navigation
from dashboard.core.i18n import t

guard.enter(navigation.ADMIN_IMPORT)

st.title(t("page_import"))
st.caption(t("import_intro"))
importing.templates()
st.divider()
importing.upload_limit_note()
files = st.file_uploader(t("import_files"), type=["csv", "xlsx"], accept_multiple_files=True, key="import_files",
                         max_upload_size=importing.upload_limit_mb())
if not files:
    st.info(t("import_no_files"), icon=":material/upload_file:")
    st.stop()
sources = importing.uploads(files)
mapping = importing.mappings(sources)
mode, date_format, currency = importing.mode_picker()
importing.import_flow(sources, mapping, mode, date_format, currency)
