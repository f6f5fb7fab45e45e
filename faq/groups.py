"""The communication team reads the helpfulness votes (counts in the FAQ page editor)."""

GROUP_PERMISSIONS = {"Communication": ["faq.view_helpfulnessvote"]}
