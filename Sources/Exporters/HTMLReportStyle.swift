/// The report's look: one inline style sheet (system fonts only, nothing fetched), the
/// colour of each source and severity, and a print layout.
enum HTMLReportStyle {
    /// Sources in the order the chart stacks and the legend lists them.
    static let sourceOrder = ["audit_events", "policy_audit_logs", "action_audit_logs", "policies", "loki", "hunts"]

    static func sourceColor(_ source: String) -> String {
        switch source {
        case "audit_events": return "#2563eb"
        case "policy_audit_logs": return "#7c3aed"
        case "action_audit_logs": return "#0d9488"
        case "policies": return "#db2777"
        case "loki": return "#d97706"
        case "hunts": return "#dc2626"
        default: return "#64748b"
        }
    }

    static let severities = ["critical", "high", "medium", "low", "info"]

    static func severityColor(_ severity: String) -> String {
        switch severity {
        case "critical": return "#b91c1c"
        case "high": return "#ea580c"
        case "medium": return "#ca8a04"
        case "low": return "#2563eb"
        default: return "#64748b"
        }
    }

    static let css = """
        :root {
          --ink: #0f172a; --text: #1e293b; --muted: #64748b; --faint: #94a3b8; --line: #e2e8f0;
          --panel: #ffffff; --page: #f1f5f9; --accent: #0f766e;
          --critical: #b91c1c; --critical-bg: #fee2e2; --high: #c2410c; --high-bg: #ffedd5;
          --medium: #a16207; --medium-bg: #fef9c3; --low: #1d4ed8; --low-bg: #dbeafe;
          --info: #475569; --info-bg: #f1f5f9;
        }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; }
        body { margin: 0; background: var(--page); color: var(--text);
          font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        code, .mono, td.time, td.id, .ip { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 12.5px; }
        .masthead { background: var(--ink); color: #e2e8f0; padding: 28px 40px 24px; }
        .masthead .eyebrow { text-transform: uppercase; letter-spacing: .12em; font-size: 11px; color: #5eead4; font-weight: 600; }
        .masthead h1 { margin: 6px 0 4px; font-size: 26px; font-weight: 650; color: #fff; letter-spacing: -.01em; }
        .masthead .scope { margin: 0 0 14px; color: #cbd5e1; font-size: 14px; }
        .masthead .scope code { color: #fff; background: rgba(255,255,255,.08); padding: 1px 6px; border-radius: 4px; }
        .masthead dl { display: flex; flex-wrap: wrap; gap: 6px 28px; margin: 0; font-size: 12.5px; }
        .masthead dt { color: #94a3b8; display: inline; margin-right: 6px; }
        .masthead dd { display: inline; margin: 0; color: #e2e8f0; }
        nav.toc { background: #fff; border-bottom: 1px solid var(--line); padding: 10px 40px; font-size: 13px; position: sticky; top: 0; z-index: 2; }
        nav.toc a { color: var(--muted); text-decoration: none; margin-right: 22px; font-weight: 500; }
        nav.toc a:hover { color: var(--accent); }
        main { max-width: 1480px; margin: 0 auto; padding: 24px 40px 48px; }
        section { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 22px 26px; margin-bottom: 22px; }
        h2 { font-size: 17px; margin: 0 0 16px; color: var(--ink); font-weight: 650; }
        h2 .count { color: var(--muted); font-weight: 500; font-size: 14px; margin-left: 6px; }
        h3 { font-size: 14px; margin: 20px 0 10px; color: var(--ink); font-weight: 600; }
        .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 14px; margin-bottom: 20px; }
        .card { border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; background: #fbfdff; }
        .card .label { font-size: 11.5px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); font-weight: 600; }
        .card .value { font-size: 26px; font-weight: 650; color: var(--ink); margin-top: 2px; font-variant-numeric: tabular-nums; }
        .card .value.small { font-size: 14px; font-weight: 500; line-height: 1.45; margin-top: 6px; }
        .pills { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 8px; }
        .sev { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 11.5px; font-weight: 650;
          text-transform: uppercase; letter-spacing: .04em; white-space: nowrap; }
        .sev-critical { color: var(--critical); background: var(--critical-bg); }
        .sev-high { color: var(--high); background: var(--high-bg); }
        .sev-medium { color: var(--medium); background: var(--medium-bg); }
        .sev-low { color: var(--low); background: var(--low-bg); }
        .sev-info { color: var(--info); background: var(--info-bg); }
        .grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 24px; }
        @media (max-width: 900px) { .grid2 { grid-template-columns: 1fr; } }
        table { border-collapse: collapse; width: 100%; }
        th { text-align: left; font-size: 11.5px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted);
          font-weight: 600; border-bottom: 1px solid var(--line); padding: 6px 10px; white-space: nowrap; background: #f8fafc; }
        td { padding: 6px 10px; border-bottom: 1px solid #f1f5f9; vertical-align: top; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        .bar { height: 8px; border-radius: 4px; min-width: 2px; }
        .dot { display: inline-block; width: 9px; height: 9px; border-radius: 50%; margin-right: 7px; vertical-align: baseline; }
        .src { display: inline-block; font-size: 11.5px; font-weight: 600; padding: 0 7px; border-radius: 4px; color: #fff; white-space: nowrap; }
        .muted { color: var(--muted); }
        .faint { color: var(--faint); }
        .chart { width: 100%; height: auto; display: block; }
        .chart .grid { stroke: #eef2f7; stroke-width: 1; }
        .chart .baseline { stroke: #94a3b8; stroke-width: 1; }
        .chart .tick { stroke: #94a3b8; }
        .chart .axis { font-size: 11px; fill: #64748b; font-family: system-ui, sans-serif; }
        .chart .empty { font-size: 14px; fill: #94a3b8; }
        .chart .finding-line { stroke-width: 1; stroke-dasharray: 3 3; opacity: .55; }
        .legend { display: flex; flex-wrap: wrap; gap: 6px 20px; font-size: 12.5px; color: var(--muted); margin-top: 10px; }
        .legend .tri { display: inline-block; width: 0; height: 0; border-left: 5px solid transparent; border-right: 5px solid transparent;
          border-top: 8px solid; margin-right: 6px; }
        .finding { border: 1px solid var(--line); border-left: 4px solid var(--info); border-radius: 8px; padding: 12px 16px; margin: 0 0 12px; break-inside: avoid; }
        .finding.sev-border-critical { border-left-color: var(--critical); }
        .finding.sev-border-high { border-left-color: #ea580c; }
        .finding.sev-border-medium { border-left-color: #ca8a04; }
        .finding.sev-border-low { border-left-color: var(--low); }
        .finding header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 10px; }
        .finding h4 { margin: 0; font-size: 14.5px; color: var(--ink); }
        .finding .hunt { font-size: 12px; color: var(--muted); }
        .finding .when { margin-left: auto; font-size: 12px; color: var(--muted); }
        .finding p { margin: 6px 0 10px; }
        .finding table { font-size: 12.5px; }
        .finding td, .finding th { padding: 4px 8px; }
        .none { color: var(--muted); font-style: italic; }
        table.timeline, table.evidence { font-size: 12.5px; table-layout: fixed; }
        table.timeline thead th { position: sticky; top: 38px; z-index: 1; }
        td.time { white-space: nowrap; }
        td.time .date { color: var(--faint); display: block; font-size: 11px; }
        td.time .frac { color: var(--faint); }
        table.timeline tr.flagged td { background: #fff7f7; }
        table.timeline tr.flagged td:first-child { box-shadow: inset 3px 0 0 var(--critical); }
        td.summary { overflow-wrap: anywhere; }
        td .rowref { display: block; color: var(--faint); font-size: 11px; margin-top: 2px; }
        td.who, td.ip { overflow-wrap: anywhere; }
        .flag a { text-decoration: none; color: var(--critical); font-weight: 600; font-size: 12px; white-space: nowrap; }
        .ctl { color: #be123c; background: #fff1f2; border-radius: 3px; padding: 0 2px; font-family: ui-monospace, monospace; font-size: .92em; }
        .cut { color: var(--muted); font-style: italic; }
        footer { color: var(--muted); font-size: 12px; text-align: center; padding: 8px 0 24px; }
        @media print {
          body { background: #fff; font-size: 11px; }
          .masthead { background: #fff; color: #000; border-bottom: 2px solid #000; padding: 0 0 10px; }
          .masthead h1, .masthead dd, .masthead .scope, .masthead .scope code { color: #000; background: none; }
          .masthead .eyebrow, .masthead dt { color: #444; }
          nav.toc { display: none; }
          main { padding: 0; max-width: none; }
          section { border: none; padding: 0; margin-bottom: 18px; }
          table.timeline thead th { position: static; }
          thead { display: table-header-group; }
          tr, .card { break-inside: avoid; }
          #findings, #timeline { break-before: page; }
          a { color: inherit; }
        }
        """
}
