#!/usr/bin/env python3
"""Checks deploy/ against a running gateway and a Prometheus scraping it (scripts/check-prometheus.sh).

  check_deploy_series.py --metrics METRICS.txt --dashboard deploy/grafana/cloud-ops-gateway.json \
      --prometheus http://127.0.0.1:PORT [--job cloud-ops-gateway]

- The dashboard is valid JSON with a Prometheus data-source variable that every panel and query uses,
  unique panel ids, and no unknown `$variable`.
- Every metric named in a panel query, a variable query or an alerting rule loaded by that
  Prometheus is a series in METRICS.txt (the gateway's Prometheus text exposition, so a histogram is
  named by its `_bucket`, `_sum` or `_count` series), or a series Prometheus makes itself (`up`) that
  it holds for the job; every label in a matcher, a grouping or a legend is one those series carry.
- Every rule evaluated without error and has a severity label and summary and description
  annotations; every panel query, its variables filled in, is accepted by Prometheus and returns at
  least one number; every variable's label has values.
PromQL is read with a small tokenizer, enough for selectors, groupings and function calls.
Python 3 standard library only.
"""

import argparse
import json
import re
import sys
import urllib.parse
import urllib.request

# Labels Prometheus adds to every series of a target, and series it writes for every target itself.
TARGET_LABELS = {"job", "instance"}
PROMETHEUS_SERIES = {"up", "scrape_duration_seconds", "scrape_samples_scraped"}
KEYWORDS = {"and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left",
            "group_right", "inf", "nan"}
GROUPING = {"by", "without", "on", "ignoring", "group_left", "group_right"}
AGGREGATIONS = {"sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk",
                "topk", "quantile"}
TOKEN = re.compile(r"""\s*(?:(?P<str>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`)
                       |(?P<num>[0-9][0-9a-zA-Z_.]*|\.[0-9]+)
                       |(?P<id>[a-zA-Z_:][a-zA-Z0-9_:]*)
                       |(?P<op>=~|!~|!=|==|<=|>=|[-+*/%^<>=(){}\[\],@]))""", re.X)
VARIABLE = re.compile(r"\$\{?(\w+)(?::\w+)?\}?")
LABEL_PAIR = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')

problems = []


def problem(message):
    problems.append(message)


def parse_exposition(text):
    """Series name -> the label names its samples carry."""
    series = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        name = re.match(r"[a-zA-Z_:][a-zA-Z0-9_:]*", line).group(0)
        rest = line[len(name):]
        labels = set(LABEL_PAIR.findall(rest[: rest.rfind("}") + 1])) if rest.startswith("{") else set()
        series.setdefault(name, set()).update(k for k, _ in labels)
    return series


def tokens(expr):
    out, pos = [], 0
    while pos < len(expr.rstrip()):
        m = TOKEN.match(expr, pos)
        if not m:
            raise ValueError(f"cannot read PromQL at {expr[pos:pos + 20]!r} in {expr!r}")
        kind = m.lastgroup
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


def read_promql(expr):
    """The (metric, matcher labels) selectors and the grouping labels of an expression."""
    toks = tokens(expr)
    selectors, grouping, i = [], set(), 0
    while i < len(toks):
        kind, value = toks[i]
        following = toks[i + 1][1] if i + 1 < len(toks) else None
        if kind == "id" and value in GROUPING and following == "(":
            j = i + 2
            while toks[j][1] != ")":
                if toks[j][0] == "id":
                    grouping.add(toks[j][1])
                j += 1
            i = j + 1
            continue
        if kind == "id" and (following == "(" or (value in AGGREGATIONS and following in ("by", "without"))):
            i += 1  # a function or an aggregation
            continue
        if kind == "op" and value == "[":
            while toks[i][1] != "]":
                i += 1
            i += 1
            continue
        name = None
        if kind == "id" and value.lower() not in KEYWORDS:
            name, i = value, i + 1
        elif kind == "op" and value == "{":
            name = ""
        if name is None:
            i += 1
            continue
        labels = set()
        if i < len(toks) and toks[i][1] == "{":
            i += 1
            while toks[i][1] != "}":
                label, op, matched = toks[i][1], toks[i + 1][1], toks[i + 2][1]
                if label == "__name__" and op == "=":
                    name = matched.strip("\"'`")
                else:
                    labels.add(label)
                i += 3
                if toks[i][1] == ",":
                    i += 1
            i += 1
        if not name:
            raise ValueError(f"a selector without a metric name in {expr!r}")
        selectors.append((name, labels))
    return selectors, grouping


def check_expr(where, expr, exposed, prometheus_series, legend=""):
    """Static checks of one expression (variables already filled in)."""
    try:
        selectors, grouping = read_promql(expr)
    except (ValueError, IndexError) as e:
        problem(f"{where}: {e}")
        return
    if not selectors:
        problem(f"{where}: names no metric: {expr}")
    known_labels = set(TARGET_LABELS)
    for name, labels in selectors:
        if name in exposed:
            carried = exposed[name] | TARGET_LABELS
        elif name in prometheus_series:
            carried = TARGET_LABELS
        else:
            problem(f"{where}: {name} is not a series the gateway exposes (nor one Prometheus holds for the job)")
            continue
        known_labels |= carried
        for label in sorted(labels - carried):
            problem(f"{where}: {name} has no label {label!r} (it has {sorted(carried)})")
    for label in sorted(grouping - known_labels):
        problem(f"{where}: groups by {label!r}, a label none of its series carries")
    for label in re.findall(r"\{\{\s*(\w+)\s*\}\}", legend):
        if label not in known_labels:
            problem(f"{where}: legend names {label!r}, a label none of its series carries")


