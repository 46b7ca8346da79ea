"""Where an OpenID sign-in lands (issue 19): the app's own page a shared link named, never anywhere else."""

import pytest

from dashboard.access.remember import destination
from dashboard.core.navigation import ALL_PAGES

PATHS = {spec.url_path for spec in ALL_PAGES}


@pytest.mark.parametrize("noted, landing", [
    ("/segments?lang=zh&region=East", "/segments?lang=zh&region=East"),
    ("%2Fsegments%3Flang%3Dzh%26region%3DEast%2CNorth", "/segments?lang=zh&region=East,North"),
    ("/crm/customer_detail?customer=12", "/crm/customer_detail?customer=12"),  # under a base URL path
    ("/sales", "/sales"),
])
def test_a_page_of_the_app_is_a_destination(noted, landing):
    assert destination(noted, PATHS) == landing


@pytest.mark.parametrize("noted", [
    "//evil.example/segments", "https://evil.example/segments", "/segments?next=<script>", "/nowhere?x=1",
    "/", "", "segments", "/segments#x", "/%2F%2Fevil.example/segments", "/segments?a=1\nSet-Cookie: x", None, 7,
])
def test_anything_else_is_not(noted):
    assert destination(noted, PATHS) is None
