from audit_events
| where event_type == "x"
| stat count()