"""The rule set: every rule the engine knows, listed by family.

Installed as ``derive.rules``; the engine imports the families from here.
"""
from __future__ import annotations

FAMILIES = {
    "def": "Definitions",
    "d": "Differentiation",
    "alg": "Algebraic rewrites",
}


def all_rules() -> tuple:
    """Every rule, family by family, in the order the engine tries them."""
    from .algebra import RULES as ALG
    from .definitions import RULES as DEF
    from .differentiation import RULES as DIFF, ByDefinition, Known, Named
    from .evaluation import RULES as EVALUATION
    from .identities import RULES as IDENTITIES
    from .indexed import RULES as INDEXED
    from .piecewise import RULES as PIECEWISE
    from .solving import RULES as SOLVING

    extra = tuple(r for r in PIECEWISE + INDEXED if r not in DIFF)
    # d-definition, d-known and d-named are configured per derivation (functions known by
    # definition, the first derivative, the catalog functions named in the definition)
    return tuple(DEF) + (ByDefinition(), Known(), Named()) + tuple(DIFF) + tuple(ALG) + tuple(IDENTITIES) + tuple(SOLVING) + tuple(EVALUATION) + extra


def by_id(rule_id: str):
    """The rule with that id (KeyError if there is none)."""
    for rule in all_rules():
        if rule.id == rule_id:
            return rule
    raise KeyError(rule_id)
