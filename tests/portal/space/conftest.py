# The surveys' lease 100001 (Claire and Karim MARTIN) and its launched campaign.
from tests.portal.surveys.conftest import campaign, claire, claire_client, martins  # noqa: F401 - fixtures
