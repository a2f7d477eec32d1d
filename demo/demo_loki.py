"""Loki log lines of the demo data set, as Loki push API bodies (POST /loki/api/v1/push).

The lines have the shapes the real services write (../docs/loki.md): the executor pushes one
JSON line per audit-row write (pending, then completed or failed); the backend writes NestJS
console lines, plain (`Login success for user id=...`, `Tokens refreshed for user id=...`,
`Policy updated: <name> (<id>)`) and HTTP access lines wrapping JSON (method, path, IPv4-mapped
client address, user agent). Deterministic, standard library only.

Phase 1 (loki_phase1.json) is served from the start; the incident (loki_incident.json) is
pushed after the first sync, like the incident's database rows.
"""
import datetime as _dt
import json
import random

EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)
SEC = 1_000_000


def _nest_time(us: int) -> str:
    dt = EPOCH + _dt.timedelta(microseconds=us)
    h12 = dt.hour % 12 or 12
    return f"{dt.month}/{dt.day}/{dt.year}, {h12}:{dt.minute:02d}:{dt.second:02d} {'AM' if dt.hour < 12 else 'PM'}"


def _iso_ms(us: int) -> str:
    dt = EPOCH + _dt.timedelta(microseconds=us)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def _nest(us: int, level: str, context: str, message: str) -> str:
    return f"[Nest] 1  - {_nest_time(us)} {level:>7} [{context}] {message}"


class Lines:
    """Entries grouped by stream labels."""

    def __init__(self):
        self.streams: dict[tuple, list] = {}

    def add(self, us: int, labels: dict, line: str):
        self.streams.setdefault(tuple(sorted(labels.items())), []).append((us, line))

    def backend(self, us: int, level: str, context: str, message: str):
        self.add(us, {"job": "aegis-backend", "level": "info" if level == "LOG" else level.lower(),
                      "container": "aegis-backend"}, _nest(us, level, context, message))

    def http(self, us: int, method: str, path: str, status: int, ip: str, ua: str, rng: random.Random):
        dur = 8 + rng.randrange(120)
        level = "info" if status < 400 else "warn"
        body = {"level": level, "message": f"{method} {path} {status} {dur}ms", "method": method, "path": path,
                "ip": "::ffff:" + ip, "duration_ms": dur, "statusCode": status, "userAgent": ua,
                "timestamp": _iso_ms(us)}
        self.backend(us, "LOG" if level == "info" else "WARN", "HTTP", json.dumps(body, separators=(",", ":")))

    def executor(self, action: dict, created_at: int, rng: random.Random):
        """The executor's lines for one audit row: pending at creation, then its final status."""
        def push(us, status, final):
            body = {"audit_id": action["id"], "action_type": action["action_type"], "status": status,
                    "namespace": action["namespace"], "resource_type": action["resource_type"],
                    "resource_name": action["resource_name"], "requested_by": action["requested_by"]}
            if final:
                body["error_message"] = action.get("error_message")
                body["execution_duration"] = action.get("execution_duration")
            body["timestamp"] = _iso_ms(created_at)
            self.add(us, {"job": "aegis-executor", "level": "error" if status == "failed" else "info",
                          "action_type": action["action_type"], "namespace": action["namespace"],
                          "status": status}, json.dumps(body, separators=(",", ":")))
        push(created_at + 2000 + rng.randrange(3000), "pending", False)
        if action["status"] != "pending":
            done = action.get("completed_at") or created_at + 500_000
            push(done + 1000 + rng.randrange(2000), action["status"], True)

    def write(self, path: str):
        streams = [{"stream": dict(labels), "values": [[str(us * 1000), line] for us, line in sorted(entries)]}
                   for labels, entries in sorted(self.streams.items())]
        with open(path, "w", encoding="utf-8") as f:
            json.dump({"streams": streams}, f, separators=(",", ":"))
            f.write("\n")


def refreshes(lines: Lines, humans: list, t0: int, t1: int, rng: random.Random, n: int):
    """Token refreshes: the AuthService line, then the access line with the caller's address."""
    for _ in range(n):
        h = rng.choice(humans)
        t = t0 + rng.randrange(t1 - t0)
        lines.backend(t, "LOG", "AuthService", f"Tokens refreshed for user id={h.id}")
        lines.http(t + 40_000, "POST", "/api/v1/auth/refresh", 201, h.ip(rng), h.ua(rng), rng)


def policy_edits(lines: Lines, policies: list, admins: list, t0: int, t1: int, rng: random.Random):
    """The ordinary policy edits of phase 1, by an admin from the admin's usual address."""
    for p in policies:
        if t0 <= p["updated"] < t1 and p["updated"] != p["created"]:
            admin = rng.choice(admins)
            lines.http(p["updated"] + 30_000, "PUT", f"/api/v1/policy/{p['id']}", 200, admin.ips[0], admin.uas[0], rng)
            lines.backend(p["updated"] + 20_000, "LOG", "PolicyService", f"Policy updated: {p['name']} ({p['id']})")
