#!/usr/bin/env python3
"""Deterministic demo data for aegis-audit, with a planted security incident.

Usage: generate_demo_data.py --out DIR      (load each file with
       psql -X -v ON_ERROR_STOP=1 -d DB -f FILE)

  backend_schema_and_data.sql   backend database, TypeORM camelCase dialect (roles, users,
                                user_roles, policies, policy_audit_logs, audit_events and the
                                backend's own snake_case action_audit_logs), phase 1
  executor_schema_and_data.sql  executor database, snake_case production dialect
                                (action_audit_logs, execution_errors), phase 1
  incident_backend.sql          phase 2, applied after a first sync: more normal activity
  incident_executor.sql         and the planted incident
  README.txt                    what the data holds; the incident's answer key

Phase 1 (2026-11-04 to 2026-11-18 UTC) is background only: people on fixed 10.8.x.y VPN
addresses, services on 10.244.x.y pod addresses, the executor never in kube-system.  Phase 2
(2026-11-18 00:00-06:00) adds an attacker at 198.51.100.250 with leaked credentials who flips
the "Deny Mutations in kube-system" policy to allow, acts on kube-system through the executor
and replays an old signed request.  Nothing is deleted (a later feature plants deletions).
DDL is copied from the project's reference generator (bench/gen_aegis.py); rows are text-format
COPY blocks; ids are UUID v4 from seeded random.Random streams; no clock is read, so every run
writes the same bytes.  Python 3.11+ standard library only.
"""

import argparse
import bisect
import datetime as dt
import json
import math
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import demo_loki  # noqa: E402  (beside this file)

SEED = "aegis-demo-2026-11-18"
EPOCH = dt.datetime(1970, 1, 1)
SEC, HOUR, DAY = 1_000_000, 3_600_000_000, 86_400_000_000


def T(text: str) -> int:
    """'YYYY-MM-DD HH:MM:SS[.ffffff]' (UTC) -> microseconds since the epoch."""
    return (dt.datetime.fromisoformat(text) - EPOCH) // dt.timedelta(microseconds=1)


START, END, P2_END = T("2026-11-04 00:00:00"), T("2026-11-18 00:00:00"), T("2026-11-18 06:00:00")
ATTACKER_IP, ATTACKER_UA = "198.51.100.250", "python-requests/2.31.0"
GUARD = "Deny Mutations in kube-system"

# ---------------------------------------------------------------- vocabulary
NAMESPACES = ["production", "staging", "payments", "default", "checkout", "monitoring", "search",
              "data-pipeline", "ml-serving", "notifications", "billing", "auth", "analytics",
              "api-gateway", "ingress-nginx", "logging", "qa", "dev"]     # never kube-system
DEPLOYMENTS = ["api-gateway", "api-orders", "api-users", "api-catalog", "api-payments", "api-search",
               "web-frontend", "web-admin", "worker-email", "worker-billing", "scheduler",
               "checkout-service", "cart-service", "inventory-service", "fraud-detector",
               "ledger-service", "model-server"]
STATEFULSETS = ["redis-cache", "kafka", "zookeeper", "elasticsearch", "postgres-replica"]
SYSTEM_WORKLOADS = {"monitoring": ["prometheus-server", "alertmanager", "grafana"],
                    "logging": ["loki", "promtail"], "ingress-nginx": ["ingress-nginx-controller"]}
KUBE_SYSTEM = ["coredns", "metrics-server", "kube-proxy", "cluster-autoscaler"]
K8S_ALNUM = "bcdfghjklmnpqrstvwxz2456789"
ACTION_TYPES = ["restart_pod", "scale_deployment", "rollback_deployment", "delete_pod", "update_config"]
# Service principal -> (share of executor actions, user agent, weights of ACTION_TYPES).
SERVICES = {
    "ai-engine": (0.50, "python-httpx/0.25.2", [55, 30, 5, 8, 2]),
    "self-healing": (0.13, "axios/1.6.2", [80, 0, 0, 20, 0]),
    "ci-deployer": (0.07, "GitHub-Actions/2.311.0 curl/8.4.0", [25, 25, 30, 0, 20]),
    "argocd": (0.05, "argocd-application-controller/v2.9.2", [0, 35, 45, 0, 20]),
    "alertmanager": (0.02, "Alertmanager/0.26.0", [70, 30, 0, 0, 0]),
    "kube-janitor": (0.02, "python-requests/2.31.0", [0, 0, 0, 100, 0]),
    "backup-operator": (0.01, "Go-http-client/1.1", [0, 100, 0, 0, 0]),
    "terraform": (0.01, "Terraform/1.6.4 (+https://www.terraform.io)", [0, 50, 0, 0, 50]),
}
HUMAN_SHARE, HUMAN_MIX = 0.19, [35, 25, 15, 15, 10]      # admins calling the executor
FIRST = ["James", "Mary", "Robert", "Linda", "David", "Susan", "Priya", "Arjun", "Wei", "Mei", "Hiroshi",
         "Olga", "Fatima", "Omar", "Lucas", "Sofia", "Noah", "Emma", "Amara", "Kwame", "Ingrid", "Lars",
         "Aisha", "Chen", "Ana", "Pedro", "Nina", "Ethan"]
LAST = ["Smith", "Johnson", "Garcia", "Miller", "Davis", "Martinez", "Wilson", "Anderson", "Taylor",
        "Moore", "Lee", "Thompson", "White", "Harris", "Clark", "Lewis", "Walker", "King", "Wright",
        "Nguyen", "Patel", "Kim", "Singh", "Tanaka", "Okafor", "Larsen", "Novak"]
SPECIAL_PEOPLE = [("Zoë", "Müller", "zoë.müller"), ("Siobhán", "O'Brien", "siobhan.obrien"),
                  ("美咲", "佐藤", "misaki.sato")]
BROWSER_UAS = [
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:120.0) Gecko/20100101 Firefox/120.0"]
CLI_UAS = ["curl/8.4.0", "HTTPie/3.2.2", "kubectl/v1.28.4 (linux/amd64) kubernetes/bae2c62"]
# Hostile strings, only ever placed in free-text columns (user agents, error messages).
HOSTILE = ['Mozilla/5.0 (compatible; "quoted" agent, with, commas)', "multi-line\nuser agent",
           "tab\tand back\\slash", '=HYPERLINK("https://example.invalid/","open")', "=1+2",
           "Zoë Ærøskøbing — 日本語テキスト 🚀", "O'Reilly \"Agent\"; v=1", "\\.", ""]
HUMAN_DAY = [0.04, 0.03, 0.02, 0.02, 0.03, 0.06, 0.15, 0.35, 0.75, 1.0, 1.0, 0.95, 0.75, 0.9, 1.0,
             0.95, 0.85, 0.65, 0.4, 0.3, 0.22, 0.16, 0.1, 0.06]
TRAFFIC_DAY = [0.55, 0.5, 0.45, 0.42, 0.42, 0.45, 0.55, 0.7, 0.85, 0.95, 1.0, 1.0, 1.0, 1.05, 1.1,
               1.15, 1.2, 1.2, 1.15, 1.05, 0.95, 0.85, 0.75, 0.65]

