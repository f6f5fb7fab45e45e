"""Service client follows the exchanges with the management system (read only)."""

GROUP_PERMISSIONS = {
    "Service client": [
        "erp.view_importrun",
        "erp.view_exportrun",
    ],
}
