"""What the web client reads for each card of the pathway kanban (tests and benchmarks)."""

CARD_SPECIFICATION = {
    "name": {},
    "state": {},
    "priority": {},
    "color": {},
    "days_in_stage": {},
    "activity_state": {},
    "activity_summary": {},
    "activity_date_deadline": {},
    "activity_ids": {"fields": {}},
    "patient_id": {"fields": {"display_name": {}}},
    "programme_id": {"fields": {"display_name": {}}},
    "tag_ids": {"fields": {"display_name": {}, "color": {}}},
    "user_id": {"fields": {"display_name": {}}},
}
