"""HTTP views: pages (timeline, drill-downs, articles), exports, and staff ingestion."""