# ----------------------------------------------------------------------- DDL
# Backend: TypeORM synchronize output (gen_aegis.py camel_backend()), re-wrapped; the
# backend's action_audit_logs entity names its columns, so it stays snake_case.
BACKEND_TABLES = """\
-- Aegis backend database, development dialect (TypeORM synchronize, no naming
-- strategy: quoted camelCase columns, enum types, TIMESTAMP without time zone).
CREATE EXTENSION IF NOT EXISTS "uuid-ossp";

CREATE TYPE "public"."roles_name_enum" AS ENUM('admin', 'user', 'auditor');
CREATE TABLE "roles" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(),
  "name" "public"."roles_name_enum" NOT NULL, "description" text,
  "permissions" jsonb NOT NULL DEFAULT '{}', "createdAt" TIMESTAMP NOT NULL DEFAULT now(),
  "updatedAt" TIMESTAMP NOT NULL DEFAULT now(),
  CONSTRAINT "UQ_648e3f5447f725579d7d4ffdfb7" UNIQUE ("name"),
  CONSTRAINT "PK_c1433d71a4838793a49dcad46ab" PRIMARY KEY ("id"));

CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(),
  "email" character varying NOT NULL, "password" character varying NOT NULL,
  "firstName" character varying, "lastName" character varying, "avatar" character varying,
  "isActive" boolean NOT NULL DEFAULT true, "refreshToken" character varying,
  "passwordResetToken" character varying,
  "passwordResetTokenExpiresAt" TIMESTAMP WITH TIME ZONE, "preferences" jsonb DEFAULT '{}',
  "createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(),
  CONSTRAINT "UQ_97672ac88f789774dd47f7c8be3" UNIQUE ("email"),
  CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"));

CREATE TABLE "user_roles" ("user_id" uuid NOT NULL, "role_id" uuid NOT NULL,
  CONSTRAINT "PK_23ed6f04fe43066df08379fd034" PRIMARY KEY ("user_id", "role_id"));

CREATE TYPE "public"."policies_type_enum" AS ENUM('api_access', 'self_healing', 'data_access', 'resource_limit');
CREATE TYPE "public"."policies_effect_enum" AS ENUM('allow', 'deny');
CREATE TABLE "policies" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(),
  "name" character varying NOT NULL, "description" text,
  "type" "public"."policies_type_enum" NOT NULL,
  "effect" "public"."policies_effect_enum" NOT NULL DEFAULT 'deny', "conditions" jsonb NOT NULL,
  "actions" jsonb NOT NULL DEFAULT '{}', "resources" jsonb NOT NULL DEFAULT '{}',
  "priority" integer NOT NULL DEFAULT 100, "isActive" boolean NOT NULL DEFAULT true,
  "createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(),
  CONSTRAINT "PK_603e09f183df0108d8695c57e28" PRIMARY KEY ("id"));

CREATE TYPE "public"."policy_audit_logs_result_enum" AS ENUM('allow', 'deny', 'error');
CREATE TABLE "policy_audit_logs" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(),
  "userId" character varying, "action" character varying NOT NULL,
  "resource" character varying NOT NULL,
  "result" "public"."policy_audit_logs_result_enum" NOT NULL,
  "context" jsonb NOT NULL DEFAULT '{}', "appliedPolicies" jsonb NOT NULL DEFAULT '[]',
  "reason" text, "ipAddress" character varying, "userAgent" character varying,
  "createdAt" TIMESTAMP NOT NULL DEFAULT now(),
  CONSTRAINT "PK_1897cc66dba019530f8d919bf80" PRIMARY KEY ("id"));

CREATE TABLE "audit_events" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(),
  "eventType" character varying(50) NOT NULL, "userId" character varying,
  "entityType" character varying, "entityId" character varying,
  "details" jsonb NOT NULL DEFAULT '{}', "ipAddress" character varying,
  "userAgent" character varying, "createdAt" TIMESTAMP NOT NULL DEFAULT now(),
  CONSTRAINT "PK_910f64d901a5c3e9878f0d4a407" PRIMARY KEY ("id"));

CREATE TABLE "action_audit_logs" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(),
  "action_type" character varying NOT NULL,
  "status" character varying NOT NULL DEFAULT 'pending', "namespace" character varying NOT NULL,
  "resource_type" character varying NOT NULL, "resource_name" character varying NOT NULL,
  "action_params" jsonb NOT NULL DEFAULT '{}', "requested_by" character varying,
  "execution_duration" integer, "error_message" character varying, "result" jsonb,
  "ip_address" character varying, "signature_provided" character varying,
  "created_at" TIMESTAMP NOT NULL DEFAULT now(), "completed_at" TIMESTAMP WITH TIME ZONE,
  CONSTRAINT "PK_1aa19c1402a4e76f2d8d8285033" PRIMARY KEY ("id"));
"""

BACKEND_POST = """\
CREATE INDEX "IDX_97672ac88f789774dd47f7c8be" ON "users" ("email");
CREATE INDEX "IDX_87b8888186ca9769c960e92687" ON "user_roles" ("user_id");
CREATE INDEX "IDX_b23c65e50a758245a33ee35fda" ON "user_roles" ("role_id");
ALTER TABLE "user_roles" ADD CONSTRAINT "FK_87b8888186ca9769c960e926870" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "user_roles" ADD CONSTRAINT "FK_b23c65e50a758245a33ee35fda1" FOREIGN KEY ("role_id") REFERENCES "roles"("id") ON DELETE CASCADE ON UPDATE CASCADE;
CREATE INDEX "IDX_3d6f8d44a991b53e2899a65eba" ON "policies" ("name");
CREATE INDEX "IDX_570846773e72506c3b74ffae3e" ON "policies" ("type");
CREATE INDEX "IDX_1d72222e3a5f6f61bba3d3eb68" ON "policy_audit_logs" ("userId");
CREATE INDEX "IDX_a1b7ecc115e549acd5dd6a4568" ON "policy_audit_logs" ("createdAt");
CREATE INDEX "IDX_caa9bffe902cb74d6366c22e57" ON "policy_audit_logs" ("userId", "createdAt");
CREATE INDEX "IDX_dfc35e29d77f64ddb4be90b4e4" ON "policy_audit_logs" ("action", "createdAt");
CREATE INDEX "IDX_548f6bc664e40b1b0c6bd07dbb" ON "audit_events" ("eventType");
CREATE INDEX "IDX_ca95e8c5e5130e53ea849bbe18" ON "audit_events" ("userId");
CREATE INDEX "IDX_d0c7616c531b265ae1f74e9a80" ON "audit_events" ("eventType", "createdAt");
CREATE INDEX "IDX_26c3b99808858e6198e2871b49" ON "audit_events" ("userId", "createdAt");
CREATE INDEX "IDX_7f51b93a1819ea59b9df7d9855" ON "audit_events" ("createdAt");
CREATE INDEX "IDX_b3ce7895a160ddd799b7f8f868" ON "action_audit_logs" ("action_type");
CREATE INDEX "IDX_21783238e276797552514a1a5e" ON "action_audit_logs" ("status");
CREATE INDEX "IDX_bc9aaad3ad2c4194591ea27db2" ON "action_audit_logs" ("namespace");
CREATE INDEX "IDX_ee6169e5c277ff4e4809b9690e" ON "action_audit_logs" ("created_at");
CREATE INDEX "IDX_cd7614dae376bbf874ca1b189c" ON "action_audit_logs" ("namespace", "created_at");
CREATE INDEX "IDX_368049dc8a75fa6a6e5fc62992" ON "action_audit_logs" ("status", "created_at");
"""

# Executor: the production SQL init script (gen_aegis.py SNAKE_EXECUTOR): the two tables a
# responder needs, their indexes and the rules that make UPDATE and DELETE no-ops.
EXECUTOR_TABLES = """\
-- Aegis executor database, production dialect (snake_case, SQL init scripts).
CREATE EXTENSION IF NOT EXISTS "uuid-ossp";

CREATE TABLE action_audit_logs (
    id UUID PRIMARY KEY DEFAULT uuid_generate_v4(),
    action_type VARCHAR(50) NOT NULL CHECK (action_type IN (
        'restart_pod', 'scale_deployment', 'rollback_deployment', 'delete_pod', 'update_config')),
    status VARCHAR(20) NOT NULL CHECK (status IN (
        'pending', 'in_progress', 'completed', 'failed', 'rejected')),
    namespace VARCHAR(255) NOT NULL,
    resource_type VARCHAR(50) NOT NULL,
    resource_name VARCHAR(255) NOT NULL,
    action_params JSONB NOT NULL,
    requested_by VARCHAR(255),
    policy_decision JSONB,
    execution_duration INTEGER,
    error_message TEXT,
    result JSONB,
    ip_address INET,
    signature TEXT,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
    completed_at TIMESTAMP WITH TIME ZONE
);

CREATE TABLE execution_errors (
    id SERIAL PRIMARY KEY,
    audit_log_id UUID REFERENCES action_audit_logs(id),
    error_code VARCHAR(100),
    error_category VARCHAR(50) CHECK (error_category IN (
        'validation', 'authorization', 'kubernetes_api', 'timeout', 'network', 'unknown')),
    error_message TEXT NOT NULL,
    error_stack TEXT,
    recoverable BOOLEAN DEFAULT false,
    retry_count INTEGER DEFAULT 0,
    occurred_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
    metadata JSONB DEFAULT '{}'::jsonb
);
"""

EXECUTOR_POST = """\
CREATE INDEX idx_action_audit_logs_namespace ON action_audit_logs(namespace);
CREATE INDEX idx_action_audit_logs_action_type ON action_audit_logs(action_type);
CREATE INDEX idx_action_audit_logs_status ON action_audit_logs(status);
CREATE INDEX idx_action_audit_logs_created_at ON action_audit_logs(created_at DESC);
CREATE INDEX idx_action_audit_logs_requested_by ON action_audit_logs(requested_by);
CREATE INDEX idx_action_audit_logs_resource ON action_audit_logs(resource_type, resource_name);
CREATE INDEX idx_action_audit_logs_namespace_created ON action_audit_logs(namespace, created_at DESC);
CREATE INDEX idx_action_audit_logs_type_status ON action_audit_logs(action_type, status, created_at DESC);
CREATE INDEX idx_action_audit_logs_action_params ON action_audit_logs USING gin(action_params);
CREATE INDEX idx_action_audit_logs_result ON action_audit_logs USING gin(result);
CREATE INDEX idx_action_audit_logs_policy_decision ON action_audit_logs USING gin(policy_decision);
CREATE INDEX idx_execution_errors_audit_log ON execution_errors(audit_log_id);
CREATE INDEX idx_execution_errors_category ON execution_errors(error_category);
CREATE INDEX idx_execution_errors_occurred ON execution_errors(occurred_at DESC);
CREATE INDEX idx_execution_errors_code ON execution_errors(error_code);

-- Immutable audit trail.
CREATE RULE action_audit_logs_no_update AS ON UPDATE TO action_audit_logs DO INSTEAD NOTHING;
CREATE RULE action_audit_logs_no_delete AS ON DELETE TO action_audit_logs DO INSTEAD NOTHING;
"""

