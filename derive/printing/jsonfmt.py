"""A derivation as JSON, schema 1.

Every expression string is SymPy syntax that ``sympy.parse_expr`` reads back.
"""
from __future__ import annotations

import json

from ..step import Step
from .latex import latex_names
from ..order import in_writing
from .written import to_latex, to_sympy

SCHEMA = 1


def step_dict(step: Step, names: dict) -> dict:
    out = {
        "rule": step.rule,
        "title": step.title,
        "expression": to_sympy(step.expression),
        "latex": to_latex(step.expression, names, source_forms=False),
        "verified": step.verified,
        "substeps": [step_dict(s, names) for s in step.substeps],
    }
    if step.before is not None:
        out["before"] = to_sympy(step.before)
    if step.lhs is not None:
        out["lhs"] = to_sympy(step.lhs)
    if step.value is not None:
        out["value"] = to_sympy(step.value)
    if step.where is not None:
        out["where"] = to_sympy(step.where)
    if step.let:
        out["let"] = {"symbol": to_sympy(step.let[0]), "expression": to_sympy(step.let[1])}
    return out


def kink_dict(k, d) -> dict:
    sub = k.subgradient(d.parameter_values)
    return {
        "rule": "d-joint",
        "at": to_sympy(k.at), "left": to_sympy(k.left), "right": to_sympy(k.right),
        "pytorch": None if k.pytorch is None else to_sympy(k.pytorch),
        "continuous": k.continuous, "differentiable": k.differentiable,
        "subgradient": None if sub is None else [to_sympy(v) for v in sub], "verified": k.verified,
        "value": None if k.value is None else to_sympy(k.value), "point": k.point,
        "limit": None if k.limit is None else to_sympy(k.limit),
        "period": None if k.period is None else to_sympy(k.period),
        "index": None if k.index is None else str(k.index),
        "equation": None if getattr(k, "equation", None) is None else to_sympy(k.equation),
        "derivative_limit": None if k.slope_limit_exists is None else {
            "exists": k.slope_limit_exists, "value": None if k.slope_limit is None else to_sympy(k.slope_limit)},
    }


@in_writing
def as_dict(d) -> dict:
    names = latex_names(d)
    return {
        "schema": SCHEMA,
        "input": d.input,
        "name": d.name,
        "variable": str(d.variable.base) if d.indices else str(d.variable),
        "indices": [str(i) for i in d.indices],
        "symbol": str(d.symbol).split("_")[0] if d.indices else str(d.symbol),
        "parameters": dict(d.parameters),
        "constants": [str(c) for c in d.constants],
        "definition": to_sympy(d.definition),
        "written": to_sympy(d.written),
        "derivative": to_sympy(d.derivative),
        "written_derivative": to_sympy(d.written_derivative),
        "output_form": None if d.output_form is None else to_sympy(d.output_form),
        "cached_form": None if d.cached_form is None else {
            "form": to_sympy(d.cached_form), "values": {str(t): to_sympy(c) for t, c in d.cached_values}},
        "cost": d.cost,
        "domain": None if d.domain is None else to_sympy(d.domain),  # where the Result holds: "x > 0"
        "note": d.note or None,
        "steps": [step_dict(s, names) for s in d.steps],
        "alternatives": [step_dict(s, names) for s in d.alternatives],
        "kinks": [kink_dict(k, d) for k in d.kinks],
        "stated": dict(d.stated),  # what is stated beside the steps ("output_form", "witness", …) → checked
        "verified": d.verified,
    }


def render(derivations: list) -> str:
    data = [as_dict(d) for d in derivations]
    return json.dumps(data[0] if len(data) == 1 else data, indent=2, ensure_ascii=False) + "\n"


CATALOG_KEYS = ("name", "parameters", "definition", "derivative", "output_form", "cached_form", "kinks", "cost",
                "verified")


def catalog_entry(d, entry) -> dict:
    """One row of ``derive --list --format json``: what the entry's derivation found, without its steps."""
    full = as_dict(d)
    return {"name": entry.name, "aliases": list(entry.aliases), "title": entry.title, "variable": str(d.variable),
            **{k: full[k] for k in CATALOG_KEYS if k != "name"}, "remark": entry.remark or None,
            "given": dict(entry.given)}
