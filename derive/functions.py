"""Two functions SymPy's core lacks: ln(1 + u) and e^u − 1 computed without cancellation.

SymPy has them in ``sympy.codegen.cfunctions``, but importing that module loads its code
generation tree (about 4 ms of start-up for two small classes); these are the same
functions, with the same names, evaluated by mpmath's ``log1p`` and ``expm1``.
"""
from __future__ import annotations

from sympy import Function, S, exp, log
from sympy.core.function import ArgumentIndexError


class log1p(Function):  # noqa: N801 - the name users and SymPy's printers know it by
    """ln(1 + u), exact where 1 + u would round to 1; defined for u > −1."""

    nargs = 1

    @classmethod
    def eval(cls, arg):
        if arg.is_Rational:
            return log(arg + S.One)
        return None

    def fdiff(self, argindex=1):
        if argindex != 1:
            raise ArgumentIndexError(self, argindex)
        return S.One / (self.args[0] + S.One)

    def _eval_rewrite_as_log(self, arg, **kwargs):
        return log(arg + S.One)

    def _eval_is_real(self):
        return (self.args[0] + S.One).is_positive or None


class expm1(Function):  # noqa: N801
    """e^u − 1, exact where e^u would round to 1."""

    nargs = 1

    @classmethod
    def eval(cls, arg):
        value = exp.eval(arg)
        return None if value is None else value - S.One

    def fdiff(self, argindex=1):
        if argindex != 1:
            raise ArgumentIndexError(self, argindex)
        return exp(self.args[0])

    def _eval_rewrite_as_exp(self, arg, **kwargs):
        return exp(arg) - S.One

    def _eval_is_real(self):
        return self.args[0].is_real
