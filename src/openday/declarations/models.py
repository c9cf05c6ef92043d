"""Theme declarations (主题申报) — models arrive with the declarations issue."""
