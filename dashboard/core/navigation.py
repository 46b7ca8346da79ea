"""The pages of the app, declared once: path, title (``TEXT[title_key]``, both languages), icon, URL, group and
the roles that may open it. The router lists a role's pages from here, and every page hands its own spec to
``dashboard.core.guard.enter``, which checks the same roles."""

from dataclasses import dataclass

from data.accounts import ROLES, Role
from metrics.scorecard.strategy import Perspective

EVERY_ROLE = frozenset(ROLES)


@dataclass(frozen=True)
class PageSpec:
    path: str
    title_key: str
    icon: str
    url_path: str
    group_key: str
    roles: frozenset[str] = EVERY_ROLE
    filters: bool = True  # False: the page uses no sidebar filter, so the sidebar draws none (they kept, unshown)

    def permits(self, role: str | None) -> bool:
        """Whether ``role`` may open this page (an unknown role or nobody may not)."""
        return role in ROLES and role in self.roles


ADMINS = frozenset({Role.ADMIN})

OVERVIEW = PageSpec("pages/overview.py", "page_overview", ":material/dashboard:", "overview", "group_scorecard")
PERSPECTIVE_PAGES = {
    Perspective.FINANCIAL: PageSpec("pages/financial.py", "page_financial", ":material/payments:", "financial",
                                    "group_scorecard"),
    Perspective.CUSTOMER: PageSpec("pages/customer.py", "page_customer", ":material/groups:", "customer",
                                   "group_scorecard"),
    Perspective.PROCESS: PageSpec("pages/process.py", "page_process", ":material/account_tree:", "process",
                                  "group_scorecard"),
    Perspective.LEARNING: PageSpec("pages/learning.py", "page_learning", ":material/school:", "learning",
                                   "group_scorecard"),
}
LINKS = PageSpec("pages/links.py", "page_links", ":material/conversion_path:", "links", "group_scorecard")
SEGMENTS = PageSpec("pages/segments.py", "page_segments", ":material/donut_small:", "segments", "group_customers")
CUSTOMER_DETAIL = PageSpec("pages/customer_detail.py", "page_customer_detail", ":material/person_search:",
                           "customer_detail", "group_customers")
# every role, as the customer pages: contact data masked by role (``dashboard.core.roles``)
WHO = PageSpec("pages/who.py", "drill_page_who", ":material/group_search:", "who", "group_customers")
PORTFOLIOS = PageSpec("pages/portfolios.py", "page_portfolios", ":material/fence:", "portfolios", "group_customers")
SALES = PageSpec("pages/sales.py", "sales_page_title", ":material/leaderboard:", "sales", "sales_group",
                 frozenset({Role.EXECUTIVE, Role.ADMIN}))  # no sales-manager role: those who set targets
PROGRAM = PageSpec("pages/program.py", "page_program", ":material/timeline:", "program", "group_program")
DATA = PageSpec("pages/data.py", "page_data", ":material/database:", "data", "group_admin", ADMINS, filters=False)
ADMIN_IMPORT = PageSpec("pages/admin_import.py", "page_import", ":material/upload_file:", "import", "group_admin",
                        ADMINS, filters=False)
ADMIN_QUALITY = PageSpec("pages/admin_quality.py", "quality_title", ":material/fact_check:", "quality",
                         "group_admin", ADMINS, filters=False)
ADMIN_TARGETS = PageSpec("pages/admin_targets.py", "page_targets", ":material/target:", "targets", "group_admin",
                         frozenset({Role.EXECUTIVE, Role.ADMIN}), filters=False)
ADMIN_USERS = PageSpec("pages/admin_users.py", "page_admin_users", ":material/manage_accounts:", "admin_users",
                       "group_admin", ADMINS, filters=False)
ADMIN_AUDIT = PageSpec("pages/admin_audit.py", "page_admin_audit", ":material/history:", "admin_audit",
                       "group_admin", ADMINS, filters=False)
# the monthly review (issue 20) and what reaches people (issue 21)
MY_SCORECARD = PageSpec("pages/my_scorecard.py", "review_page_mine", ":material/person_check:", "my_scorecard",
                        "group_review")
REVIEW = PageSpec("pages/review.py", "initiatives_page_review", ":material/event_note:", "review", "group_review")
INITIATIVES = PageSpec("pages/initiatives.py", "initiatives_page", ":material/rocket_launch:", "initiatives",
                       "group_review")
ALERTS = PageSpec("pages/alerts.py", "notify_page_alerts", ":material/notifications:", "alerts", "group_review",
                  filters=False)
NOTIFICATIONS = PageSpec("pages/notifications.py", "notify_page_settings", ":material/mark_email_unread:",
                         "notifications", "group_review", filters=False)
SCORECARD_SETTINGS = PageSpec("pages/scorecard_settings.py", "review_page_settings", ":material/tune:",
                              "scorecard_settings", "group_admin", frozenset({Role.EXECUTIVE, Role.ADMIN}),
                              filters=False)
ALL_PAGES = (OVERVIEW, *PERSPECTIVE_PAGES.values(), LINKS, SEGMENTS, WHO, CUSTOMER_DETAIL, PORTFOLIOS, SALES, PROGRAM,
             MY_SCORECARD, REVIEW, INITIATIVES, ALERTS, NOTIFICATIONS, DATA, ADMIN_QUALITY,
             ADMIN_IMPORT, ADMIN_TARGETS, SCORECARD_SETTINGS, ADMIN_USERS, ADMIN_AUDIT)
