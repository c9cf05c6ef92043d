"""Staff views of activities: the activity page and its small actions (``detail``), the pages
of filing, the notice and the report (``pages``), file downloads (``files``) and the
campaign's materials for units (``materials``)."""