# COPY / INSERT column lists, in the order the row tuples below are built.
COLS = {
    "roles": 'id, name, description, permissions, "createdAt", "updatedAt"',
    "users": 'id, email, password, "firstName", "lastName", avatar, "isActive", "refreshToken", '
             '"passwordResetToken", "passwordResetTokenExpiresAt", preferences, "createdAt", "updatedAt"',
    "user_roles": "user_id, role_id",
    "policies": 'id, name, description, type, effect, conditions, actions, resources, priority, '
                '"isActive", "createdAt", "updatedAt"',
    "policy_audit_logs": 'id, "userId", action, resource, result, context, "appliedPolicies", reason, '
                         '"ipAddress", "userAgent", "createdAt"',
    "audit_events": 'id, "eventType", "userId", "entityType", "entityId", details, "ipAddress", '
                    '"userAgent", "createdAt"',
    "backend_actions": "id, action_type, status, namespace, resource_type, resource_name, action_params, "
                       "requested_by, execution_duration, error_message, result, ip_address, "
                       "signature_provided, created_at, completed_at",
    "action_audit_logs": "id, action_type, status, namespace, resource_type, resource_name, action_params, "
                         "requested_by, policy_decision, execution_duration, error_message, result, "
                         "ip_address, signature, created_at, completed_at",
    "execution_errors": "audit_log_id, error_code, error_category, error_message, error_stack, "
                        "recoverable, retry_count, occurred_at, metadata",
}
SQL_HEAD = "SET client_encoding = 'UTF8';\nSET standard_conforming_strings = on;\nBEGIN;\n\n"

# ------------------------------------------------------------------ helpers


def uuid4(rng: random.Random) -> str:
    b = rng.getrandbits(128)
    b = (b & ~(0xF << 76)) | (0x4 << 76)          # version 4
    b = (b & ~(0x3 << 62)) | (0x2 << 62)          # RFC 4122 variant
    h = "%032x" % b
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def hexstr(rng: random.Random, n: int) -> str:
    return "%0*x" % (n, rng.getrandbits(4 * n))


