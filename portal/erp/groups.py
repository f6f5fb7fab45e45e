"""Service client follows the exchanges with the management system and retries a failed or stuck import."""

GROUP_PERMISSIONS = {
    "Service client": [
        "erp.view_importrun",
        "erp.retry_importrun",
        "erp.view_exportrun",
    ],
}
