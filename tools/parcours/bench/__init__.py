"""Scripts run inside `odoo shell` (generate, bench, export_rss) and the load test driver."""
