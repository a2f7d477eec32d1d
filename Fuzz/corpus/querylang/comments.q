# hunting
from audit_events // all of them
| where ip_address == 198.51.100.250
| head 5