def chars(rng: random.Random, alphabet: str, n: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def bcrypt_like(rng: random.Random) -> str:
    return "$2b$10$" + chars(rng, "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 53)


def ts(us: int | None, tz: bool = True) -> str | None:
    """timestamptz text ('...+00'), or TIMESTAMP text with tz=False."""
    if us is None:
        return None
    s = (EPOCH + dt.timedelta(microseconds=us)).strftime("%Y-%m-%d %H:%M:%S.%f")
    return s + "+00" if tz else s


def jdump(obj) -> str | None:
    return None if obj is None else json.dumps(obj, ensure_ascii=False, separators=(", ", ": "))


def copy_field(v) -> str:
    """One field in PostgreSQL's text COPY format."""
    if v is None:
        return "\\N"
    return str(v).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def copy_block(table: str, cols: str, rows) -> str:
    body = "".join("\t".join(copy_field(v) for v in row) + "\n" for row in rows)
    return f"COPY {table} ({COLS[cols]}) FROM stdin;\n{body}\\.\n\n"


def insert(table: str, cols: str, row, comment: str) -> str:
    lit = ["NULL" if v is None else str(v) if isinstance(v, int) else "'" + str(v).replace("'", "''") + "'"
           for v in row]
    return f"-- {comment}\nINSERT INTO {table} ({COLS[cols]}) VALUES\n  ({', '.join(lit)});\n"


class TimeSampler:
    """Random instants in [t0, t1) following daily (and weekly) activity curves."""

    def __init__(self, t0: int, t1: int):
        self.t0, self.hours, self.cums = t0, (t1 - t0) // HOUR, {}

    def _cum(self, kind: str, tz: int) -> list[float]:
        if (kind, tz) not in self.cums:
            cum, total = [], 0.0
            for h in range(self.hours):
                t = self.t0 + h * HOUR + tz * HOUR                # local time of that hour
                weekend = (t // DAY + 3) % 7 >= 5                   # 1970-01-01 was a Thursday
                curve = HUMAN_DAY if kind == "human" else TRAFFIC_DAY
                total += curve[(t // HOUR) % 24] * ((0.15 if kind == "human" else 0.85) if weekend else 1.0)
                cum.append(total)
            self.cums[kind, tz] = cum
        return self.cums[kind, tz]

    def __call__(self, rng: random.Random, kind: str, tz: int = 0) -> int:
        cum = self._cum(kind, tz)
        return self.t0 + bisect.bisect(cum, rng.random() * cum[-1]) * HOUR + rng.randrange(HOUR)

# ------------------------------------------------------------------ the world


class Human:
    def __init__(self, **kw):
        self.__dict__.update(kw)

    def ip(self, rng: random.Random) -> str:           # first address is the usual one
        return rng.choices(self.ips, weights=[0.8 ** k for k in range(len(self.ips))])[0]

    def ua(self, rng: random.Random) -> str:
        return self.uas[0] if len(self.uas) == 1 or rng.random() < 0.75 else self.uas[1]


class World:
    """The fixed cast: workloads, people, services and their IPs, policies."""

    def __init__(self):
        rng = random.Random(f"{SEED}:world")
        self.ns_weights = [1.0 / (k ** 1.07) for k in range(1, len(NAMESPACES) + 1)]
        self.workloads = {}          # namespace -> [(name, kind, replicas, [replicaset hashes])]
        for ns in NAMESPACES:
            names = [(n, "deployment") for n in SYSTEM_WORKLOADS.get(ns, [])]
            names += [(n, "deployment") for n in rng.sample(DEPLOYMENTS, rng.randint(4, 9))]
            names += [(n, "statefulset") for n in rng.sample(STATEFULSETS, rng.randint(1, 2))]
            self.workloads[ns] = [(n, k, rng.randint(2, 8), [chars(rng, K8S_ALNUM, 10) for _ in range(3)])
                                  for n, k in names]
        self.coredns_rs = chars(rng, K8S_ALNUM, 10)
        # Services: pod IPs, rescheduled (new IPs) zero to two times in the window.
        pod_ips, self.service_ips = set(), {}
        for name in SERVICES:
            self.service_ips[name] = []
            for t in [START - DAY] + sorted(START + rng.randrange(END - START) for _ in range(rng.randint(0, 2))):
                ips = []
                while len(ips) < (2 if name in ("ai-engine", "self-healing") else 1):
                    ip = f"10.244.{rng.randint(0, 15)}.{rng.randint(2, 254)}"
                    if ip not in pod_ips:
                        pod_ips.add(ip)
                        ips.append(ip)
                self.service_ips[name].append((t, ips))
        self.humans = self._humans(rng)
        self.by_email = {h.email: h for h in self.humans}
        self.admins = [h for h in self.humans if h.role == "admin"]
        self.role_ids = {r: uuid4(rng) for r in ("admin", "user", "auditor")}
        self.policies = self._policies(rng)
        self.policy = {p["name"]: p for p in self.policies}

    def _humans(self, rng: random.Random) -> list[Human]:
        vpn = sorted({f"10.8.{rng.randint(0, 31)}.{rng.randint(2, 254)}" for _ in range(120)},
                     key=lambda s: tuple(map(int, s.split("."))))
        specials = [("admin", "admin", "Platform", "Admin"), ("auditor", "auditor", "Compliance", "Auditor"),
                    ("security", "admin", "Security", "Team"), ("oncall", "admin", "On-call", "SRE")]
        specials += [(local, "user", first, last) for first, last, local in SPECIAL_PEOPLE]
        people, used = [], set()
        for i in range(40):
            if i < len(specials):
                local, role, first, last = specials[i]
            else:
                first, last = rng.choice(FIRST), rng.choice(LAST)
                local = f"{first}.{last}".lower()
                while local in used:
                    local = f"{first}.{last}{rng.randint(2, 99)}".lower()
                r = rng.random()
                role = "admin" if r < 0.12 else ("auditor" if r < 0.18 else "user")
            used.add(local)
            uas = [rng.choice(BROWSER_UAS)] + ([rng.choice(CLI_UAS)] if role == "admin" or rng.random() < 0.3 else [])
            people.append(Human(
                id=uuid4(rng), email=f"{local}@example.com", first=first, last=last, role=role, uas=uas,
                ips=rng.sample(vpn, rng.choice((1, 1, 2, 2, 3))), tz=0 if i < 4 else rng.choice((0, 0, -5, 5)),
                weight=0.6 if i < 4 else 1.0 / ((rng.random() * 40 + 1) ** 0.9),
                active=i < len(specials) or rng.random() > 0.06, created=START - DAY - rng.randrange(400 * DAY)))
        return people

    def _policies(self, rng: random.Random) -> list[dict]:
        # (name, description, type, effect, priority, conditions, actions, resources, isActive)
        specs = [
            ("Allow Admin Full Access", "Administrators have full access to all API endpoints",
             "api_access", "allow", 100, {"role": "admin"}, ["*"], ["/api/*"], True),
            ("Allow User Read Access", "Regular users can read their own data", "api_access", "allow",
             50, {"role": "user"}, ["read", "list"], ["/api/v1/users/me", "/api/v1/profile"], True),
            ("Deny User Delete Operations", "Regular users cannot delete any resources",
             "api_access", "deny", 200, {"role": "user"}, ["delete"], ["/api/*"], True),
            ("Allow Auditor Read-Only Access", "Auditors have read-only access to logs and audit trails",
             "api_access", "allow", 75, {"role": "auditor"}, ["read", "list"],
             ["/api/v1/audit/*", "/api/v1/logs/*", "/api/v1/policy/audit/logs"], True),
            ("Auto Restart Failed Services", "Automatically restart services that have failed health checks",
             "self_healing", "allow", 100, {"metadata": {"healthStatus": "unhealthy", "failureCount": 3}},
             ["restart", "notify"], ["service:*"], True),
            ("Scale Up on High Load", "Scale up services when CPU usage exceeds threshold",
             "self_healing", "allow", 90, {"metadata": {"cpuUsage": 80, "duration": 300}},
             ["scale_up", "alert"], ["service:api", "service:worker"], True),
            ("Restrict PII Access", "Only admins and auditors can access PII data", "data_access",
             "allow", 150, {"roles": ["admin", "auditor"]}, ["read", "export"],
             ["data:pii:*", "table:users:email", "table:users:phone"], True),
            ("Emergency Lockdown", "Deny all non-admin access during security incidents", "api_access",
             "deny", 1000, {"metadata": {"emergencyMode": True}, "role": "user"}, ["*"], ["/api/*"], False),
            (GUARD, "System namespaces are managed by the platform team, not by automation",
             "self_healing", "deny", 500, {}, ["*"], ["deployment:kube-system/*", "deployment:cert-manager/*"], True),
            ("Allow Rollbacks by CI", "CI may roll back deployments it rolled out", "self_healing",
             "allow", 80, {"role": "service"}, ["rollback"], ["deployment:*"], True),
            ("Zugriff für Prüfer erlauben", "Prüfer dürfen Berichte lesen (Zugriff nur lesend)",
             "data_access", "allow", 60, {"role": "auditor"}, ["read"], ["data:reports:*"], True),
            ("Allow Config Updates, Staging",
             'Config updates in staging are allowed for "service" principals, with review.\n'
             "Second line of the description; emoji ✅ and a comma, too.", "self_healing", "allow",
             70, {"role": "service"}, ["update_config"], ["deployment:staging/*"], True),
        ]
        for i, ns in enumerate(NAMESPACES[:8]):                 # eight per-namespace policies
            res, meta = [f"deployment:{ns}/*"], {"metadata": {"namespace": ns}}
            if i % 3 == 0:
                specs.append((f"Allow Restarts in {ns}", f"Self-healing may restart pods in {ns}",
                              "self_healing", "allow", 60 + i, meta, ["restart", "delete_pod"], res, True))
            elif i % 3 == 1:
                meta["metadata"]["maxReplicas"] = lim = (10, 20, 30)[i // 3]
                specs.append((f"Limit Replicas in {ns}", f"Deny scaling above {lim} replicas in {ns}",
                              "resource_limit", "deny", 300 + i, meta, ["scale_up", "scale"], res, True))
            else:
                specs.append((f"Allow Scaling in {ns}", f"Automation may scale workloads in {ns}",
                              "resource_limit", "allow", 40 + i, meta, ["scale_up", "scale"], res, True))
        keys = ("name", "description", "type", "effect", "priority", "conditions", "actions", "resources", "active")
        out = []
        for spec in specs:
            p = dict(zip(keys, spec), id=uuid4(rng), created=START - DAY - rng.randrange(200 * DAY))
            # A few ordinary edits inside the window, never to the kube-system guard.
            edited = rng.random() < 0.25 and p["name"] != GUARD
            p["updated"] = START + rng.randrange(END - START) if edited else p["created"]
            out.append(p)
        return out

    def service_ip(self, rng: random.Random, name: str, t: int) -> str:
        segs = self.service_ips[name]
        return rng.choice(segs[bisect.bisect([s[0] for s in segs], t) - 1][1])

    def pick_ns(self, rng: random.Random) -> str:
        return rng.choices(NAMESPACES, weights=self.ns_weights)[0]

    def pick_human(self, rng: random.Random, pool: list[Human]) -> Human:
        return rng.choices(pool, weights=[h.weight for h in pool])[0]

    def pod_name(self, rng: random.Random, wl, t: int) -> str:
        name, kind, replicas, rs = wl
        if kind == "statefulset":
            return f"{name}-{rng.randrange(replicas)}"
        seg = min(len(rs) - 1, max(0, (t - START) * len(rs) // (END - START)))   # rollouts
        return f"{name}-{rs[seg]}-{chars(rng, K8S_ALNUM, 5)}"

# ------------------------------------------------------------ executor actions

DURATION_MS = {"restart_pod": 650, "scale_deployment": 1200, "rollback_deployment": 3500,
               "delete_pod": 300, "update_config": 450}
POLICY_FOR = {"restart_pod": "Auto Restart Failed Services", "delete_pod": "Auto Restart Failed Services",
              "scale_deployment": "Scale Up on High Load", "rollback_deployment": "Allow Rollbacks by CI",
              "update_config": "Allow Config Updates, Staging"}


def target(w: World, rng: random.Random, atype: str, ns: str, t: int):
    """(resource_type, resource_name, action_params, result on success) for one action."""
    wls = w.workloads[ns]
    wl = rng.choice([x for x in wls if x[1] == "deployment"] if atype == "rollback_deployment" else wls)
    base = {"action": atype, "namespace": ns}
    if atype in ("restart_pod", "delete_pod"):
        pod = w.pod_name(rng, wl, t)
        params = {"namespace": ns, "podName": pod}
        if atype == "delete_pod" and rng.random() < 0.3:
            params["gracePeriodSeconds"] = 30
        msg = {"message": "Pod deleted and will be recreated by deployment"} if atype == "restart_pod" else {}
        return "pod", pod, params, {**base, "podName": pod, "status": "deleted", **msg}
    if atype == "scale_deployment":
        new = max(0, wl[2] + rng.randint(-2, 4))
        return (wl[1], wl[0], {"namespace": ns, "deploymentName": wl[0], "replicas": new},
                {**base, "deploymentName": wl[0], "previousReplicas": wl[2], "newReplicas": new, "status": "scaled"})
    if atype == "rollback_deployment":
        params = {"namespace": ns, "deploymentName": wl[0]}
        if rng.random() < 0.4:
            params["revision"] = rng.randint(1, 40)
        return ("deployment", wl[0], params, {**base, "deploymentName": wl[0],
                                              "revision": params.get("revision", "previous"), "status": "rolled_back"})
    data = {"LOG_LEVEL": rng.choice(("info", "info", "debug")), "FEATURE_FLAGS": rng.choice(("checkout_v2,fast_search", ""))}
    cm = f"{wl[0]}-config"
    return ("configmap", cm, {"namespace": ns, "configMapName": cm, "data": data},
            {**base, "configMapName": cm, "status": "updated", "keys": sorted(data)})


def make_action(w: World, rng: random.Random, t: int, sigs: set, status: str | None = None) -> dict:
    """One background executor action: its columns plus 'error' (an execution_errors tuple)."""
    names = list(SERVICES)
    actor = rng.choices(names + ["human"], weights=[SERVICES[n][0] for n in names] + [HUMAN_SHARE])[0]
    human = w.pick_human(rng, w.admins) if actor == "human" else None
    if human:
        actor, ip, mix = human.email, human.ip(rng), HUMAN_MIX
    else:
        ip, mix = w.service_ip(rng, actor, t), SERVICES[actor][2]
    atype = rng.choices(ACTION_TYPES, weights=mix)[0]
    ns = w.pick_ns(rng)
    rtype, rname, params, result = target(w, rng, atype, ns, t)
    sig = hexstr(rng, 64)
    while sig in sigs:                                    # background signatures are all distinct
        sig = hexstr(rng, 64)
    sigs.add(sig)
    if status is None:
        u = rng.random()
        status = "rejected" if u < 0.008 else "failed" if u < 0.04 or (atype == "update_config" and u < 0.14) else "completed"
    decision = None
    # ci-deployer's calls always go through the backend's policy check (the draw is kept so the
    # random streams, and every id of the answer key, stay as they were).
    if not human and (actor in ("ai-engine", "self-healing", "alertmanager") or rng.random() < 0.5
                      or actor == "ci-deployer"):
        decision = {"allowed": True, "reason": f"Allowed by policy: {POLICY_FOR[atype]}",
                    "appliedPolicies": [POLICY_FOR[atype]]}
    elif human and rng.random() < 0.4:
        decision = {"allowed": True, "reason": "Allowed by policy: Allow Admin Full Access",
                    "appliedPolicies": ["Allow Admin Full Access"]}
    row = {"id": uuid4(rng), "action_type": atype, "status": status, "namespace": ns, "resource_type": rtype,
           "resource_name": rname, "action_params": jdump(params), "requested_by": actor,
           "policy_decision": jdump(decision), "execution_duration": None, "error_message": None,
           "result": None, "ip_address": ip, "signature": sig, "created_at": t, "completed_at": None,
           "error": None}
    if status == "rejected":
        row["policy_decision"] = None
        row["error_message"] = rng.choice(("Invalid action signature",
                                           f"Rate limit exceeded: max 10 {atype} actions per 60s for {actor} in {ns}"))
    elif status in ("completed", "failed"):
        dur = int(rng.lognormvariate(math.log(DURATION_MS[atype]), 0.55)) + 5
        if status == "completed":
            row["result"] = jdump(result)
        else:
            dur = fail(rng, row, dur)
        row["execution_duration"] = dur
        row["completed_at"] = (t + dur * 1000 + rng.randrange(3000)) // 1000 * 1000
    return row


def fail(rng: random.Random, row: dict, dur: int) -> int:
    """Make ``row`` a failure (error_message and an execution_errors tuple); return its duration."""
    rtype, rname, ns = row["resource_type"], row["resource_name"], row["namespace"]
    v = rng.random()
    if v < 0.35:
        what = "Pod" if rtype == "pod" else "Deployment"
        err, code, cat, dur = f"{what} {rname} not found in namespace {ns}", "NotFound", "validation", rng.randint(20, 170)
    elif v < 0.55:
        err, code, cat, dur = "timeout of 30000ms exceeded", "ETIMEDOUT", "timeout", 30000 + rng.randrange(400)
    elif v < 0.75:
        kind = {"pod": "pods", "configmap": "configmaps"}.get(rtype, f"{rtype}s.apps")
        err, code, cat = (f'Operation cannot be fulfilled on {kind} "{rname}": the object has been '
                          "modified; please apply your changes to the latest version and try again",
                          "Conflict", "kubernetes_api")
    elif v < 0.88:
        err, code, cat = "connect ECONNREFUSED 10.96.0.1:443", "ECONNREFUSED", "network"
    else:
        err, code, cat = (f'{rtype}s "{rname}" is forbidden: User "system:serviceaccount:aegis:aegis-executor" '
                          f'cannot patch resource "{rtype}s" in API group "" in the namespace "{ns}"',
                          "Forbidden", "authorization")
    if rng.random() < 0.06:                               # a few hostile upstream messages
        err = f"{err}; upstream said: {rng.choice(HOSTILE)}"
    stack = None
    if cat != "validation":
        stack = (f"Error: {err}\n    at KubernetesService.{'restartPod' if rtype == 'pod' else 'scaleDeployment'}"
                 " (/app/dist/kubernetes/kubernetes.service.js:61:19)\n"
                 "    at async ExecutorService.executeAction (/app/dist/executor/executor.service.js:48:28)")
    row["error_message"] = err
    row["error"] = (code, cat, err, stack, "false" if cat in ("validation", "authorization") else "true",
                    rng.randint(0, 2) if cat in ("timeout", "network") else 0,
                    jdump({"actionType": row["action_type"], "namespace": ns, "resourceName": rname}))
    return dur


def gen_actions(w: World, rng: random.Random, n: int, t0: int, t1: int, sigs: set) -> list[dict]:
    sample = TimeSampler(t0, t1)
    return sorted((make_action(w, rng, sample(rng, "automated"), sigs) for _ in range(n)),
                  key=lambda r: r["created_at"])


def action_row(a: dict, backend: bool = False) -> tuple:
    """An executor row, or with backend=True a row of the backend's copy (no policy_decision)."""
    head = (a["id"], a["action_type"], a["status"], a["namespace"], a["resource_type"], a["resource_name"],
            a["action_params"], a["requested_by"])
    tail = (a["execution_duration"], a["error_message"], a["result"], a["ip_address"], a["signature"],
            ts(a["created_at"], tz=not backend), ts(a["completed_at"]))
    return head + tail if backend else head + (a["policy_decision"],) + tail


def error_rows(actions: list[dict]) -> list[tuple]:
    return [(a["id"], *a["error"][:6], ts(a["completed_at"]), a["error"][6]) for a in actions if a["error"]]

# ------------------------------------------------------------- backend rows

READABLE = ("/api/v1/users/me", "/api/v1/profile", "/api/v1/alerts", "/api/v1/metrics/current",
            "/api/v1/metrics/historical", "/api/v1/settings")
API_PATHS = list(READABLE) + ["/api/v1/policy", "/api/v1/ai/predict", "/api/v1/users", "/api/v1/executor/action"]


def decide_human(role: str, action: str, resource: str) -> tuple[list[str], bool]:
    """(applied policy names, allowed) as the backend's evaluator answers a person."""
    if resource.startswith(("data:", "table:")):
        if resource.startswith("data:reports") and role == "auditor":
            return ["Zugriff für Prüfer erlauben"], True
        return (["Restrict PII Access"], True) if role in ("admin", "auditor") else ([], False)
    if role == "admin":
        return ["Allow Admin Full Access"], True
    if role == "auditor":
        ok = action in ("read", "list") and ("/audit/" in resource or "/logs/" in resource)
        return (["Allow Auditor Read-Only Access"], True) if ok else ([], False)
    if action == "delete":
        return ["Deny User Delete Operations"], False
    return (["Allow User Read Access"], True) if action in ("read", "list") and resource in READABLE else ([], False)


def decide_service(w: World, ns: str, action: str, ctx: dict) -> tuple[list[str], bool]:
    if ns in ("kube-system", "cert-manager"):
        return [GUARD], False
    if action in ("scale_up", "scale"):
        lim = w.policy.get(f"Limit Replicas in {ns}")
        if lim and ctx["replicas"] > lim["conditions"]["metadata"]["maxReplicas"]:
            return ["Scale Up on High Load", lim["name"]], False
        return ["Scale Up on High Load"] + [n for n in [f"Allow Scaling in {ns}"] if n in w.policy], True
    if action == "rollback":
        return ["Allow Rollbacks by CI"], True
    return ["Auto Restart Failed Services"] + [n for n in [f"Allow Restarts in {ns}"] if n in w.policy], True


def eval_row(w: World, pid, user_id, action, resource, applied, allowed, ctx, ip, ua, t, error=False):
    """A policy_audit_logs row; appliedPolicies holds policy ids, reason names the last one."""
    ids = [w.policy[n]["id"] for n in applied]
    reason = f"{'Allowed' if allowed else 'Denied'} by policy: {applied[-1]}" if applied else "No matching policy found"
    result = "allow" if allowed else "deny"
    if error:
        result, ids, reason = "error", [], "Evaluation error: Connection terminated due to connection timeout"
    return (pid, user_id, action, resource, result, jdump(ctx), jdump(ids), reason, ip, ua, ts(t, tz=False))


def gen_evaluations(w: World, rng: random.Random, n: int, t0: int, t1: int, system_denies: bool,
                    hostile: int) -> list[tuple]:
    sample, rows = TimeSampler(t0, t1), []
    active = [h for h in w.humans if h.active]
    for _ in range(n):
        if rng.random() < 0.70:                           # a person using the API
            h = w.pick_human(rng, active)
            t = sample(rng, "human", h.tz)
            ctx = {"role": h.role, "source": rng.choices(("web", "cli", "api"), (70, 20, 10))[0]}
            if rng.random() < 0.2:
                ctx["mfa"] = True
            if h.role == "auditor" and rng.random() < 0.7:
                action = rng.choice(("read", "list"))
                resource = rng.choice(("/api/v1/audit/logs", "/api/v1/logs/search", "/api/v1/policy/audit/logs"))
            elif rng.random() < 0.04:
                action = rng.choice(("read", "read", "export"))
                resource = rng.choice(("data:pii:customers", "table:users:email", "data:reports:monthly"))
            else:
                action = rng.choices(("read", "list", "create", "update", "delete"),
                                     (50, 25, 10, 10, 5) if h.role == "admin" else (60, 32, 3, 3, 2))[0]
                resource = rng.choice(API_PATHS)
            applied, allowed = decide_human(h.role, action, resource)
            user_id, ip, ua = h.id, h.ip(rng), h.ua(rng)
        else:                                             # a service asking before it acts
            t = sample(rng, "automated")
            svc = rng.choices(("ai-engine", "self-healing", "alertmanager", "ci-deployer"), (70, 20, 6, 4))[0]
            action = rng.choices(("restart", "scale_up", "notify", "rollback", "scale"), (55, 25, 10, 5, 5))[0]
            ns = w.pick_ns(rng)
            wl = rng.choice(w.workloads[ns])[0]
            if system_denies and svc in ("ai-engine", "self-healing") and rng.random() < 0.012:
                ns = rng.choice(("kube-system", "kube-system", "cert-manager"))   # denied by the guard
                wl = rng.choice(KUBE_SYSTEM) if ns == "kube-system" else "cert-manager"
            ctx = {"role": "service", "namespace": ns, "severity": rng.choice(("low", "medium", "medium", "high")),
                   "automated": True, "anomalyScore": round(0.5 + rng.random() * 0.49, 3)}
            if action in ("scale_up", "scale"):
                ctx["replicas"] = rng.randint(1, 24)
            resource = f"deployment:{ns}/{wl}"
            applied, allowed = decide_service(w, ns, action, ctx)
            user_id, ip, ua = svc, w.service_ip(rng, svc, t), SERVICES[svc][1]
        rows.append(eval_row(w, uuid4(rng), user_id, action, resource, applied, allowed, ctx, ip, ua, t,
                             error=rng.random() < 0.002))
    return add_hostile(rng, sorted(rows, key=lambda r: r[-1]), hostile, 9)


def add_hostile(rng: random.Random, rows: list[tuple], k: int, col: int) -> list[tuple]:
    """Replace column ``col`` (the user agent) of k random rows with hostile strings."""
    for j, i in enumerate(sorted(rng.sample(range(len(rows)), k))):
        rows[i] = rows[i][:col] + (HOSTILE[j % len(HOSTILE)],) + rows[i][col + 1:]
    return rows


def gen_events(w: World, rng: random.Random, n: int, t0: int, t1: int, hostile: int, last_login: dict) -> list[tuple]:
    """audit_events: logins, logouts, failures and profile changes (no auth_refresh: not written)."""
    sample, rows = TimeSampler(t0, t1), []
    kinds = ["auth_login_success", "auth_logout", "auth_login_failure", "user_update", "user_password_change"]
    bogus = ["jsmith@example.com", "root@example.com", "test@test.com", '"quoted,local"@example.com',
             "=1+2@example.com", "o'connor@example.com"]
    for _ in range(n):
        h = w.pick_human(rng, w.humans)
        t = sample(rng, "human", h.tz)
        etype = rng.choices(kinds, (50, 25, 13, 10, 2))[0] if h.active else "auth_login_failure"
        user_id, entity_type, entity_id = h.id, None, None
        if etype == "auth_login_success":
            details = {"email": h.email, "success": True}
            last_login[h.id] = max(t, last_login.get(h.id, 0))
        elif etype == "auth_logout":
            details = {"success": True}
        elif etype == "auth_login_failure" and not h.active:
            details = {"email": h.email, "success": False, "reason": "account_deactivated"}
        elif etype == "auth_login_failure" and rng.random() < 0.2:
            user_id, details = None, {"email": rng.choice(bogus), "success": False, "reason": "user_not_found"}
        elif etype == "auth_login_failure":
            details = {"email": h.email, "success": False, "reason": "invalid_password"}
        else:
            entity_type, entity_id = "user", h.id
            details = {"fields": rng.sample(["firstName", "lastName", "avatar"], rng.randint(1, 2))} if etype == "user_update" else {}
        rows.append((uuid4(rng), etype, user_id, entity_type, entity_id, jdump(details), h.ip(rng), h.ua(rng),
                     ts(t, tz=False)))
    return add_hostile(rng, sorted(rows, key=lambda r: r[-1]), hostile, 7)


def small_tables(w: World, rng: random.Random, last_login: dict) -> str:
    """roles, users (with secret-looking hashes), user_roles and policies as COPY blocks."""
    perms = {"admin": {"users": ["create", "read", "update", "delete"], "policies": ["*"]},
             "user": {"users": ["read:own", "update:own"]}, "auditor": {"audit": ["read"], "policies": ["read"]}}
    rc = ts(START - 500 * DAY, tz=False)
    roles = [(w.role_ids[r], r, f"{r.title()} role", jdump(perms[r]), rc, rc) for r in perms]
    users, user_roles = [], []
    for h in w.humans:
        ll = last_login.get(h.id)
        refresh = bcrypt_like(rng) if ll and rng.random() < 0.7 else None
        reset = hexstr(rng, 64) if rng.random() < 0.05 else None
        avatar = f"https://avatars.example.com/u/{hexstr(rng, 16)}.png" if rng.random() < 0.3 else None
        prefs = {} if rng.random() < 0.5 else {"theme": "dark", "notifications": {"email": True}}
        users.append((h.id, h.email, bcrypt_like(rng), h.first, h.last, avatar, str(h.active).lower(), refresh,
                      reset, ts(END - rng.randrange(2 * DAY)) if reset else None, jdump(prefs),
                      ts(h.created, tz=False), ts(max(h.created, ll or 0), tz=False)))
        user_roles.append((h.id, w.role_ids[h.role]))
        if h.role == "admin" and rng.random() < 0.3:
            user_roles.append((h.id, w.role_ids["auditor"]))
    policies = [(p["id"], p["name"], p["description"], p["type"], p["effect"], jdump(p["conditions"]),
                 jdump(p["actions"]), jdump(p["resources"]), p["priority"], str(p["active"]).lower(),
                 ts(p["created"], tz=False), ts(p["updated"], tz=False)) for p in w.policies]
    return (copy_block("roles", "roles", roles) + copy_block("users", "users", users)
            + copy_block("user_roles", "user_roles", user_roles) + copy_block("policies", "policies", policies))

# ------------------------------------------------------------------ phase 1


def write_phase1(w: World, out: str) -> dict:
    sigs, last_login = set(), {}
    rng = random.Random(f"{SEED}:actions")
    actions = gen_actions(w, rng, 3997, START, END - 600 * SEC, sigs)
    for k in range(3):                                    # exactly three pending rows, last 10 minutes
        t = END - 600 * SEC + (k * 3 + 1) * 60 * SEC + rng.randrange(60 * SEC)
        actions.append(make_action(w, rng, t, sigs, status="pending"))
    evals = gen_evaluations(w, random.Random(f"{SEED}:evals"), 6000, START, END, True, 12)
    events = gen_events(w, random.Random(f"{SEED}:events"), 2500, START, END, 10, last_login)
    copies = gen_actions(w, random.Random(f"{SEED}:backend-actions"), 200, START, END, sigs)
    with open(os.path.join(out, "backend_schema_and_data.sql"), "w", encoding="utf-8", newline="\n") as f:
        f.write(BACKEND_TABLES.replace("CREATE EXTENSION", SQL_HEAD + "CREATE EXTENSION", 1) + "\n")
        f.write(small_tables(w, random.Random(f"{SEED}:small"), last_login))
        f.write(copy_block("policy_audit_logs", "policy_audit_logs", evals))
        f.write(copy_block("audit_events", "audit_events", events))
        f.write(copy_block("action_audit_logs", "backend_actions", [action_row(a, backend=True) for a in copies]))
        f.write(BACKEND_POST + "\nCOMMIT;\n")
    errors = error_rows(actions)
    with open(os.path.join(out, "executor_schema_and_data.sql"), "w", encoding="utf-8", newline="\n") as f:
        f.write(EXECUTOR_TABLES.replace("CREATE EXTENSION", SQL_HEAD + "CREATE EXTENSION", 1) + "\n")
        f.write(copy_block("action_audit_logs", "action_audit_logs", [action_row(a) for a in actions]))
        f.write(copy_block("execution_errors", "execution_errors", errors))
        f.write(EXECUTOR_POST + "\nCOMMIT;\n")
    counts = {"users": len(w.humans), "policies": len(w.policies), "policy_audit_logs": len(evals),
              "audit_events": len(events), "backend action_audit_logs": len(copies),
              "executor action_audit_logs": len(actions), "execution_errors": len(errors)}
    return {"sigs": sigs, "last_login": last_login, "actions": actions, "counts": counts}

# --------------------------------------------------------- phase 2: incident


def write_incident_backend(w: World, out: str, last_login: dict) -> dict:
    rng = random.Random(f"{SEED}:incident-backend")
    admin, oncall = w.by_email["admin@example.com"], w.by_email["oncall@example.com"]
    planted, ids = [], {}

    def event(label, t, etype, user, details):
        ids[label] = uuid4(rng)
        row = (ids[label], etype, user.id, None, None, jdump(details), ATTACKER_IP, ATTACKER_UA, ts(T(t), tz=False))
        planted.append(insert("audit_events", "audit_events", row, f"{t} {etype} {user.email}"))

    def evaluation(label, t, action, resource, allowed):
        ids[label] = uuid4(rng)
        ctx = {"role": "service", "namespace": "kube-system", "automated": True}
        row = eval_row(w, ids[label], "ci-deployer", action, resource, [GUARD], allowed, ctx, ATTACKER_IP,
                       ATTACKER_UA, T(t))
        planted.append(insert("policy_audit_logs", "policy_audit_logs", row, f"{t} ci-deployer {action} {resource} -> {row[4]}"))

    for k, t in enumerate(("02:11:14", "02:12:03", "02:13:21")):
        event(f"fail{k}", f"2026-11-18 {t}", "auth_login_failure", admin,
              {"email": admin.email, "success": False, "reason": "invalid_password"})
    event("login", "2026-11-18 02:14:05", "auth_login_success", oncall, {"email": oncall.email, "success": True})
    evaluation("deny", "2026-11-18 02:15:30", "delete", "deployment:kube-system/coredns", False)
    planted.append("-- 2026-11-18 02:17:00 policy tampering (nothing in the database audits this change)\n"
                   "UPDATE policies SET effect='allow', \"updatedAt\"='2026-11-18 02:17:00' "
                   f"WHERE name='{GUARD}';\n")
    evaluation("allow1", "2026-11-18 02:18:10", "delete", "deployment:kube-system/coredns", True)
    evaluation("allow2", "2026-11-18 02:19:40", "update_config", "deployment:kube-system/kube-proxy", True)

    evals = gen_evaluations(w, random.Random(f"{SEED}:p2-evals"), 300, END, P2_END, False, 0)
    events = gen_events(w, random.Random(f"{SEED}:p2-events"), 100, END, P2_END, 0, last_login)
    with open(os.path.join(out, "incident_backend.sql"), "w", encoding="utf-8", newline="\n") as f:
        f.write("-- Phase 2 for the Aegis demo backend database (apply after a first sync).\n"
                "-- 2026-11-18 00:00-06:00 UTC: normal activity plus the planted incident; see README.txt.\n" + SQL_HEAD)
        f.write(copy_block("policy_audit_logs", "policy_audit_logs", evals))
        f.write(copy_block("audit_events", "audit_events", events))
        f.write("-- ---- planted incident: attacker at 198.51.100.250 ----\n" + "\n".join(planted) + "\nCOMMIT;\n")
    return {"ids": ids, "admin": admin, "oncall": oncall, "guard_id": w.policy[GUARD]["id"],
            "counts": {"policy_audit_logs": len(evals) + 3, "audit_events": len(events) + 4}}


def attack_actions(w: World, rng: random.Random, replay_src: dict) -> list[dict]:
    """The attacker's executor rows: three kube-system actions, then the replay."""
    def act(t, atype, rtype, rname, params, result, dur, evaluated=True):
        decision = {"allowed": True, "reason": f"Allowed by policy: {GUARD}", "appliedPolicies": [GUARD]}
        return {"id": uuid4(rng), "action_type": atype, "status": "completed", "namespace": "kube-system",
                "resource_type": rtype, "resource_name": rname, "action_params": jdump(params),
                "requested_by": "ci-deployer", "policy_decision": jdump(decision) if evaluated else None,
                "execution_duration": dur, "error_message": None, "result": jdump(result),
                "ip_address": ATTACKER_IP, "signature": hexstr(rng, 64), "created_at": T(t),
                "completed_at": T(t) + dur * 1000, "error": None}
    ks = {"namespace": "kube-system"}
    pod = f"coredns-{w.coredns_rs}-{chars(rng, K8S_ALNUM, 5)}"
    cfg = {"mode": "userspace", "metricsBindAddress": "0.0.0.0:10249"}
    rows = [
        act("2026-11-18 02:18:15", "delete_pod", "pod", pod, {**ks, "podName": pod},
            {"action": "delete_pod", **ks, "podName": pod, "status": "deleted"}, 312),
        act("2026-11-18 02:19:45", "update_config", "configmap", "kube-proxy",
            {**ks, "configMapName": "kube-proxy", "data": cfg},
            {"action": "update_config", **ks, "configMapName": "kube-proxy", "status": "updated", "keys": sorted(cfg)}, 467),
        act("2026-11-18 02:21:00", "scale_deployment", "deployment", "metrics-server",
            {**ks, "deploymentName": "metrics-server", "replicas": 0},
            {"action": "scale_deployment", **ks, "deploymentName": "metrics-server", "previousReplicas": 2,
             "newReplicas": 0, "status": "scaled"}, 1184, evaluated=False),
    ]
    # The replay keeps action_type, action_params, requested_by and signature; the pod is long gone.
    t, src = T("2026-11-18 02:23:30"), replay_src
    err = f"Pod {src['resource_name']} not found in namespace {src['namespace']}"
    rows.append(dict(src, id=uuid4(rng), ip_address=ATTACKER_IP, created_at=t, status="failed", result=None,
                     execution_duration=87, completed_at=t + 87_000, error_message=err,
                     error=("NotFound", "validation", err, None, "false", 0,
                            jdump({"actionType": src["action_type"], "namespace": src["namespace"],
                                   "resourceName": src["resource_name"]}))))
    return rows


def write_incident_executor(w: World, out: str, sigs: set, background: list[dict]) -> dict:
    day = (T("2026-11-12 00:00:00"), T("2026-11-13 00:00:00"))
    src = [a for a in background if a["requested_by"] == "ci-deployer" and a["action_type"] == "restart_pod"
           and a["status"] == "completed" and day[0] <= a["created_at"] < day[1]]
    assert src, "no completed ci-deployer restart_pod on 2026-11-12 to replay"
    attack = attack_actions(w, random.Random(f"{SEED}:incident-executor"), src[0])
    pending = [a["id"] for a in background if a["status"] == "pending"]
    in_list = ", ".join(f"'{i}'" for i in pending)
    normal = gen_actions(w, random.Random(f"{SEED}:p2-actions"), 200, END, P2_END, sigs)
    labels = [f"02:18:15 delete_pod kube-system/{attack[0]['resource_name']}",
              "02:19:45 update_config kube-system/kube-proxy",
              "02:21:00 scale_deployment kube-system/metrics-server to 0 replicas (no policy evaluation)",
              f"02:23:30 REPLAY of {src[0]['id']}: same action_type, action_params, requested_by, signature"]
    with open(os.path.join(out, "incident_executor.sql"), "w", encoding="utf-8", newline="\n") as f:
        f.write("-- Phase 2 for the Aegis demo executor database (apply after a first sync).\n"
                "-- 2026-11-18 00:00-06:00 UTC: normal activity plus the planted incident; see README.txt.\n" + SQL_HEAD)
        f.write(copy_block("action_audit_logs", "action_audit_logs", [action_row(a) for a in normal]))
        f.write(copy_block("execution_errors", "execution_errors", error_rows(normal)))
        f.write("-- ---- planted incident: requested_by ci-deployer from 198.51.100.250 ----\n")
        for a, label in zip(attack, labels):
            f.write(insert("action_audit_logs", "action_audit_logs", action_row(a), label) + "\n")
        f.write(insert("execution_errors", "execution_errors", error_rows(attack)[0], "the replayed pod no longer exists"))
        f.write("\n-- The three rows left pending at the end of phase 1 complete.  The production schema's\n"
                "-- rule turns UPDATE into a no-op, so this simulation switches it off around the update.\n"
                "ALTER TABLE action_audit_logs DISABLE RULE action_audit_logs_no_update;\n"
                "UPDATE action_audit_logs SET status='completed', completed_at=created_at + interval '4 seconds',\n"
                "    execution_duration=4000, result='{\"success\": true}'\n"
                f"  WHERE id IN ({in_list});\n"
                "ALTER TABLE action_audit_logs ENABLE RULE action_audit_logs_no_update;\n\n"
                "-- Anti-forensics is deliberately NOT planted: nothing is deleted here.\n"
                "-- A later feature will plant deletions.\nCOMMIT;\n")
    return {"attack": attack, "replay_src": src[0], "pending": pending, "normal": normal,
            "counts": {"action_audit_logs": len(normal) + len(attack), "execution_errors": len(error_rows(normal)) + 1}}


def write_loki(w: World, out: str, p1: dict, ib: dict, ie: dict):
    """The Loki lines of both phases (demo_loki.py), with the incident's planted lines."""
    rng = random.Random(f"{SEED}:loki")
    phase1 = demo_loki.Lines()
    for a in p1["actions"]:
        phase1.executor(a, a["created_at"], rng)
        if a["status"] == "pending":                      # completed 4 s later (incident_executor.sql)
            phase1.executor(dict(a, status="completed", completed_at=a["created_at"] + 4 * SEC), a["created_at"], rng)
    demo_loki.refreshes(phase1, w.humans, START, END, rng, 1500)
    demo_loki.policy_edits(phase1, w.policies, w.admins, START, END, rng)
    phase1.write(os.path.join(out, "loki_phase1.json"))

    incident = demo_loki.Lines()
    for a in ie["normal"] + ie["attack"]:
        incident.executor(a, a["created_at"], rng)
    phantom = dict(ie["attack"][0], id=uuid4(rng), resource_name=f"kube-proxy-{chars(rng, K8S_ALNUM, 5)}",
                   created_at=T("2026-11-18 02:22:10"), completed_at=T("2026-11-18 02:22:10") + 280_000)
    incident.executor(phantom, phantom["created_at"], rng)
    ie["phantom"] = phantom
    demo_loki.refreshes(incident, w.humans, END, P2_END, rng, 40)
    admin, oncall = ib["admin"], ib["oncall"]
    for t in ("02:11:14", "02:12:03", "02:13:21"):
        us = T(f"2026-11-18 {t}")
        incident.backend(us, "WARN", "AuthService", f"Login failed for user {admin.email}: invalid password")
        incident.http(us + 60_000, "POST", "/api/v1/auth/login", 401, ATTACKER_IP, ATTACKER_UA, rng)
    us = T("2026-11-18 02:14:05")
    incident.backend(us, "LOG", "AuthService", f"Login success for user id={oncall.id}")
    incident.http(us + 70_000, "POST", "/api/v1/auth/login", 201, ATTACKER_IP, ATTACKER_UA, rng)
    us = T("2026-11-18 02:17:00")
    incident.http(us + 30_000, "PUT", f"/api/v1/policy/{ib['guard_id']}", 200, ATTACKER_IP, ATTACKER_UA, rng)
    incident.backend(us + 20_000, "LOG", "PolicyService", f"Policy updated: {GUARD} ({ib['guard_id']})")
    for t, ip, ua in (("02:31:10", ATTACKER_IP, ATTACKER_UA), ("02:38:40", oncall.ips[0], oncall.uas[0])):
        us = T(f"2026-11-18 {t}")
        incident.backend(us, "LOG", "AuthService", f"Tokens refreshed for user id={oncall.id}")
        incident.http(us + 40_000, "POST", "/api/v1/auth/refresh", 201, ip, ua, rng)
    incident.write(os.path.join(out, "loki_incident.json"))


def write_readme(out: str, p1: dict, ib: dict, ie: dict):
    c, a, src, i = p1["counts"], ie["attack"], ie["replay_src"], ib["ids"]
    lines = [
        "Aegis demo data (demo/generate_demo_data.py, deterministic). Times UTC. Attacker: 198.51.100.250, user agent python-requests/2.31.0.",
        f"Phase 1, 2026-11-04 00:00 to 2026-11-18 00:00, background only. Backend (TypeORM camelCase): {c['users']} users, "
        f"{c['policies']} policies, {c['policy_audit_logs']} policy_audit_logs, {c['audit_events']} audit_events, "
        f"{c['backend action_audit_logs']} rows in the backend's action_audit_logs. Executor (snake_case): "
        f"{c['executor action_audit_logs']} action_audit_logs, {c['execution_errors']} execution_errors.",
        "People use fixed 10.8.x.y VPN IPs; services (ai-engine, self-healing, ci-deployer, argocd, ...) use 10.244.x.y pod IPs; "
        "no executor action touches kube-system (ai-engine/self-healing evaluations there are denied); "
        "every action of ai-engine, self-healing, alertmanager and ci-deployer carries the executor's policy decision.",
        f"Phase 2 (incident_*.sql, 2026-11-18 00:00-06:00) adds {ib['counts']['policy_audit_logs']} policy_audit_logs, "
        f"{ib['counts']['audit_events']} audit_events, {ie['counts']['action_audit_logs']} executor actions and "
        f"{ie['counts']['execution_errors']} execution_errors, incident included.",
        "Story: the on-call admin's password and ci-deployer's executor HMAC key leaked; the attacker logs in, weakens a policy, acts on kube-system.",
        f"02:11:14, 02:12:03, 02:13:21 auth_login_failure for admin@example.com (user {ib['admin'].id}, invalid_password): "
        f"events {i['fail0']}, {i['fail1']}, {i['fail2']}.",
        f"02:14:05 auth_login_success oncall@example.com (user {ib['oncall'].id}): event {i['login']}.",
        f"02:15:30 policy evaluation ci-deployer delete deployment:kube-system/coredns -> deny (row {i['deny']}), "
        f"policy {ib['guard_id']} \"{GUARD}\" (priority 500).",
        "02:17:00 that policy's effect changes deny -> allow (updatedAt 2026-11-18 02:17:00); no database row says who did it.",
        f"02:18:10 ci-deployer delete deployment:kube-system/coredns -> allow (row {i['allow1']}); "
        f"02:19:40 ci-deployer update_config deployment:kube-system/kube-proxy -> allow (row {i['allow2']}).",
        f"Executor, all completed, requested_by ci-deployer: 02:18:15 delete_pod kube-system/{a[0]['resource_name']} ({a[0]['id']}); "
        f"02:19:45 update_config kube-system/kube-proxy ({a[1]['id']}); 02:21:00 scale_deployment kube-system/metrics-server "
        f"to 0 replicas ({a[2]['id']}), with no policy evaluation before it.",
        f"02:23:30 REPLAY {a[3]['id']} (failed, pod gone): action_type, action_params, requested_by and signature "
        f"{src['signature']} equal those of {src['id']}, restart_pod {src['namespace']}/{src['resource_name']} by "
        f"ci-deployer at {ts(src['created_at'])[:19]} from {src['ip_address']}.",
        f"Pending at the end of phase 1, completed in phase 2 (completed_at = created_at + 4 s): {', '.join(ie['pending'])}.",
        "Nothing is deleted in the databases in phase 2.",
        "Loki (loki_phase1.json, then loki_incident.json pushed with the incident): executor JSON lines for every audit-row "
        "write, backend NestJS lines for token refreshes (with the HTTP access line holding the address) and policy edits.",
        f"02:11-02:13 three POST /api/v1/auth/login 401 and 02:14:05 'Login success for user id={ib['oncall'].id}' from the attacker.",
        f"02:17:00 PUT /api/v1/policy/{ib['guard_id']} 200 from ::ffff:{ATTACKER_IP} ({ATTACKER_UA}), then "
        f"'Policy updated: {GUARD} ({ib['guard_id']})': the only record of who changed the policy.",
        f"02:31:10 the attacker refreshes oncall@example.com's tokens from {ATTACKER_IP}; 02:38:40 the real on-call person "
        f"refreshes them from {ib['oncall'].ips[0]}: one session, two holders.",
        f"02:22:10 executor lines (pending, completed) for audit_id {ie['phantom']['id']}, delete_pod "
        f"kube-system/{ie['phantom']['resource_name']} by ci-deployer: its row is not in action_audit_logs "
        "(deleted at the source before the second sync, or never committed).",
    ]
    with open(os.path.join(out, "README.txt"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True, help="output directory (created if missing)")
    out = p.parse_args(argv).out
    os.makedirs(out, exist_ok=True)
    w = World()
    p1 = write_phase1(w, out)
    ib = write_incident_backend(w, out, dict(p1["last_login"]))
    ie = write_incident_executor(w, out, p1["sigs"], p1["actions"])
    write_loki(w, out, p1, ib, ie)
    write_readme(out, p1, ib, ie)
    print(f"wrote {out}: " + ", ".join(f"{k}={v}" for k, v in p1["counts"].items()), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