def fill(text, values, where):
    def one(m):
        if m.group(1) not in values:
            problem(f"{where}: unknown variable ${m.group(1)}")
            return m.group(0)
        return values[m.group(1)]
    return VARIABLE.sub(one, text)


def finite(value):
    return value not in ("NaN", "+Inf", "-Inf")


def api(prometheus, path, **params):
    url = f"{prometheus}{path}"
    if params:
        url += "?" + urllib.parse.urlencode(params)
    with urllib.request.urlopen(url, timeout=10) as answer:
        body = json.load(answer)
    if body.get("status") != "success":
        raise RuntimeError(f"{path}: {body}")
    return body["data"]


def dashboard_queries(dashboard):
    """(where, expr, legend, instant) of every panel target, and the variable queries."""
    queries, ids, datasource_uid = [], set(), "${datasource}"
    variables = {v.get("name"): v for v in dashboard.get("templating", {}).get("list", [])}
    ds = variables.get("datasource")
    if not ds or ds.get("type") != "datasource" or ds.get("query") != "prometheus":
        problem("dashboard: no data-source variable `datasource` of type prometheus")
    for name, var in variables.items():
        if var.get("type") == "query":
            if var.get("datasource", {}).get("uid") != datasource_uid:
                problem(f"variable {name}: does not use ${{datasource}}")
            query = var.get("query")
            query = query.get("query", "") if isinstance(query, dict) else query or ""
            m = re.fullmatch(r"\s*label_values\((.*),\s*(\w+)\s*\)\s*", query)
            if not m:
                problem(f"variable {name}: not a label_values(metric, label) query: {query!r}")
                continue
            queries.append((f"variable {name}", m.group(1), "{{" + m.group(2) + "}}", None))

    def walk(panels):
        for panel in panels:
            pid = panel.get("id")
            if pid in ids:
                problem(f"panel {panel.get('title')!r}: id {pid} used twice")
            ids.add(pid)
            if "gridPos" not in panel:
                problem(f"panel {panel.get('title')!r}: no gridPos")
            if panel.get("type") != "row":
                if panel.get("datasource", {}).get("uid") != datasource_uid:
                    problem(f"panel {panel.get('title')!r}: does not use ${{datasource}}")
                if not panel.get("targets"):
                    problem(f"panel {panel.get('title')!r}: no queries")
            for target in panel.get("targets", []):
                if target.get("datasource", {}).get("uid") != datasource_uid:
                    problem(f"panel {panel.get('title')!r} {target.get('refId')}: does not use ${{datasource}}")
                where = f"panel {panel.get('title')!r} {target.get('refId')}"
                queries.append((where, target.get("expr", ""), target.get("legendFormat", ""),
                                bool(target.get("instant"))))
            walk(panel.get("panels", []))

    walk(dashboard.get("panels", []))
    return queries


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--metrics", required=True, help="the gateway's /metrics, Prometheus text format")
    parser.add_argument("--dashboard", required=True)
    parser.add_argument("--prometheus", required=True, help="base URL of a Prometheus scraping the gateway")
    parser.add_argument("--job", default="cloud-ops-gateway")
    args = parser.parse_args()

    exposed = parse_exposition(open(args.metrics, encoding="utf-8").read())
    prometheus_series = {
        name for name in PROMETHEUS_SERIES
        if api(args.prometheus, "/api/v1/query", query=f'count({name}{{job="{args.job}"}})')["result"]
    }
    try:
        dashboard = json.load(open(args.dashboard, encoding="utf-8"))
    except json.JSONDecodeError as e:
        sys.exit(f"check-deploy: {args.dashboard} is not valid JSON: {e}")

    # Panel queries: statically, then evaluated by Prometheus with the variables filled in.
    values = {"datasource": "", "job": args.job, "instance": ".*", "route": ".*", "__rate_interval": "1m"}
    queries = dashboard_queries(dashboard)
    for where, expr, legend, instant in queries:
        filled = fill(expr, values, where)
        check_expr(where, filled, exposed, prometheus_series, legend)
        if instant is None:  # a variable: the label must have values
            label = legend.strip("{}")
            filled = f"count by ({label}) ({filled})"
        try:
            result = api(args.prometheus, "/api/v1/query", query=filled)["result"]
        except Exception as e:  # noqa: BLE001 — report any refusal as a problem
            problem(f"{where}: Prometheus refused it: {e}")
            continue
        if not any(finite(sample["value"][1]) for sample in result):
            problem(f"{where}: no data from Prometheus (no series, or only NaN): {filled}")

    # Alerting rules, as the Prometheus under test loaded and evaluated them.
    rules = [r for g in api(args.prometheus, "/api/v1/rules")["groups"] for r in g["rules"]]
    if not rules:
        problem("Prometheus loaded no rules")
    for rule in rules:
        where = f"rule {rule['name']}"
        if rule.get("health") != "ok":
            problem(f"{where}: health {rule.get('health')!r} {rule.get('lastError', '')}")
        check_expr(where, rule["query"], exposed, prometheus_series)
        if "severity" not in rule.get("labels", {}):
            problem(f"{where}: no severity label")
        for key in ("summary", "description"):
            if key not in rule.get("annotations", {}):
                problem(f"{where}: no {key} annotation")

    if problems:
        print("check-deploy: FAILED:", *problems, sep="\n  ")
        sys.exit(1)
    print(f"check-deploy: ok: {len(queries)} dashboard queries and {len(rules)} rules name only exposed series "
          f"({len(exposed)} exposed by the gateway, {sorted(prometheus_series)} from Prometheus); "
          "every panel query returned data, every rule evaluated")


if __name__ == "__main__":
    main()
