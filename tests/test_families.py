"""Periodic families of joints (derive/families.py): one family where the one-sided derivatives
agree at every member, with f's values there as a function of the member where they alternate."""
import pytest
from sympy import Abs, Max, Min, Piecewise, Symbol, cos, diff, limit, pi, piecewise_fold, sin, sqrt, sympify

from derive.families import families
from derive.parse import symbol
from derive.rules.piecewise import WRITE_PIECEWISE

x = symbol("x")
k = Symbol("k", integer=True)


def pieces(f):
    return WRITE_PIECEWISE.apply(f) or piecewise_fold(f.rewrite(Piecewise))


@pytest.mark.parametrize("f, want", [
    # π/4 and 5π/4: left −√2/2, right √2/2 at both; f = √2/2, then −√2/2: one family of period π
    (Max(sin(x), cos(x)), [("pi/4", "pi", "-sqrt(2)/2", "sqrt(2)/2", "(-1)**k*sqrt(2)/2")]),
    (Min(sin(x), cos(x)), [("pi/4", "pi", "sqrt(2)/2", "-sqrt(2)/2", "(-1)**k*sqrt(2)/2")]),
    (Max(sin(2 * x), cos(2 * x)), [("pi/8", "pi/2", "-sqrt(2)", "sqrt(2)", "(-1)**k*sqrt(2)/2")]),
    # values that agree: one family, its value the same at each
    (Abs(sin(x)), [("0", "pi", "-1", "1", "0")]),
    # one-sided derivatives that differ (0, 1 and −1, 0): two families, as before
    (Max(0, sin(x)), [("0", "2*pi", "0", "1", "0"), ("pi", "2*pi", "-1", "0", "0")]),
    # derivatives equal at π/6 and 5π/6 and values ±√3/2, but the points are not evenly spaced: apart
    (Max(sin(2 * x), cos(x)), None),
])
def test_families_merge_where_the_derivatives_agree(f, want):
    found = families(pieces(f), x)
    if want is None:
        assert len(found) == 4 and all(m.verified for m in found)
        return
    got = [(m.at, m.period, m.left, m.right, m.value) for m in found]
    assert got == [tuple(sympify(v, locals={"k": k}) for v in w) for w in want]
    assert all(m.verified for m in found)


@pytest.mark.parametrize("f", [Max(sin(x), cos(x)), Min(sin(x), cos(x)), Max(sin(2 * x), cos(2 * x)),
                               Abs(sin(x)) * cos(x)])
def test_each_member_has_fs_value_and_sympys_one_sided_limits(f):
    """Independently of the families' check: at members −2 … 3, f's value is the family's value
    and SymPy's one-sided limits of f′ are its left and right derivatives."""
    df = diff(f.rewrite(Abs), x)
    for m in families(pieces(f), x):
        for n in (-2, -1, 0, 1, 3):
            a = m.at + m.period * n
            assert (f.subs(x, a) - m.value.subs(m.index, n)).simplify() == 0
            for side, claimed in (("-", m.left), ("+", m.right)):
                assert (limit(df, x, a, side) - claimed.subs(m.index, n)).simplify() == 0


def test_a_wrong_alternating_value_fails_the_check():
    from dataclasses import replace

    from derive.families import checked

    f = pieces(Max(sin(x), cos(x)))
    (m,) = families(f, x)
    assert not checked(replace(m, value=sqrt(2) / 2, verified=False), f, x).verified
    assert checked(replace(m, verified=False), f, x).verified
    assert m.member(1) == 5 * pi / 4 and cos(m.member(1)) == -sqrt(2) / 2
